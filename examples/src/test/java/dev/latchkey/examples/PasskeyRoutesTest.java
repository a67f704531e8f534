package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passkey routes over HTTP: what the page is given for each ceremony, and every refusal a
 * client can reach without an authenticator (the whole ceremony, with Chromium's virtual
 * authenticator, is in {@link PasskeyBrowserTest}).
 */
class PasskeyRoutesTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final MovableClock CLOCK = new MovableClock(Instant.now());

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data")),
        CLOCK, router -> { });
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser signedIn() {
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);
    String email = "pk-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    return b;
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
  }

  @Test
  void aNewAccountHasNoPasskeysAndTheListNeedsASession() {
    Browser b = signedIn();
    Response list = b.get("/api/security/passkeys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json()).isEmpty();
    assertThat(b.get("/api/me").json().get("has_passkey").asBoolean()).isFalse();

    assertError(new Browser(app.port(), Browser.CHROME_ON_MAC).get("/api/security/passkeys"), 401,
        "unauthenticated");
  }

  @Test
  void registrationOptionsAreWebAuthnJsonForThisOriginAndNeedARecentSignIn() {
    Browser b = signedIn();
    Response r = b.post("/api/security/passkeys/options", Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode options = r.json().get("options");
    assertThat(options.at("/rp/id").asText()).isEqualTo("localhost");
    assertThat(options.at("/rp/name").asText()).isEqualTo(DemoApp.TOTP_ISSUER);
    assertThat(options.at("/user/name").asText()).startsWith("pk-");
    // base64url without padding: 32 random bytes are 43 characters.
    assertThat(options.get("challenge").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(options.at("/authenticatorSelection/residentKey").asText()).isEqualTo("preferred");
    assertThat(options.get("excludeCredentials")).isEmpty();
    assertThat(options.get("attestation").asText()).isEqualTo("none");
    assertThat(r.json().get("expires_at").asText()).endsWith("Z");

    CLOCK.advance(Duration.ofMinutes(11));
    assertError(b.post("/api/security/passkeys/options", Map.of()), 403,
        "reauthentication_required");
    assertThat(b.post("/api/security/reauthenticate", Map.of("password", PASSWORD)).status())
        .isEqualTo(200);
    assertThat(b.post("/api/security/passkeys/options", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void aCredentialThatIsNotAPasskeyAnswerIsRefusedWithACode() {
    Browser b = signedIn();
    assertThat(b.post("/api/security/passkeys/options", Map.of()).status()).isEqualTo(200);
    assertError(b.post("/api/security/passkeys", Map.of("name", "Laptop")), 400,
        "invalid_request");
    assertError(b.post("/api/security/passkeys", Map.of("name", "Laptop", "credential", "x")),
        400, "invalid_request");
    assertError(b.post("/api/security/passkeys",
        Map.of("name", "Laptop", "credential", Map.of("id", "AAAA", "type", "public-key"))), 400,
        "malformed_response");
    assertError(b.post("/api/security/passkeys",
        Map.of("name", " ", "credential", Map.of("id", "AAAA"))), 422, "invalid_name");
    assertError(b.post("/api/security/passkeys",
        Map.of("name", "x".repeat(65), "credential", Map.of("id", "AAAA"))), 422, "invalid_name");
  }

  @Test
  void passwordlessOptionsComeWithAnHttpOnlyCeremonyCookieThatTheAnswerNeeds() {
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);
    Response r = b.post("/api/login/passkey/options", Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode options = r.json().get("options");
    assertThat(options.get("rpId").asText()).isEqualTo("localhost");
    assertThat(options.get("userVerification").asText()).isEqualTo("required");
    assertThat(options.get("allowCredentials")).isEmpty();
    List<String> cookies = r.allHeaders("Set-Cookie");
    assertThat(cookies).anySatisfy(c -> assertThat(c)
        .startsWith("latchkey_passkey_ceremony=").contains("HttpOnly", "SameSite=Lax", "Path=/")
        .containsPattern("Max-Age=(29\\d|300);"));

    Map<String, Object> garbage = Map.of("credential", Map.of("id", "AAAA"));
    assertError(b.post("/api/login/passkey", garbage), 401, "malformed_response");
    assertThat(b.cookie("latchkey_passkey_ceremony")).as("cleared after one answer").isEmpty();
    // Without the ceremony cookie, an answer is bound to nothing.
    assertError(b.post("/api/login/passkey", garbage), 401, "challenge_not_bound");
    assertThat(b.sessionCookie()).isEmpty();
  }

  @Test
  void theSecondStepOffersAPasskeyOnlyToAnAccountWithOne() {
    assertError(new Browser(app.port(), Browser.CHROME_ON_MAC).post(
        "/api/login/mfa/passkey/options", Map.of("mfa_token", "nope")), 401, "invalid_challenge");
    assertError(new Browser(app.port(), Browser.CHROME_ON_MAC).post("/api/login/mfa/passkey",
        Map.of("mfa_token", "nope", "credential", Map.of("id", "AAAA"))), 401,
        "invalid_challenge");

    // An account with an authenticator app only: the sign-in says so, and has no passkey options.
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);
    String email = "totp-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    assertThat(b.post("/api/security/2fa/confirm", Map.of("code",
        TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant()))).status()).isEqualTo(200);

    Browser other = new Browser(app.port(), Browser.FIREFOX_ON_WINDOWS);
    JsonNode step = other.logIn(email, PASSWORD).json();
    assertThat(step.get("status").asText()).isEqualTo("mfa_required");
    assertThat(step.get("second_factors")).extracting(JsonNode::asText).containsExactly("totp");
    assertError(other.post("/api/login/mfa/passkey/options",
        Map.of("mfa_token", step.get("mfa_token").asText())), 409, "no_passkeys");
  }

  @Test
  void renamingOrRemovingAPasskeyThatIsNotTheAccountsIsNotFound() {
    Browser b = signedIn();
    Response rename = b.send(b.request("/api/security/passkeys/AAAAAAAA")
        .method("PATCH", BodyPublishers.ofString("{\"name\":\"Phone\"}"))
        .header("Content-Type", "application/json"));
    assertError(rename, 404, "passkey_not_found");
    assertError(b.delete("/api/security/passkeys/AAAAAAAA"), 404, "passkey_not_found");
  }

  @Test
  void confirmingItIsYouWithAPasskeyNeedsOne() {
    Browser b = signedIn();
    assertError(b.post("/api/security/reauthenticate/passkey/options", Map.of()), 409,
        "no_passkeys");
    assertError(b.post("/api/security/reauthenticate/passkey",
        Map.of("credential", Map.of("id", "AAAA"))), 422, "malformed_response");
  }

  @Test
  void theOriginDefaultsToLocalhostOnTheServedPortAndCanBeConfigured() {
    DemoConfig config = DemoConfig.defaults();
    assertThat(config.passkeyRpId()).isEqualTo("localhost");
    assertThat(config.passkeyOriginsFor(8123)).containsExactly("http://localhost:8123");
    DemoConfig configured = DemoConfig.from(Map.of("LATCHKEY_PASSKEY_RP_ID", "example.com",
        "LATCHKEY_PASSKEY_ORIGINS", "https://example.com, https://app.example.com"),
        new String[0]);
    assertThat(configured.passkeyOriginsFor(7070))
        .containsExactly("https://example.com", "https://app.example.com");
    assertThat(DemoConfig.from(Map.of("LATCHKEY_PASSKEY_RP_ID", "example.com"), new String[0])
        .passkeyOriginsFor(7070)).containsExactly("https://example.com");
    assertThat(DemoApp.passkeySettings(configured, 7070).rpId()).isEqualTo("example.com");
  }
}
