package dev.latchkey.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.common.KeyRing;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.http.CookieRules;
import dev.latchkey.limits.AttemptPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's share of the security review (issue 9): client address behind proxies, the cookie's
 * {@code __Host-}/{@code Secure} rules, one password length rule.
 */
class DemoHardeningTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    String db = "jdbc:h2:mem:hardening-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withJdbcUrl(db).withTrustProxy(true)
        .withKeys(KeyRing.generate(new SecureRandom(), "test").serialize()));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String email() {
    return "hardening-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void wrongGuessesThroughAnAppendingProxyCountForTheRealClientWhateverItsHeaderSays() {
    // The client sends its own X-Forwarded-For; the proxy appends the address it saw. Taking the
    // left-most entry gave 40 guesses across accounts with no 429 (then 20 failures were free per
    // address; now it is the default allowance, sized for shared addresses).
    boolean limited = false;
    for (int n = 0; n <= AttemptPolicy.DEFAULT_CLIENT_FREE_ATTEMPTS && !limited; n++) {
      Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC).from("10.9." + n + ".1, 198.51.100.200");
      Response r = b.logIn(email(), "wrong-password-" + n);
      limited = r.status() == 429;
    }
    assertThat(limited).as("per-client limit reached for the one real client").isTrue();
  }

  @Test
  void cookieOnLocalhostOverHttpIsPlainAndElsewhereHostPrefixedAndSecure() throws IOException {
    String email = email();
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.31");
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    Response local = b.logIn(email, PASSWORD);
    assertThat(local.allHeaders("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith(CookieRules.SESSION_COOKIE + "=").doesNotContain("Secure"));

    String response = rawLogin("demo.example.com", email);
    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response).containsPattern(
        "(?i)set-cookie: __Host-latchkey_session=[^;]+; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void passwordThatPassedSignUpAlwaysSignsInWhateverItsUtf16Length() {
    // 100 × (𝒜 + combining acute): 300 UTF-16 units, NFKC "Á" × 100 — 103 code points with the
    // tail, within the policy's 128. The demo's old 256-unit check refused it at sign-in.
    String password = "\uD835\uDC9C\u0301".repeat(100) + "a1!";
    assertThat(password.length()).isGreaterThan(256);
    String email = email();
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100.32");

    assertThat(b.signUp(email, password).status()).isEqualTo(201);
    assertThat(b.logIn(email, password).status()).isEqualTo(200);
  }

  /** A login over a raw socket, so the Host header can name another host. */
  private static String rawLogin(String host, String email) throws IOException {
    String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    byte[] bytes = body.getBytes(UTF_8);
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/login HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + "User-Agent: " + Browser.CHROME_ON_MAC + "\r\nX-Forwarded-For: 198.51.100.31\r\n"
          + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(UTF_8);
    }
  }
}
