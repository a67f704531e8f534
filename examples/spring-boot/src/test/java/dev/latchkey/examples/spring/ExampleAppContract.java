package dev.latchkey.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example end to end over real HTTP: sign-up, sign-in with two-factor authentication, the
 * sessions list and revocation, API keys and the API they open. Each database runs it through a
 * subclass; every test uses accounts of its own.
 */
abstract class ExampleAppContract {
  static final String PASSWORD = "Quiet-Harbour-42";
  /** A key made for the tests only (32 bytes, Base64). */
  static final String TEST_KEYS = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @LocalServerPort int port;
  @Autowired MutableClock clock;

  @BeforeEach
  void nextTimeStep() {
    // Every test starts on fresh TOTP steps, so no code is a replay of another test's.
    clock.advance(Duration.ofMinutes(5));
  }

  Browser browser() {
    return new Browser(port);
  }

  static String email() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  /** A new account, signed in in {@code b}. */
  static String signUpAndIn(Browser b) {
    String email = email();
    assertThat(b.post("/api/signup", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(201);
    Browser.Response login = b.post("/api/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().path("status").asText()).isEqualTo("signed_in");
    return email;
  }

  @Test
  void signUpSignInMeAndSignOut() {
    Browser b = browser();
    String email = signUpAndIn(b);
    Browser.Response me = b.get("/api/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().path("email").asText()).isEqualTo(email);

    assertThat(b.post("/api/logout", Map.of()).status()).isEqualTo(204);
    Browser.Response after = b.get("/api/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.errorCode()).isEqualTo("unauthenticated");
  }

  @Test
  void signUpAndSignInRefusals() {
    Browser b = browser();
    Browser.Response weak = b.post("/api/signup", Map.of("email", email(), "password", "short"));
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.errorCode()).isEqualTo("weak_password");
    assertThat(weak.json().path("error").path("details").isArray()).isTrue();

    String email = signUpAndIn(browser());
    Browser.Response taken = b.post("/api/signup", Map.of("email", email, "password", PASSWORD));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.errorCode()).isEqualTo("email_taken");

    Browser.Response wrong = b.post("/api/login", Map.of("email", email, "password", "Wrong-1x!"));
    Browser.Response unknown = b.post("/api/login",
        Map.of("email", email(), "password", PASSWORD));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("invalid_credentials")
        .isEqualTo(unknown.errorCode());
  }

  @Test
  void crossSiteSignInAndCrossSiteStateChangeAreRefused() {
    Browser b = browser();
    Browser.Response login = b.post("/api/login", Map.of("email", email(), "password", PASSWORD),
        "Origin", "https://evil.example");
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.errorCode()).isEqualTo("cross_site_request");

    signUpAndIn(b);
    Browser.Response revokeAll = b.post("/api/security/sessions/revoke-all", Map.of(),
        "Sec-Fetch-Site", "cross-site");
    assertThat(revokeAll.status()).isEqualTo(403);
    assertThat(b.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void twoFactorSetUpThenSignInWithTotpAndWithABackupCode() {
    Browser b = browser();
    String email = signUpAndIn(b);
    JsonNode setup = b.post("/api/security/2fa/setup", Map.of()).json();
    String secret = setup.path("secret").asText();
    assertThat(setup.path("qr_png").asText()).startsWith("data:image/png;base64,");

    Browser.Response confirm = b.post("/api/security/2fa/confirm",
        Map.of("code", totp(secret, clock.instant())));
    assertThat(confirm.status()).isEqualTo(200);
    List<String> backupCodes = new ArrayList<>();
    confirm.json().path("backup_codes").forEach(n -> backupCodes.add(n.asText()));
    assertThat(backupCodes).hasSize(10);
    // The change of factor re-keyed this session; the browser took the new cookie.
    assertThat(b.get("/api/security/2fa").json().path("enabled").asBoolean()).isTrue();

    clock.advance(Duration.ofSeconds(30));
    Browser other = browser();
    JsonNode first = other.post("/api/login", Map.of("email", email, "password", PASSWORD))
        .json();
    assertThat(first.path("status").asText()).isEqualTo("mfa_required");
    assertThat(other.get("/api/me").status()).isEqualTo(401);
    Browser.Response wrong = other.post("/api/login/mfa",
        Map.of("mfa_token", first.path("mfa_token").asText(), "code", "000000"));
    assertThat(wrong.status()).isEqualTo(401);
    Browser.Response second = other.post("/api/login/mfa",
        Map.of("mfa_token", first.path("mfa_token").asText(),
            "code", totp(secret, clock.instant())));
    assertThat(second.status()).isEqualTo(200);
    assertThat(other.get("/api/me").status()).isEqualTo(200);

    Browser third = browser();
    String token = third.post("/api/login", Map.of("email", email, "password", PASSWORD))
        .json().path("mfa_token").asText();
    assertThat(third.post("/api/login/mfa", Map.of("mfa_token", token,
        "code", backupCodes.get(0))).status()).isEqualTo(200);
    assertThat(b.get("/api/security/2fa").json().path("backup_codes_remaining").asInt())
        .isEqualTo(9);
  }

  @Test
  void sessionsListAndARevokedSessionLosesAccessOnItsNextRequest() {
    Browser laptop = browser();
    String email = signUpAndIn(laptop);
    Browser phone = browser();
    assertThat(phone.post("/api/login", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(200);

    JsonNode sessions = laptop.get("/api/security/sessions").json();
    assertThat(sessions).hasSize(2);
    String phoneSession = null;
    for (JsonNode s : sessions) {
      if (!s.path("current").asBoolean()) {
        phoneSession = s.path("id").asText();
      }
    }
    assertThat(phoneSession).isNotNull();
    assertThat(phone.get("/api/me").status()).isEqualTo(200);

    assertThat(laptop.delete("/api/security/sessions/" + phoneSession).status()).isEqualTo(204);

    Browser.Response revoked = phone.get("/api/me");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.errorCode()).isEqualTo("session_revoked");
    assertThat(laptop.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void apiKeysOpenTheApiAsFarAsTheirPermission() {
    Browser b = browser();
    signUpAndIn(b);
    Browser.Response created = b.post("/api/api-keys",
        Map.of("name", "reporting", "permission", "read_only"));
    assertThat(created.status()).isEqualTo(201);
    String readOnly = created.json().path("key").asText();
    assertThat(readOnly).startsWith("lk_live_");
    assertThat(b.get("/api/api-keys").json().get(0).has("key")).isFalse();

    Browser api = browser();
    Browser.Response none = api.get("/v1/credits");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");

    Browser.Response credits = api.get("/v1/credits", "Authorization", "Bearer " + readOnly);
    assertThat(credits.status()).isEqualTo(200);
    assertThat(credits.json().path("credits").asInt()).isEqualTo(1200);

    Browser.Response write = api.post("/v1/messages", Map.of("text", "hi"),
        "Authorization", "Bearer " + readOnly);
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.errorCode()).isEqualTo("insufficient_scope");
    assertThat(write.header("WWW-Authenticate")).isEqualTo(
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read_write\"");

    String readWrite = b.post("/api/api-keys",
        Map.of("name", "sender", "permission", "read_write")).json().path("key").asText();
    assertThat(api.post("/v1/messages", Map.of("text", "hi"),
        "Authorization", "Bearer " + readWrite).status()).isEqualTo(202);
    Browser.Response admin = api.get("/v1/admin/usage", "Authorization", "Bearer " + readWrite);
    assertThat(admin.status()).isEqualTo(403);
    assertThat(admin.header("WWW-Authenticate")).contains("scope=\"admin\"");

    // A key cannot manage the account: /api is for the signed-in user.
    assertThat(api.get("/api/api-keys", "Authorization", "Bearer " + readWrite).status())
        .isEqualTo(403);

    String id = created.json().path("id").asText();
    assertThat(b.delete("/api/api-keys/" + id).status()).isEqualTo(204);
    Browser.Response revoked = api.get("/v1/credits", "Authorization", "Bearer " + readOnly);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void powerfulKeyNeedsARecentSignIn() {
    Browser b = browser();
    signUpAndIn(b);
    clock.advance(Duration.ofMinutes(11));
    Browser.Response late = b.post("/api/api-keys",
        Map.of("name", "deploys", "permission", "admin"));
    assertThat(late.status()).isEqualTo(403);
    assertThat(late.errorCode()).isEqualTo("reauthentication_required");
    assertThat(b.post("/api/api-keys", Map.of("name", "reader", "permission", "read_only"))
        .status()).isEqualTo(201);
  }

  @Test
  void healthShowsTheStores() {
    JsonNode health = browser().get("/actuator/health").json();
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("components").path("latchkey").path("status").asText())
        .isEqualTo("UP");
  }

  // --- TOTP ---------------------------------------------------------------------------------

  /** The code an authenticator app shows at {@code at} for the grouped Base32 secret. */
  static String totp(String groupedSecret, Instant at) {
    try {
      TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
      SecretKeySpec key = new SecretKeySpec(base32(groupedSecret), "HmacSHA1");
      return String.format(Locale.ROOT, "%06d", generator.generateOneTimePassword(key, at));
    } catch (InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }

  /** RFC 4648 Base32, ignoring spaces, case and padding. */
  static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int i = 0;
    for (char c : s.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out[i++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }
}
