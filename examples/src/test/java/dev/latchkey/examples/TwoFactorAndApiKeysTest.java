package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.http.CookieRules;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.InvalidKeyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, over HTTP: two-factor set-up and sign-in, backup codes, API keys and the API they
 * authenticate, and the sign-in attempt limit.
 *
 * <p>The demo trusts a proxy here so each browser can claim its own client address: the per-client
 * attempt limit would otherwise count every test's sign-ins against 127.0.0.1.
 */
class TwoFactorAndApiKeysTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data"))
        .withTrustProxy(true));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser() {
    int n = NEXT_IP.getAndIncrement();
    return new Browser(app.port(), Browser.CHROME_ON_MAC).from("203.0.113." + (n % 250 + 1));
  }

  private static String signedIn(Browser browser) {
    String email = "user-" + UUID.randomUUID() + "@example.com";
    assertThat(browser.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(browser.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).as(r.text()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("request_id").asText())
        .isEqualTo(r.header("X-Request-Id").orElseThrow());
  }

  // --- TOTP helpers ------------------------------------------------------------------------------

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
      int v = alphabet.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("Not Base32: " + c);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[i++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  @Test
  void base32DecodesTheRfcVector() {
    assertThat(new String(base32("MZXW6YTBOI======"), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("foobar");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String mfaToken(Browser b, String email) {
    Response r = b.logIn(email, PASSWORD);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("mfa_required");
    assertThat(r.allHeaders("Set-Cookie")).noneMatch(c -> c.startsWith(CookieRules.SESSION_COOKIE + "=")
        && !c.startsWith(CookieRules.SESSION_COOKIE + "=;"));
    return r.json().get("mfa_token").asText();
  }

  private static Response completeMfa(Browser b, String token, String code) {
    return b.post("/api/login/mfa", Map.of("mfa_token", token, "code", code));
  }

  // --- Two-factor authentication -----------------------------------------------------------------

  @Test
  void enableTwoFactorThenSignInWithTotpAndBackupCodesThenDisable() {
    Browser b = browser();
    String email = signedIn(b);

    JsonNode status = b.get("/api/security/2fa").json();
    assertThat(status.get("enabled").asBoolean()).isFalse();

    Response setup = b.post("/api/security/2fa/setup", Map.of());
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    String secret = setup.json().get("secret").asText();
    assertThat(secret).matches("[A-Z2-7]{4}( [A-Z2-7]{1,4})+");
    assertThat(setup.json().get("otpauth_uri").asText())
        .startsWith("otpauth://totp/")
        .contains("secret=" + secret.replace(" ", ""))
        .contains("issuer=Latchkey");
    assertThat(setup.json().get("qr_png").asText()).startsWith("data:image/png;base64,");
    assertThat(setup.json().get("qr_svg").asText()).contains("<svg");

    // A wrong code does not enable anything.
    String now = totp(secret, Instant.now());
    String wrong = now.equals("000000") ? "111111" : "000000";
    assertError(b.post("/api/security/2fa/confirm", Map.of("code", wrong)), 422, "invalid_code");
    assertThat(b.get("/api/security/2fa").json().get("enabled").asBoolean()).isFalse();

    Response confirm = b.post("/api/security/2fa/confirm", Map.of("code", now));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    List<String> backupCodes = texts(confirm.json().get("backup_codes"));
    assertThat(backupCodes).hasSize(10).doesNotHaveDuplicates();
    assertThat(confirm.json().get("text").asText())
        .startsWith("Latchkey backup codes for " + email + ", generated ")
        .contains(backupCodes.get(0));
    assertError(b.post("/api/security/2fa/setup", Map.of()), 409, "already_enabled");
    assertError(b.post("/api/security/2fa/confirm", Map.of("code", now)), 422,
        "no_pending_enrollment");

    status = b.get("/api/security/2fa").json();
    assertThat(status.get("enabled").asBoolean()).isTrue();
    assertThat(status.get("backup_codes_remaining").asInt()).isEqualTo(10);
    assertThat(status.get("backup_codes_low").asBoolean()).isFalse();

    assertThat(b.post("/api/logout", Map.of()).status()).isEqualTo(204);

    // Password right: no session yet, only a challenge.
    String token = mfaToken(b, email);
    assertThat(b.sessionCookie()).isEmpty();
    assertError(b.get("/api/me"), 401, "unauthenticated");
    // The next time step's code: the window accepts it, and it is newer than the one used to
    // confirm, which the replay rule has spent.
    String next = totp(secret, Instant.now().plusSeconds(30));
    Response done = completeMfa(b, token, next);
    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(done.json().get("status").asText()).isEqualTo("signed_in");
    assertThat(b.get("/api/me").status()).isEqualTo(200);
    // A challenge is single use.
    assertError(completeMfa(b, token, next), 401, "invalid_challenge");

    // The same code on a new challenge: replayed.
    Browser other = browser();
    String token2 = mfaToken(other, email);
    assertError(completeMfa(other, token2, next), 401, "invalid_code");
    assertThat(other.sessionCookie()).isEmpty();

    // A backup code works once.
    Response withBackup = completeMfa(other, token2, backupCodes.get(0).toUpperCase(Locale.ROOT));
    assertThat(withBackup.status()).as(withBackup.text()).isEqualTo(200);
    // A backup code was spent: the answer says how many are left (the page shows it at once).
    assertThat(withBackup.json().get("backup_codes_remaining").asInt()).isEqualTo(9);
    assertThat(other.get("/api/me").status()).isEqualTo(200);
    Browser third = browser();
    assertError(completeMfa(third, mfaToken(third, email), backupCodes.get(0)), 401,
        "invalid_code");
    assertThat(b.get("/api/security/2fa").json().get("backup_codes_remaining").asInt())
        .isEqualTo(9);

    // Regenerating needs a fresh TOTP code: a spent one is refused, saying it was used (it was
    // the current code: "not valid" would send the user hunting for a typo), and the codes stay.
    Response spent = b.post("/api/security/2fa/backup-codes", Map.of("code", next));
    assertError(spent, 422, "code_already_used");
    assertThat(spent.json().at("/error/message").asText()).contains("Wait for the next code");
    assertError(b.post("/api/security/2fa/backup-codes", Map.of("code", backupCodes.get(1))), 422,
        "invalid_code");

    // Disable with a backup code (a wrong one first).
    assertError(b.post("/api/security/2fa/disable", Map.of("code", "2222-2222-2222-2222")), 422,
        "invalid_code");
    Response disabled = b.post("/api/security/2fa/disable", Map.of("code", backupCodes.get(1)));
    assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
    // The browser that signed in with a backup code was signed out by the change.
    assertThat(disabled.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(other.get("/api/me"), 401, "session_revoked");
    assertThat(b.get("/api/security/2fa").json().get("enabled").asBoolean()).isFalse();

    // Password alone signs in again.
    Browser fourth = browser();
    Response plain = fourth.logIn(email, PASSWORD);
    assertThat(plain.json().get("status").asText()).isEqualTo("signed_in");
  }

  @Test
  void twoFactorEndpointsNeedASession() {
    Browser b = browser();
    assertError(b.get("/api/security/2fa"), 401, "unauthenticated");
    assertError(b.post("/api/security/2fa/setup", Map.of()), 401, "unauthenticated");
    assertError(b.get("/api/api-keys"), 401, "unauthenticated");
  }

  @Test
  void unknownMfaTokenIsInvalidChallenge() {
    assertError(completeMfa(browser(), "not-a-real-token", "123456"), 401, "invalid_challenge");
  }

  /** A well-formed code that is not the app's code for any step near now. */
  private static String wrongCode(String secret) {
    Instant now = Instant.now();
    Set<String> near = new java.util.HashSet<>();
    for (int step = -2; step <= 2; step++) {
      near.add(totp(secret, now.plusSeconds(30L * step)));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format(Locale.ROOT, "%06d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }

  /** Sets up and confirms two-factor authentication; returns the secret. */
  private static String enableTwoFactor(Browser b) {
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Response confirm = b.post("/api/security/2fa/confirm",
        Map.of("code", totp(secret, Instant.now())));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    return secret;
  }

  private static void assertTooManyAttempts(Response r) {
    assertError(r, 429, "too_many_attempts");
    assertThat(r.header("Retry-After")).hasValueSatisfying(
        v -> assertThat(Long.parseLong(v)).isBetween(1L, 30L));
  }

  /**
   * The 2FA settings endpoints answer 429 with Retry-After from Latchkey's typed Locked results:
   * the sixth wrong code in a row is refused, even when it is the right one.
   */
  @Test
  void sixWrongCodesAtConfirmDisableOrRegenerateThen429WithRetryAfter() {
    Browser confirming = browser();
    signedIn(confirming);
    String secret = confirming.post("/api/security/2fa/setup", Map.of()).json().get("secret")
        .asText();
    for (int i = 0; i < 5; i++) {
      assertError(confirming.post("/api/security/2fa/confirm", Map.of("code", wrongCode(secret))),
          422, "invalid_code");
    }
    assertTooManyAttempts(confirming.post("/api/security/2fa/confirm",
        Map.of("code", totp(secret, Instant.now()))));
    assertThat(confirming.get("/api/security/2fa").json().get("enabled").asBoolean()).isFalse();

    Browser disabling = browser();
    signedIn(disabling);
    String disablingSecret = enableTwoFactor(disabling);
    for (int i = 0; i < 5; i++) {
      assertError(disabling.post("/api/security/2fa/disable",
          Map.of("code", wrongCode(disablingSecret))), 422, "invalid_code");
    }
    assertTooManyAttempts(disabling.post("/api/security/2fa/disable",
        Map.of("code", totp(disablingSecret, Instant.now().plusSeconds(30)))));
    assertThat(disabling.get("/api/security/2fa").json().get("enabled").asBoolean()).isTrue();

    Browser regenerating = browser();
    signedIn(regenerating);
    String regeneratingSecret = enableTwoFactor(regenerating);
    for (int i = 0; i < 5; i++) {
      assertError(regenerating.post("/api/security/2fa/backup-codes",
          Map.of("code", wrongCode(regeneratingSecret))), 422, "invalid_code");
    }
    assertTooManyAttempts(regenerating.post("/api/security/2fa/backup-codes",
        Map.of("code", totp(regeneratingSecret, Instant.now().plusSeconds(30)))));
    assertThat(regenerating.get("/api/security/2fa").json().get("backup_codes_remaining").asInt())
        .isEqualTo(10);
  }

  // --- Sign-in attempt limit ---------------------------------------------------------------------

  @Test
  void tenWrongPasswordsThen429WithRetryAfter() {
    Browser b = browser();
    String email = "user-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    Response last = null;
    for (int i = 0; i < 10; i++) {
      last = b.logIn(email, "wrong password " + i);
      assertThat(last.status()).isIn(401, 429);
    }
    assertError(last, 429, "too_many_attempts");
    assertThat(last.header("Retry-After")).hasValueSatisfying(
        v -> assertThat(Long.parseLong(v)).isPositive());
    // Locked even with the right password, until the wait is over.
    assertError(b.logIn(email, PASSWORD), 429, "too_many_attempts");
  }

  // --- API keys ----------------------------------------------------------------------------------

  private static Response createKey(Browser b, String name, String permission) {
    return b.post("/api/api-keys", Map.of("name", name, "permission", permission));
  }

  private static Response api(Browser b, String method, String path, String key) {
    HttpRequest.Builder r = b.request(path);
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    if (method.equals("POST")) {
      r.header("Content-Type", "application/json")
          .POST(BodyPublishers.ofString("{\"to\":\"+15550100\",\"text\":\"hi\"}"));
    } else {
      r.GET();
    }
    return b.send(r);
  }

  @Test
  void apiKeysCreateListAuthorizeRevokeAndRotate() {
    Browser b = browser();
    signedIn(b);
    Browser curl = browser(); // no cookie: the key alone authenticates

    Response created = createKey(b, "Staging backend", "read_only");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String key = created.json().get("key").asText();
    JsonNode info = created.json().get("api_key");
    String id = info.get("id").asText();
    assertThat(info.get("name").asText()).isEqualTo("Staging backend");
    assertThat(info.get("permission").asText()).isEqualTo("read_only");
    assertThat(info.get("status").asText()).isEqualTo("active");
    assertThat(info.get("hint").asText()).endsWith(key.substring(key.length() - 4));
    assertThat(info.has("key")).isFalse();

    Response list = b.get("/api/api-keys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.text()).doesNotContain(key);
    assertThat(list.json()).hasSize(1);
    assertThat(list.json().get(0).get("id").asText()).isEqualTo(id);
    for (String field : List.of("id", "name", "hint", "permission", "environment", "created_at",
        "last_used_at", "expires_at", "status")) {
      assertThat(list.json().get(0).has(field)).as(field).isTrue();
    }

    Response credits = api(curl, "GET", "/v1/credits", key);
    assertThat(credits.status()).as(credits.text()).isEqualTo(200);
    assertThat(credits.json().get("credits").asInt()).isEqualTo(1000);
    assertThat(credits.json().get("currency").asText()).isEqualTo("USD");

    Response message = api(curl, "POST", "/v1/messages", key);
    assertError(message, 403, "insufficient_scope");
    assertThat(message.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("Bearer ").contains("realm=\"latchkey-demo\"")
        .contains("error=\"insufficient_scope\""));
    assertThat(api(curl, "GET", "/v1/admin/usage", key).status()).isEqualTo(403);

    assertThat(b.delete("/api/api-keys/" + id).status()).isEqualTo(204);
    Response revoked = api(curl, "GET", "/v1/credits", key);
    assertError(revoked, 401, "invalid_api_key");
    assertThat(revoked.header("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).contains("error=\"invalid_token\""));
    assertThat(b.get("/api/api-keys").json().get(0).get("status").asText()).isEqualTo("revoked");
    assertError(b.delete("/api/api-keys/no-such-key"), 404, "api_key_not_found");

    // Rotation with no grace: the old key stops at once, the new one works.
    Response writer = createKey(b, "Writer", "read_write");
    String oldKey = writer.json().get("key").asText();
    String writerId = writer.json().get("api_key").get("id").asText();
    Response sent = api(curl, "POST", "/v1/messages", oldKey);
    assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    assertThat(sent.json().get("id").asText()).startsWith("msg_");
    assertThat(sent.json().get("status").asText()).isEqualTo("queued");

    Response rotated = b.post("/api/api-keys/" + writerId + "/rotate",
        Map.of("grace_seconds", 0));
    assertThat(rotated.status()).as(rotated.text()).isEqualTo(201);
    String newKey = rotated.json().get("key").asText();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(rotated.json().get("api_key").get("permission").asText()).isEqualTo("read_write");
    assertThat(api(curl, "GET", "/v1/credits", oldKey).status()).isEqualTo(401);
    assertThat(api(curl, "GET", "/v1/credits", newKey).status()).isEqualTo(200);
    assertError(b.post("/api/api-keys/" + writerId + "/rotate", Map.of()), 409,
        "api_key_already_rotated");

    // Admin reaches the admin endpoint.
    String admin = createKey(b, "Ops", "admin").json().get("key").asText();
    assertThat(api(curl, "GET", "/v1/admin/usage", admin).status()).isEqualTo(200);

    // Another account sees none of these and cannot revoke them.
    Browser stranger = browser();
    signedIn(stranger);
    assertThat(stranger.get("/api/api-keys").json()).isEmpty();
    assertError(stranger.delete("/api/api-keys/" + writerId), 404, "api_key_not_found");
  }

  @Test
  void invalidKeySpecsAre422WithTheViolationCode() {
    Browser b = browser();
    signedIn(b);
    assertError(createKey(b, "  ", "read_only"), 422, "name_empty");
    assertError(createKey(b, "x".repeat(101), "read_only"), 422, "name_too_long");
    assertError(createKey(b, "Bad", "superuser"), 422, "invalid_permission");
  }

  @Test
  void missingOrMalformedAuthorizationIs401WithABearerChallenge() {
    Browser curl = browser();
    Response missing = api(curl, "GET", "/v1/credits", null);
    assertError(missing, 401, "missing_api_key");
    assertThat(missing.header("WWW-Authenticate")).hasValue("Bearer realm=\"latchkey-demo\"");

    Response garbage = api(curl, "GET", "/v1/credits", "lk_live_nonsense");
    assertError(garbage, 401, "invalid_api_key");
    assertThat(garbage.header("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).contains("error=\"invalid_token\""));

    // POST without JSON is fine for /v1 (no cookie, no CSRF rule): still a 401, not a 403.
    Response post = curl.send(curl.request("/v1/messages").POST(BodyPublishers.noBody()));
    assertThat(post.status()).isEqualTo(401);
  }

  // --- Key ring ----------------------------------------------------------------------------------

  @Test
  void adminUsageCountsTheOwnersRealRequestsAndMessages() {
    Browser b = browser();
    signedIn(b);
    Browser curl = browser();
    String admin = createKey(b, "Ops", "admin").json().get("key").asText();
    String reader = createKey(b, "Dashboard", "read_only").json().get("key").asText();
    assertThat(api(curl, "GET", "/v1/credits", admin).status()).isEqualTo(200);
    assertThat(api(curl, "GET", "/v1/credits", reader).status()).isEqualTo(200);
    assertThat(api(curl, "POST", "/v1/messages", admin).status()).isEqualTo(202);
    assertThat(api(curl, "POST", "/v1/messages", reader).status()).isEqualTo(403);
    assertThat(api(curl, "GET", "/v1/credits", "lk_live_not-a-key").status()).isEqualTo(401);

    Response usage = api(curl, "GET", "/v1/admin/usage", admin);
    assertThat(usage.status()).as(usage.text()).isEqualTo(200);
    // Every authenticated request of the owner's keys, this one included; a refused key is no one's.
    assertThat(usage.json().get("requests").asLong()).isEqualTo(5);
    assertThat(usage.json().get("messages_sent").asLong()).isEqualTo(1);
    assertThat(usage.json().get("period").asText()).isEqualTo("since_start");
    assertThat(usage.json().get("since").asText()).endsWith("Z");
    assertThat(api(curl, "GET", "/v1/admin/usage", admin).json().get("requests").asLong())
        .isEqualTo(6);

    // Another owner's counters are its own.
    Browser other = browser();
    signedIn(other);
    String otherAdmin = createKey(other, "Ops", "admin").json().get("key").asText();
    JsonNode fresh = api(curl, "GET", "/v1/admin/usage", otherAdmin).json();
    assertThat(fresh.get("requests").asLong()).isEqualTo(1);
    assertThat(fresh.get("messages_sent").asLong()).isZero();
  }

  @Test
  void anEmbeddedFirstRunGeneratesAnOwnerOnlyKeyFileAndReusesIt() throws Exception {
    Path keyFile = tempDir.resolve("data").resolve(DemoKeys.FILE_NAME);
    assertThat(keyFile).exists();
    if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(keyFile))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    String content = Files.readString(keyFile);
    DemoConfig config = DemoConfig.defaults().withDataDir(tempDir.resolve("data"));
    assertThat(DemoKeys.load(config, new java.security.SecureRandom()).serialize())
        .isEqualTo(content.strip());
  }

  @Test
  void anExternalDatabaseWithoutKeysFailsClearly() {
    DemoConfig config = DemoConfig.defaults().withJdbcUrl("jdbc:postgresql://db.example/app");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DemoKeys.load(config, new java.security.SecureRandom()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LATCHKEY_KEYS");
    assertThat(Optional.of(config.withKeys("k1:" + "A".repeat(43) + "=")).map(c ->
        DemoKeys.load(c, new java.security.SecureRandom()).primaryKeyId())).hasValue("k1");
  }
}
