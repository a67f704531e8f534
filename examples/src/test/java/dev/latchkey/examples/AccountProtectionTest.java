package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, over HTTP: the password policy at sign-up, changing and setting a password, the login
 * history, connected accounts with simulated providers, and two-factor enforcement
 * ({@code LATCHKEY_REQUIRE_2FA}).
 *
 * <p>The demo trusts a proxy so each browser can claim its own client address (the per-client
 * attempt limit would otherwise count every test against 127.0.0.1).
 */
class AccountProtectionTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String NEW_PASSWORD = "Purple-Staple-Orbit-42";
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

  private static Browser browser(String userAgent) {
    int n = NEXT_IP.getAndIncrement();
    return new Browser(app.port(), userAgent).from("198.51.100." + (n % 250 + 1));
  }

  private static Browser browser() {
    return browser(Browser.CHROME_ON_MAC);
  }

  private static String newEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  private static String signedIn(Browser b) {
    String email = newEmail();
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).as(r.text()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("request_id").asText())
        .isEqualTo(r.header("X-Request-Id").orElseThrow());
  }

  private static List<String> violationCodes(Response r) {
    List<String> codes = new ArrayList<>();
    r.json().at("/error/violations").forEach(v -> codes.add(v.get("code").asText()));
    return codes;
  }

  private static Response changePassword(Browser b, String current, String next) {
    return b.post("/api/security/password",
        Map.of("current_password", current, "new_password", next));
  }

  // --- Password policy at sign-up ----------------------------------------------------------------

  @Test
  void weakPasswordIsRefusedWithReadableReasons() {
    Response r = browser().signUp(newEmail(), "abc");

    assertError(r, 422, "weak_password");
    assertThat(violationCodes(r)).contains("too_short", "missing_uppercase", "missing_digit",
        "missing_special");
    JsonNode tooShort = r.json().at("/error/violations/0");
    assertThat(tooShort.get("code").asText()).isEqualTo("too_short");
    assertThat(tooShort.get("message").asText()).isEqualTo("Use at least 8 characters.");
    assertThat(tooShort.get("params").get("min_length").asInt()).isEqualTo(8);
    r.json().at("/error/violations").forEach(v ->
        assertThat(v.get("message").asText()).isNotBlank().doesNotContain("abc"));
  }

  @Test
  void passwordContainingTheEmailOrProductNameIsRefused() {
    String email = "marguerite-" + UUID.randomUUID() + "@example.com";
    assertThat(violationCodes(browser().signUp(email, "Marguerite-2024!")))
        .contains("contains_context_word");
    assertThat(violationCodes(browser().signUp(newEmail(), "LatchkeyDemo-2024!")))
        .contains("contains_context_word");
    // Nothing was created: the strong password still signs up.
    assertThat(browser().signUp(email, PASSWORD).status()).isEqualTo(201);
  }

  // --- Changing the password ---------------------------------------------------------------------

  @Test
  void changingThePasswordSignsTheOtherBrowserOutButNotThisOne() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(chrome);
    Browser firefox = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(firefox.logIn(email, PASSWORD).status()).isEqualTo(200);
    String before = chrome.sessionCookie().orElseThrow();

    Response changed = changePassword(chrome, PASSWORD, NEW_PASSWORD);

    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertThat(changed.json().get("other_sessions_ended").asInt()).isEqualTo(1);
    assertThat(changed.header("X-Other-Sessions-Ended")).hasValue("1");
    assertError(firefox.get("/api/me"), 401, "session_revoked");
    // This browser stays signed in, on a new token: the one it had is dead.
    assertThat(chrome.get("/api/me").status()).isEqualTo(200);
    assertThat(chrome.sessionCookie()).hasValueSatisfying(t -> assertThat(t).isNotEqualTo(before));
    Browser replay = browser();
    replay.setSessionCookie(before);
    assertError(replay.get("/api/me"), 401, "unauthenticated");
    // The new password works, the old one does not.
    assertError(browser().logIn(email, PASSWORD), 401, "invalid_credentials");
    assertThat(browser().logIn(email, NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void wrongCurrentPasswordIs422NotASignOut() {
    Browser b = browser();
    signedIn(b);

    assertError(changePassword(b, "Not-My-Password-1", NEW_PASSWORD), 422,
        "invalid_current_password");
    assertThat(b.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void weakNewPasswordIsRefusedWithViolations() {
    Browser b = browser();
    signedIn(b);

    Response weak = changePassword(b, PASSWORD, "password");
    assertError(weak, 422, "weak_password");
    assertThat(violationCodes(weak)).contains("missing_uppercase", "missing_digit");

    assertThat(violationCodes(changePassword(b, PASSWORD, PASSWORD))).contains("same_as_current");
  }

  @Test
  void tenWrongCurrentPasswordsThen429WithRetryAfter() {
    Browser b = browser();
    signedIn(b);
    Response last = null;
    for (int i = 0; i < 10; i++) {
      last = changePassword(b, "Wrong-Password-" + i, NEW_PASSWORD);
      assertThat(last.status()).as(last.text()).isIn(422, 429);
    }
    assertError(last, 429, "too_many_attempts");
    assertThat(last.header("Retry-After")).hasValueSatisfying(
        v -> assertThat(Long.parseLong(v)).isPositive());
    // Still signed in: a lock on guessing is not a sign-out.
    assertThat(b.get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void tenWrongSignInPasswordsThen429WithRetryAfter() {
    Browser b = browser();
    String email = newEmail();
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    Response last = null;
    for (int i = 0; i < 10; i++) {
      last = b.logIn(email, "Wrong-Password-" + i);
      assertThat(last.status()).isIn(401, 429);
    }
    assertError(last, 429, "too_many_attempts");
    assertThat(last.header("Retry-After")).isPresent();
  }

  @Test
  void anUnknownEmailLocksExactlyLikeARealOneSoLockoutsRevealNothing() {
    Browser b = browser();
    String unknown = newEmail();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(b.logIn(unknown, "Wrong-Password-" + i).status());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
  }

  // --- Login history -----------------------------------------------------------------------------

  private static List<JsonNode> allEvents(Browser b, int limit, String type) {
    List<JsonNode> events = new ArrayList<>();
    String cursor = null;
    for (int guard = 0; guard < 100; guard++) {
      String path = "/api/security/login-history?limit=" + limit
          + (type == null ? "" : "&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8))
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Response page = b.get(path);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.json().get("events").forEach(events::add);
      assertThat(page.json().get("events").size()).isLessThanOrEqualTo(limit);
      JsonNode next = page.json().get("next_cursor");
      if (next == null || next.isNull()) {
        return events;
      }
      cursor = next.asText();
    }
    throw new AssertionError("paging did not end");
  }

  @Test
  void loginHistoryShowsSignInsFailuresLockoutAndPasswordChangeNewestFirst() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(chrome);
    Browser firefox = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(firefox.logIn(email, PASSWORD).status()).isEqualTo(200);
    Browser attacker = browser(Browser.FIREFOX_ON_WINDOWS);
    for (int i = 0; i < 6; i++) {
      attacker.logIn(email, "Wrong-Password-" + i);
    }
    assertThat(changePassword(chrome, PASSWORD, NEW_PASSWORD).status()).isEqualTo(200);

    List<JsonNode> events = allEvents(chrome, 2, null);

    List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
    // The change is the newest event, and it says how many other sessions it ended (no separate
    // revocation event).
    assertThat(types.get(0)).isEqualTo("password.changed");
    assertThat(events.get(0).at("/details/other_sessions_ended").asText()).isEqualTo("1");
    assertThat(types).doesNotContain("session.revoked");
    assertThat(types).contains("sign_in.succeeded", "sign_in.failed", "sign_in.locked",
        "password.changed");
    assertThat(types.stream().filter("sign_in.succeeded"::equals)).hasSize(2);
    // Newest first, each event exactly once across the pages.
    List<String> times = events.stream().map(e -> e.get("at").asText()).toList();
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    Set<String> ids = new HashSet<>();
    events.forEach(e -> assertThat(ids.add(e.get("id").asText())).isTrue());
    // One page of everything gives the same events in the same order.
    assertThat(allEvents(chrome, 100, null).stream().map(e -> e.get("id").asText()).toList())
        .isEqualTo(events.stream().map(e -> e.get("id").asText()).toList());

    JsonNode firstSignIn = events.get(types.lastIndexOf("sign_in.succeeded"));
    assertThat(firstSignIn.get("device").asText()).isEqualTo("Chrome on macOS");
    assertThat(firstSignIn.get("location").asText()).isNotBlank();
    assertThat(firstSignIn.get("ip_address").asText()).startsWith("198.51.100.");
    assertThat(firstSignIn.get("session_id").asText()).isNotBlank();
    JsonNode secondSignIn = events.get(types.indexOf("sign_in.succeeded"));
    assertThat(secondSignIn.get("device").asText()).isEqualTo("Firefox on Windows");
    assertThat(secondSignIn.get("suspicious").asBoolean()).isTrue();
    assertThat(events.get(0).get("details").isObject()).isTrue();

    // The type filter.
    List<JsonNode> failures = allEvents(chrome, 100, "sign_in.failed,sign_in.locked");
    assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e.get("type").asText())
        .isIn("sign_in.failed", "sign_in.locked"));
  }

  @Test
  void signOutIsRecorded() {
    Browser chrome = browser();
    String email = signedIn(chrome);
    assertThat(chrome.post("/api/logout", Map.of()).status()).isEqualTo(204);
    Browser again = browser();
    assertThat(again.logIn(email, PASSWORD).status()).isEqualTo(200);

    assertThat(allEvents(again, 100, "sign_out")).hasSize(1);
  }

  @Test
  void loginHistoryRejectsBadParameters() {
    Browser b = browser();
    signedIn(b);

    assertError(b.get("/api/security/login-history?limit=0"), 400, "invalid_limit");
    assertError(b.get("/api/security/login-history?limit=101"), 400, "invalid_limit");
    assertError(b.get("/api/security/login-history?limit=ten"), 400, "invalid_limit");
    assertError(b.get("/api/security/login-history?cursor=not-a-cursor"), 400, "invalid_cursor");
    assertError(b.get("/api/security/login-history?type=sign_in.maybe"), 400, "invalid_type");
    assertError(browser().get("/api/security/login-history"), 401, "unauthenticated");
  }

  // --- Connected accounts ------------------------------------------------------------------------

  @Test
  void lastSignInMethodCannotBeDisconnectedUntilAPasswordIsSet() {
    Browser b = browser();
    String email = newEmail();
    String subject = "gh-" + UUID.randomUUID();
    Response signUp = b.post("/api/signup/provider/github/simulate",
        Map.of("email", email, "subject", subject));
    assertThat(signUp.status()).as(signUp.text()).isEqualTo(201);
    assertThat(signUp.json().get("status").asText()).isEqualTo("signed_in");
    assertThat(b.get("/api/me").json().get("has_password").asBoolean()).isFalse();

    JsonNode linked = b.get("/api/security/connected-accounts").json();
    assertThat(linked).hasSize(1);
    assertThat(linked.get(0).get("provider").asText()).isEqualTo("github");
    assertThat(linked.get(0).get("email").asText()).isEqualTo(email);
    assertThat(linked.get(0).get("linked_at").asText()).endsWith("Z");

    Response last = b.delete("/api/security/connected-accounts/github");
    assertError(last, 409, "last_sign_in_method");
    assertThat(last.json().at("/error/message").asText()).isEqualTo(
        "This is your only way to sign in. Set a password or connect another account first.");
    assertError(changePassword(b, "anything", NEW_PASSWORD), 409, "no_password");

    assertError(b.post("/api/security/password/set", Map.of("new_password", "weak")), 422,
        "weak_password");
    Response set = b.post("/api/security/password/set", Map.of("new_password", NEW_PASSWORD));
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.json().get("other_sessions_ended").asInt()).isZero();
    assertError(b.post("/api/security/password/set", Map.of("new_password", NEW_PASSWORD)), 409,
        "already_has_password");

    assertThat(b.delete("/api/security/connected-accounts/github").status()).isEqualTo(200);
    assertError(b.delete("/api/security/connected-accounts/github"), 404, "not_linked");
    assertThat(b.get("/api/security/connected-accounts").json()).isEmpty();
    assertThat(browser().logIn(email, NEW_PASSWORD).status()).isEqualTo(200);
    assertError(browser().post("/api/login/provider/github/simulate", Map.of("subject", subject)),
        404, "unknown_identity");
  }

  @Test
  void theSimulatedIdentityIsPickedByEmailSoEveryConnectedProviderCanSignIn() {
    // Sign up with GitHub by email, connect Google (the same email's simulated account), drop
    // GitHub: Google alone must still be a way in, by that email.
    Browser b = browser();
    String email = newEmail();
    assertThat(b.post("/api/signup/provider/github/simulate", Map.of("email", email)).status())
        .isEqualTo(201);
    Response google = b.post("/api/security/connected-accounts/google/simulate-link", Map.of());
    assertThat(google.status()).as(google.text()).isEqualTo(201);
    assertThat(google.json().get("email").asText()).isEqualTo(email);
    assertThat(b.delete("/api/security/connected-accounts/github").status()).isEqualTo(200);
    assertError(b.delete("/api/security/connected-accounts/google"), 409, "last_sign_in_method");

    Browser later = browser(Browser.FIREFOX_ON_WINDOWS);
    Response signIn = later.post("/api/login/provider/google/simulate",
        Map.of("email", email.toUpperCase(java.util.Locale.ROOT)));
    assertThat(signIn.status()).as(signIn.text()).isEqualTo(200);
    assertThat(later.get("/api/me").json().get("email").asText()).isEqualTo(email);
    assertError(browser().post("/api/login/provider/github/simulate", Map.of("email", email)),
        404, "unknown_identity");
    assertError(browser().post("/api/login/provider/google/simulate", Map.of("email", "nope")),
        422, "invalid_email");
  }

  @Test
  void everyEventCarriesTheClientAndSessionThatCausedItAndWhatItWasAbout() {
    Browser b = browser();
    String email = signedIn(b);
    Browser other = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(other.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(other.logIn(email, "Wrong-password-1").status()).isEqualTo(401);
    Response created = b.post("/api/api-keys", Map.of("name", "Deploy bot",
        "permission", "read_only"));
    String keyId = created.json().at("/api_key/id").asText();
    assertThat(b.post("/api/api-keys/" + keyId + "/rotate", Map.of("grace_seconds", 3600))
        .status()).isEqualTo(201);
    assertThat(b.delete("/api/api-keys/" + keyId).status()).isEqualTo(204);
    String otherSession = b.get("/api/security/sessions").json().findValues("id").stream()
        .map(JsonNode::asText).filter(id -> !id.equals(currentSessionId(b))).findFirst()
        .orElseThrow();
    assertThat(b.delete("/api/security/sessions/" + otherSession).status()).isEqualTo(204);
    assertThat(b.post("/api/security/connected-accounts/gitlab/simulate-link", Map.of()).status())
        .isEqualTo(201);

    List<JsonNode> events = allEvents(b, 100, null);
    for (JsonNode event : events) {
      assertThat(event.get("ip_address").asText()).as(event.toString()).isNotBlank();
      assertThat(event.get("device").asText()).as(event.toString()).isNotBlank();
      assertThat(event.get("location").asText()).as(event.toString()).isNotBlank();
    }
    JsonNode failed = byType(events, "sign_in.failed");
    assertThat(failed.at("/details/factor").asText()).isEqualTo("password");
    assertThat(failed.get("device").asText()).contains("Firefox");
    for (String type : List.of("api_key.created", "api_key.rotated", "api_key.revoked")) {
      JsonNode keyEvent = byType(events, type);
      assertThat(keyEvent.at("/details/key_name").asText()).as(type).isEqualTo("Deploy bot");
      assertThat(keyEvent.get("session_id").asText()).as(type).isNotBlank();
      assertThat(keyEvent.get("device").asText()).as(type).contains("Chrome");
    }
    assertThat(byType(events, "api_key.rotated").at("/details/grace_seconds").asText())
        .isEqualTo("3600");
    assertThat(byType(events, "session.revoked").get("session_id").asText())
        .isEqualTo(otherSession);
    assertThat(byType(events, "connected_account.added").at("/details/provider").asText())
        .isEqualTo("gitlab");
  }

  @Test
  void aRightPasswordWithAnAbandonedSecondStepLeavesAnEntry() {
    Browser b = browser();
    String email = signedIn(b);
    JsonNode setup = b.post("/api/security/2fa/setup", Map.of()).json();
    assertThat(b.post("/api/security/2fa/confirm", Map.of("code",
        TwoFactorAndApiKeysTest.totp(setup.get("secret").asText(), java.time.Instant.now())))
        .status()).isEqualTo(200);

    Browser thief = browser(Browser.FIREFOX_ON_WINDOWS);
    Response first = thief.logIn(email, PASSWORD);
    assertThat(first.json().get("status").asText()).isEqualTo("mfa_required");
    // …and the thief goes no further.

    JsonNode entry = byType(allEvents(b, 100, null), "sign_in.second_factor_required");
    assertThat(entry.get("device").asText()).contains("Firefox");
    assertThat(entry.at("/details/method").asText()).isEqualTo("password");
  }

  private static String currentSessionId(Browser b) {
    for (JsonNode s : b.get("/api/security/sessions").json()) {
      if (s.get("current").asBoolean()) {
        return s.get("id").asText();
      }
    }
    throw new AssertionError("no current session");
  }

  private static JsonNode byType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asText().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
  }

  @Test
  void simulatedProviderSignIn() {
    Browser first = browser();
    String subject = "gl-" + UUID.randomUUID();
    assertThat(first.post("/api/signup/provider/gitlab/simulate",
        Map.of("email", newEmail(), "subject", subject)).status()).isEqualTo(201);
    String accountId = first.get("/api/me").json().get("account_id").asText();

    Browser other = browser(Browser.FIREFOX_ON_WINDOWS);
    Response signIn = other.post("/api/login/provider/gitlab/simulate",
        Map.of("subject", subject));

    assertThat(signIn.status()).as(signIn.text()).isEqualTo(200);
    assertThat(signIn.json().get("status").asText()).isEqualTo("signed_in");
    assertThat(other.get("/api/me").json().get("account_id").asText()).isEqualTo(accountId);
    assertError(browser().post("/api/login/provider/gitlab/simulate",
        Map.of("subject", "nobody-" + UUID.randomUUID())), 404, "unknown_identity");
    assertError(browser().post("/api/login/provider/myspace/simulate",
        Map.of("subject", subject)), 404, "unknown_provider");
    // The same identity cannot open a second account.
    assertError(browser().post("/api/signup/provider/gitlab/simulate",
        Map.of("email", newEmail(), "subject", subject)), 409, "linked_to_another_account");
  }

  @Test
  void simulatedLinkingFromSettings() {
    Browser b = browser();
    String email = signedIn(b);
    String subject = "g-" + UUID.randomUUID();

    Response link = b.post("/api/security/connected-accounts/google/simulate-link",
        Map.of("subject", subject));
    assertThat(link.status()).as(link.text()).isEqualTo(201);
    assertThat(link.json().get("provider").asText()).isEqualTo("google");
    assertThat(link.json().get("email").asText()).isEqualTo(email);
    // A random subject when none is given; a second Google account is refused.
    assertError(b.post("/api/security/connected-accounts/google/simulate-link", Map.of()), 409,
        "provider_already_linked");
    Browser other = browser();
    signedIn(other);
    assertError(other.post("/api/security/connected-accounts/google/simulate-link",
        Map.of("subject", subject)), 409, "linked_to_another_account");
    assertThat(other.post("/api/security/connected-accounts/github/simulate-link", Map.of())
        .status()).isEqualTo(201);

    // With a password the provider can go.
    assertThat(b.delete("/api/security/connected-accounts/google").status()).isEqualTo(200);
    List<String> types = allEvents(b, 100, null).stream().map(e -> e.get("type").asText())
        .toList();
    assertThat(types).contains("connected_account.added", "connected_account.removed");
  }

  // --- The page -----------------------------------------------------------------------------------

  @Test
  void pageHasTheAccountProtectionSectionsAndNeverParsesServerStringsAsHtml() {
    Browser b = browser();
    String page = b.get("/").text();
    assertThat(page).contains("data-section=\"password\"", "data-section=\"connectedAccounts\"",
        "data-section=\"loginHistory\"", "Simulated: the demo cannot reach GitHub",
        "<link rel=\"icon\" href=\"/favicon.svg\"",
        "At least 8 characters, one uppercase letter, one number and one special character");
    String script = b.get("/app.js").text();
    assertThat(page).contains("Load more");
    assertThat(script).contains("Account locked after too many attempts", "New device");
    assertThat(script.replace("never through innerHTML", "")).doesNotContain("innerHTML",
        "insertAdjacentHTML", "outerHTML");
    // Questions are real dialogs with choices, not the browser's prompt() and confirm() (which
    // take free text, cannot be styled, and block the page).
    assertThat(script).doesNotContainPattern("(?<![.\\w])(prompt|confirm|alert)\\(");
    Response icon = b.get("/favicon.svg");
    assertThat(icon.status()).isEqualTo(200);
    assertThat(icon.header("Content-Type").orElseThrow()).startsWith("image/svg+xml");
  }

  // --- Two-factor enforcement --------------------------------------------------------------------

  @Test
  void enrollmentRequiredWhenTwoFactorIsRequired() {
    try (DemoApp.Running strict = DemoApp.start(DemoConfig.defaults().withPort(0)
        .withDataDir(tempDir.resolve("strict")).withRequireTwoFactor(true))) {
      Browser b = new Browser(strict.port(), Browser.CHROME_ON_MAC);
      String email = newEmail();
      assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);

      Response login = b.logIn(email, PASSWORD);
      assertThat(login.status()).as(login.text()).isEqualTo(200);
      assertThat(login.json().get("status").asText()).isEqualTo("enrollment_required");
      String restrictedToken = b.sessionCookie().orElseThrow();

      JsonNode me = b.get("/api/me").json();
      assertThat(me.get("fully_authenticated").asBoolean()).isFalse();
      assertError(b.get("/api/security/sessions"), 403, "two_factor_enrollment_required");
      assertError(b.get("/api/security/login-history"), 403, "two_factor_enrollment_required");
      assertError(b.get("/api/security/connected-accounts"), 403,
          "two_factor_enrollment_required");
      assertError(changePassword(b, PASSWORD, NEW_PASSWORD), 403,
          "two_factor_enrollment_required");
      assertError(b.get("/api/api-keys"), 403, "two_factor_enrollment_required");
      assertThat(b.get("/api/security/2fa").status()).isEqualTo(200);

      Response setup = b.post("/api/security/2fa/setup", Map.of());
      assertThat(setup.status()).as(setup.text()).isEqualTo(200);
      String code = TwoFactorAndApiKeysTest.totp(setup.json().get("secret").asText(),
          Instant.now());
      Response confirm = b.post("/api/security/2fa/confirm", Map.of("code", code));
      assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);

      // The session was rotated into a full one: a new cookie, and the old token is dead.
      assertThat(b.sessionCookie()).hasValueSatisfying(
          t -> assertThat(t).isNotEqualTo(restrictedToken));
      assertThat(b.get("/api/security/sessions").status()).isEqualTo(200);
      assertThat(b.get("/api/me").json().get("fully_authenticated").asBoolean()).isTrue();
      Browser replay = new Browser(strict.port(), Browser.CHROME_ON_MAC);
      replay.setSessionCookie(restrictedToken);
      assertThat(replay.get("/api/me").status()).isEqualTo(401);

      // Signing out works from any session.
      assertThat(b.post("/api/logout", Map.of()).status()).isEqualTo(204);
      assertThat(b.get("/api/me").status()).isEqualTo(401);
    }
  }
}
