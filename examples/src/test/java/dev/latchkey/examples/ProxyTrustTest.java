package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.common.KeyRing;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.http.CookieRules;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For and X-Forwarded-Proto are honoured only with LATCHKEY_TRUST_PROXY=true. */
class ProxyTrustTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";

  private static DemoConfig config(boolean trustProxy) {
    String db = "jdbc:h2:mem:proxy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return DemoConfig.defaults().withPort(0).withJdbcUrl(db).withTrustProxy(trustProxy)
        // An external database needs LATCHKEY_KEYS; no key file is generated for it.
        .withKeys(KeyRing.generate(new SecureRandom(), "test").serialize());
  }

  private static Response logInThroughProxy(Browser b) {
    String email = "proxy-" + UUID.randomUUID() + "@example.com";
    b.signUp(email, PASSWORD);
    return b.send(b.request("/api/login")
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
        .header("X-Forwarded-Proto", "https")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")));
  }

  @Test
  void behindATrustedProxyTheForwardedAddressIsRecordedAndTheCookieIsSecure() {
    try (DemoApp.Running app = DemoApp.start(config(true))) {
      Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);

      Response login = logInThroughProxy(b);

      assertThat(login.status()).isEqualTo(200);
      assertThat(login.allHeaders("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("; Secure"));
      // The jar would not send a Secure cookie over http; replay it by hand.
      String token = login.allHeaders("Set-Cookie").get(0).replaceAll("^[^=]+=([^;]*);.*", "$1");
      Response list = b.send(b.request("/api/security/sessions")
          .header("X-Forwarded-Proto", "https")
          .header("Cookie", CookieRules.session().name(true) + "=" + token));
      assertThat(list.json().get(0).get("ip_address").asText()).isEqualTo("203.0.113.7");
    }
  }

  @Test
  void withoutProxyTrustForwardedHeadersAreIgnored() {
    try (DemoApp.Running app = DemoApp.start(config(false))) {
      Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);

      Response login = logInThroughProxy(b);

      assertThat(login.status()).isEqualTo(200);
      assertThat(login.allHeaders("Set-Cookie")).noneSatisfy(
          c -> assertThat(c).contains("Secure"));
      Response list = b.get("/api/security/sessions");
      assertThat(list.json().get(0).get("ip_address").asText()).isNotEqualTo("203.0.113.7");
      assertThat(b.post("/api/logout", Map.of()).status()).isEqualTo(204);
    }
  }
}
