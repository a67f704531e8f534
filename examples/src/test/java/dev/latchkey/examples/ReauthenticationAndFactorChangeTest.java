package dev.latchkey.examples;

import static dev.latchkey.examples.AccountProtectionTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, over HTTP, issue 9 items 2 and 3 in the demo: a change of factor signs the other
 * browsers (a thief's included) out, re-keys this browser's cookie and says how many sessions ended;
 * a sensitive action from a session that signed in more than 10 minutes ago answers 403
 * {@code reauthentication_required} until {@code POST /api/security/reauthenticate} accepts the
 * password or a code.
 *
 * <p>The demo runs on a clock the test moves, so nothing sleeps. It trusts a proxy so each browser
 * has its own client address.
 */
class ReauthenticationAndFactorChangeTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String NEW_PASSWORD = "Purple-Staple-Orbit-42";
  /** Past the default 10-minute window, well within the 30-minute idle timeout. */
  private static final Duration STALE = Duration.ofMinutes(11);
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
  private static final MovableClock CLOCK = new MovableClock(Instant.now());

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data"))
        .withTrustProxy(true), CLOCK, router -> { });
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser(String userAgent) {
    int n = NEXT_IP.getAndIncrement();
    return new Browser(app.port(), userAgent).from("192.0.2." + (n % 250 + 1));
  }

  private static Browser browser() {
    return browser(Browser.CHROME_ON_MAC);
  }

  private static String signedIn(Browser b) {
    String email = "user-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  private static Response createKey(Browser b, String permission) {
    return b.post("/api/api-keys", Map.of("name", "ci-" + permission, "permission", permission));
  }

  private static Response reauthenticate(Browser b, String field, String value) {
    return b.post("/api/security/reauthenticate", Map.of(field, value));
  }

  /** Turns 2FA on for the signed-in browser; returns the secret and the backup codes. */
  private static Map.Entry<String, List<String>> enableTwoFactor(Browser b) {
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Response confirm = b.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    confirm.json().get("backup_codes").forEach(c -> codes.add(c.asText()));
    CLOCK.advance(Duration.ofSeconds(30)); // the confirming code's step is spent
    return Map.entry(secret, codes);
  }

  // --- Item 3: recent authentication ---------------------------------------------------------------

  @Test
  void aStaleSessionMustConfirmItIsYouBeforeMintingAnAdminKey() {
    Browser b = browser();
    signedIn(b);
    assertThat(createKey(b, "admin").status()).isEqualTo(201); // just signed in: recent

    CLOCK.advance(STALE);
    Response refused = createKey(b, "admin");
    assertError(refused, 403, "reauthentication_required");
    assertError(createKey(b, "read_write"), 403, "reauthentication_required");
    // Read-only keys need no re-entry, and the session itself is still fine.
    assertThat(createKey(b, "read_only").status()).isEqualTo(201);
    assertThat(b.get("/api/me").status()).isEqualTo(200);

    assertError(reauthenticate(b, "password", "Wrong-Password-1"), 422, "invalid_password");
    String cookie = b.sessionCookie().orElseThrow();
    Response ok = reauthenticate(b, "password", PASSWORD);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.json().get("status").asText()).isEqualTo("reauthenticated");
    assertThat(Instant.parse(ok.json().get("authenticated_at").asText()))
        .isEqualTo(CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(b.sessionCookie()).hasValue(cookie); // no factor changed: same cookie
    assertThat(b.get("/api/me").json().get("authenticated_at").asText())
        .isEqualTo(ok.json().get("authenticated_at").asText());
    assertThat(createKey(b, "admin").status()).isEqualTo(201);

    // The window applies again from the re-authentication.
    CLOCK.advance(STALE);
    assertError(createKey(b, "admin"), 403, "reauthentication_required");
  }

  @Test
  void rotatingAnAdminKeyAlsoNeedsARecentAuthentication() {
    Browser b = browser();
    signedIn(b);
    String id = createKey(b, "admin").json().at("/api_key/id").asText();
    CLOCK.advance(STALE);
    assertError(b.post("/api/api-keys/" + id + "/rotate", Map.of()), 403,
        "reauthentication_required");
    assertThat(reauthenticate(b, "password", PASSWORD).status()).isEqualTo(200);
    assertThat(b.post("/api/api-keys/" + id + "/rotate", Map.of()).status()).isEqualTo(201);
  }

  @Test
  void turningTwoFactorOffNeedsARecentAuthenticationAndACode() {
    Browser b = browser();
    signedIn(b);
    Map.Entry<String, List<String>> twoFactor = enableTwoFactor(b);
    String secret = twoFactor.getKey();
    CLOCK.advance(STALE);
    String code = TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant());
    assertError(b.post("/api/security/2fa/disable", Map.of("code", code)), 403,
        "reauthentication_required");
    assertError(b.post("/api/security/2fa/backup-codes", Map.of("code", code)), 403,
        "reauthentication_required");
    assertThat(b.get("/api/security/2fa").json().get("enabled").asBoolean()).isTrue();

    // Confirm with a backup code (spent), then the TOTP code is still unused for the action.
    Response ok = reauthenticate(b, "code", twoFactor.getValue().get(0));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertError(reauthenticate(b, "code", twoFactor.getValue().get(0)), 422, "invalid_code");
    Response off = b.post("/api/security/2fa/disable", Map.of("code", code));
    assertThat(off.status()).as(off.text()).isEqualTo(200);
    assertThat(b.get("/api/security/2fa").json().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void disconnectingASignInMethodNeedsARecentAuthentication() {
    Browser b = browser();
    signedIn(b);
    assertThat(b.post("/api/security/connected-accounts/github/simulate-link", Map.of())
        .status()).isEqualTo(201);
    CLOCK.advance(STALE);
    assertError(b.delete("/api/security/connected-accounts/github"), 403,
        "reauthentication_required");
    assertError(b.post("/api/security/connected-accounts/google/simulate-link", Map.of()), 403,
        "reauthentication_required");
    assertThat(b.get("/api/security/connected-accounts").json()).hasSize(1);
    assertThat(reauthenticate(b, "password", PASSWORD).status()).isEqualTo(200);
    assertThat(b.delete("/api/security/connected-accounts/github").status()).isEqualTo(200);
  }

  @Test
  void theReauthenticateRouteChecksItsInputAndIsAttemptLimited() {
    assertError(browser().post("/api/security/reauthenticate", Map.of("password", PASSWORD)), 401,
        "unauthenticated");
    Browser b = browser();
    signedIn(b);
    assertError(b.post("/api/security/reauthenticate", Map.of()), 400, "invalid_request");
    Map<String, Object> both = new HashMap<>();
    both.put("password", PASSWORD);
    both.put("code", "123456");
    assertError(b.post("/api/security/reauthenticate", both), 400, "invalid_request");
    assertError(b.post("/api/security/reauthenticate", Map.of("password", 42)), 400,
        "invalid_request");
    assertError(reauthenticate(b, "code", "123456"), 422, "invalid_code");
    for (int i = 0; i < 5; i++) {
      assertError(reauthenticate(b, "password", "Wrong-Password-" + i), 422, "invalid_password");
    }
    Response locked = reauthenticate(b, "password", PASSWORD);
    assertError(locked, 429, "too_many_attempts");
    assertThat(locked.header("Retry-After")).isPresent();
  }

  // --- Item 2: a change of factor signs the other sessions out -----------------------------------

  /** The demo's finding: a stolen session survived 2FA being switched on, then minted an admin key. */
  @Test
  void enablingTwoFactorSignsTheThiefOutAndRekeysThisBrowser() {
    Browser victim = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(victim);
    Browser thief = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(thief.logIn(email, PASSWORD).status()).isEqualTo(200);
    String before = victim.sessionCookie().orElseThrow();

    String secret = victim.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Response confirm = victim.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));

    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    assertThat(confirm.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(createKey(thief, "admin"), 401, "session_revoked");
    // The dead cookie was cleared with that answer.
    assertError(thief.get("/api/me"), 401, "unauthenticated");
    // This browser has a new cookie; the old token no longer works anywhere.
    assertThat(victim.get("/api/me").status()).isEqualTo(200);
    assertThat(victim.sessionCookie()).hasValueSatisfying(t -> assertThat(t).isNotEqualTo(before));
    Browser replay = browser();
    replay.setSessionCookie(before);
    assertError(replay.get("/api/me"), 401, "unauthenticated");
    JsonNode event = victim.get("/api/security/login-history?type=totp.enabled").json()
        .at("/events/0");
    assertThat(event.at("/details/other_sessions_ended").asText()).isEqualTo("1");
  }

  @Test
  void disablingTwoFactorAndNewBackupCodesSignTheOtherSessionsOut() {
    Browser victim = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(victim);
    Map.Entry<String, List<String>> twoFactor = enableTwoFactor(victim);
    String secret = twoFactor.getKey();

    Browser thief = browser(Browser.FIREFOX_ON_WINDOWS);
    String challenge = thief.logIn(email, PASSWORD).json().get("mfa_token").asText();
    assertThat(thief.post("/api/login/mfa", Map.of("mfa_token", challenge,
        "code", twoFactor.getValue().get(0))).status()).isEqualTo(200);
    Response regenerated = victim.post("/api/security/2fa/backup-codes",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(regenerated.status()).as(regenerated.text()).isEqualTo(200);
    assertThat(regenerated.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(thief.get("/api/me"), 401, "session_revoked");

    Browser second = browser(Browser.FIREFOX_ON_WINDOWS);
    challenge = second.logIn(email, PASSWORD).json().get("mfa_token").asText();
    List<String> fresh = new ArrayList<>();
    regenerated.json().get("backup_codes").forEach(c -> fresh.add(c.asText()));
    assertThat(second.post("/api/login/mfa", Map.of("mfa_token", challenge,
        "code", fresh.get(0))).status()).isEqualTo(200);
    CLOCK.advance(Duration.ofSeconds(30));
    Response off = victim.post("/api/security/2fa/disable",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(off.status()).as(off.text()).isEqualTo(200);
    assertThat(off.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(second.get("/api/me"), 401, "session_revoked");
    assertThat(victim.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void linkingAndUnlinkingSignTheOtherSessionsOut() {
    Browser victim = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(victim);
    Browser other = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(other.logIn(email, PASSWORD).status()).isEqualTo(200);
    Response link = victim.post("/api/security/connected-accounts/gitlab/simulate-link", Map.of());
    assertThat(link.status()).as(link.text()).isEqualTo(201);
    assertThat(link.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(other.get("/api/me"), 401, "session_revoked");

    assertThat(other.logIn(email, PASSWORD).status()).isEqualTo(200);
    Response unlink = victim.delete("/api/security/connected-accounts/gitlab");
    assertThat(unlink.status()).as(unlink.text()).isEqualTo(200);
    assertThat(unlink.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertError(other.get("/api/me"), 401, "session_revoked");
    assertThat(victim.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void aPasswordChangeRekeysThisBrowserToo() {
    Browser b = browser();
    signedIn(b);
    String before = b.sessionCookie().orElseThrow();
    Response changed = b.post("/api/security/password",
        Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertThat(changed.json().get("other_sessions_ended").asInt()).isZero();
    assertThat(b.sessionCookie()).hasValueSatisfying(t -> assertThat(t).isNotEqualTo(before));
    assertThat(b.get("/api/me").status()).isEqualTo(200);
  }

  // --- The page ------------------------------------------------------------------------------------

  @Test
  void thePageHasTheDialogAndTheSignedOutMessage() {
    Browser b = browser();
    String page = b.get("/").text();
    assertThat(page).contains("<dialog", "id=\"reauth-dialog\"", "Confirm it's you",
        "name=\"password\"", "name=\"code\"", "id=\"two-factor-sessions-ended\"",
        "id=\"password-sessions-ended\"", "id=\"connected-sessions-ended\"");
    String script = b.get("/app.js").text();
    assertThat(script).contains("\"reauthentication_required\"", "/api/security/reauthenticate",
        "showModal()", "other_sessions_ended", "other sessions were signed out");
  }
}
