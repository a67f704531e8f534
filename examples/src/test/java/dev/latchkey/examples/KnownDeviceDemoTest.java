package dev.latchkey.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.common.KeyRing;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.http.CookieRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's known-device cookie (issue 9, item 7): set at every sign-in with the session cookie's
 * rules, sent back at the next, and what it buys — a browser that signed in before still signs in
 * when guesses from elsewhere have locked the account.
 */
class KnownDeviceDemoTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    String db = "jdbc:h2:mem:devices-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withJdbcUrl(db).withTrustProxy(true)
        .withKeys(KeyRing.generate(new SecureRandom(), "test").serialize()));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String email() {
    return "device-" + UUID.randomUUID() + "@example.com";
  }

  /** Five wrong passwords from five other addresses: the account is locked for unknown clients. */
  private static void lockFromElsewhere(String email) {
    for (int n = 0; n < 5; n++) {
      Browser attacker = new Browser(app.port(), Browser.FIREFOX_ON_WINDOWS)
          .from("192.0.2." + (n + 10));
      assertThat(attacker.logIn(email, "wrong-guess-" + n).status()).isEqualTo(401);
    }
    Response locked = new Browser(app.port(), Browser.FIREFOX_ON_WINDOWS).from("192.0.2.99")
        .logIn(email, PASSWORD);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).isPresent();
  }

  @Test
  void everySignInSetsADeviceCookieWithTheSessionCookiesRules() throws IOException {
    String email = email();
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.61");
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    Response local = b.logIn(email, PASSWORD);
    assertThat(local.status()).isEqualTo(200);
    assertThat(local.allHeaders("Set-Cookie")).anySatisfy(c -> {
      assertThat(c).matches(CookieRules.DEVICE_COOKIE
          + "=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax");
      long maxAge = Long.parseLong(c.replaceAll(".*Max-Age=(\\d+).*", "$1"));
      assertThat(maxAge).isBetween(179 * 86_400L, 180 * 86_400L);
    });

    String response = rawLogin("demo.example.com", email);
    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response).containsPattern("(?i)set-cookie: __Host-latchkey_device=[A-Za-z0-9_-]{43};"
        + " Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void aBrowserThatSignedInBeforeStillSignsInWhenGuessesFromElsewhereLockedTheAccount() {
    String email = email();
    Browser owner = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.62");
    assertThat(owner.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(owner.logIn(email, PASSWORD).status()).isEqualTo(200);
    String first = owner.cookie(CookieRules.DEVICE_COOKIE).orElseThrow();

    lockFromElsewhere(email);

    Browser newLaptop = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.62");
    assertThat(newLaptop.logIn(email, PASSWORD).status())
        .as("same address, but a browser the account does not know").isEqualTo(429);
    Response known = owner.logIn(email, PASSWORD);
    assertThat(known.status()).as(known.text()).isEqualTo(200);
    assertThat(known.json().path("status").asText()).isEqualTo("signed_in");
    assertThat(owner.cookie(CookieRules.DEVICE_COOKIE)).hasValueSatisfying(next ->
        assertThat(next).as("replaced at each sign-in").isNotEqualTo(first));
  }

  @Test
  void signingOutEverywhereForgetsTheBrowsersDevice() {
    String email = email();
    Browser owner = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.63");
    assertThat(owner.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(owner.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(owner.cookie(CookieRules.DEVICE_COOKIE)).isPresent();

    Response all = owner.post("/api/security/sessions/revoke-all", Map.of());
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.allHeaders("Set-Cookie")).anySatisfy(c ->
        assertThat(c).startsWith(CookieRules.DEVICE_COOKIE + "=;").contains("Max-Age=0"));

    lockFromElsewhere(email);
    assertThat(owner.logIn(email, PASSWORD).status()).isEqualTo(429);
  }

  /** A login over a raw socket, so the Host header can name another host. */
  private static String rawLogin(String host, String email) throws IOException {
    String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    byte[] bytes = body.getBytes(UTF_8);
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/login HTTP/1.1\r\nHost: " + host
          + "\r\nContent-Type: application/json\r\nUser-Agent: " + Browser.CHROME_ON_MAC
          + "\r\nX-Forwarded-For: 198.51.100.61\r\nContent-Length: " + bytes.length
          + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
      out.write(bytes);
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      s.getInputStream().transferTo(all);
      return all.toString(UTF_8);
    }
  }
}
