package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.http.CookieRules;
import dev.latchkey.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the demo started on a free port over an H2 file database in a temporary directory,
 * driven over HTTP by "browsers" with their own cookie jars, exactly as the page drives it.
 */
class DemoAppTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";

  @TempDir
  static Path tempDir;

  private static Path dataDir;
  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    dataDir = tempDir.resolve("not/yet/there");
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(dataDir), router ->
        {
          router.get("/api/test/boom", ctx -> {
            throw new IllegalStateException("secret internals must not reach the client");
          });
          // What every store throws while its database is unreachable.
          router.get("/api/test/store-down", ctx -> {
            throw new StoreException("find session by token hash failed",
                new SQLException("Connection to db:5432 refused (secret internals)", "08001"));
          });
        });
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser(String userAgent) {
    return new Browser(app.port(), userAgent);
  }

  private static String newEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  /** Signs up a fresh account and signs in with it; returns the email. */
  private static String signedIn(Browser browser) {
    String email = newEmail();
    assertThat(browser.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(browser.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  private static List<JsonNode> sessions(Browser browser) {
    Response r = browser.get("/api/security/sessions");
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> rows = new ArrayList<>();
    r.json().forEach(rows::add);
    return rows;
  }

  private static JsonNode currentRow(List<JsonNode> rows) {
    return rows.stream().filter(row -> row.get("current").asBoolean()).findFirst().orElseThrow();
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/json"));
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("request_id").asText())
        .isNotBlank()
        .isEqualTo(r.header("X-Request-Id").orElseThrow());
  }

  // --- The whole story ---------------------------------------------------------------------------

  @Test
  void signUpSignInOnTwoBrowsersRevokeOneFromTheOtherThenLogOut() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    Browser firefox = browser(Browser.FIREFOX_ON_WINDOWS);
    String email = newEmail();

    Response signUp = chrome.signUp(email, PASSWORD);
    assertThat(signUp.status()).isEqualTo(201);
    assertThat(signUp.json().get("email").asText()).isEqualTo(email);
    String accountId = signUp.json().get("account_id").asText();
    assertThat(accountId).isNotBlank();
    assertThat(chrome.sessionCookie()).as("sign-up does not sign in").isEmpty();

    Response chromeLogin = chrome.logIn(email, PASSWORD);
    assertThat(chromeLogin.status()).isEqualTo(200);
    assertThat(chromeLogin.json().get("status").asText()).isEqualTo("signed_in");
    assertThat(firefox.logIn(email.toUpperCase(), PASSWORD).status())
        .as("email look-up ignores case").isEqualTo(200);

    Response me = firefox.get("/api/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("account_id").asText()).isEqualTo(accountId);
    assertThat(me.json().get("email").asText()).isEqualTo(email);

    // Both browsers see both sessions, each marked current from its own point of view.
    List<JsonNode> fromChrome = sessions(chrome);
    List<JsonNode> fromFirefox = sessions(firefox);
    assertThat(fromChrome).hasSize(2);
    assertThat(fromFirefox).hasSize(2);
    assertThat(fromChrome).filteredOn(row -> row.get("current").asBoolean()).hasSize(1);
    assertThat(currentRow(fromChrome).get("device").asText()).isEqualTo("Chrome on macOS");
    assertThat(currentRow(fromFirefox).get("device").asText()).isEqualTo("Firefox on Windows");
    String chromeSessionId = currentRow(fromChrome).get("id").asText();
    String firefoxSessionId = currentRow(fromFirefox).get("id").asText();
    assertThat(chromeSessionId).isNotEqualTo(firefoxSessionId);
    for (JsonNode row : fromChrome) {
      assertThat(row.fieldNames()).toIterable().containsExactlyInAnyOrder(
          "id", "device", "location", "ip_address", "last_active", "created_at", "current");
      assertThat(row.get("location").asText()).isEqualTo("Localhost");
      assertThat(row.get("ip_address").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
      // ISO-8601 UTC
      assertThat(row.get("last_active").asText()).endsWith("Z");
      assertThat(Instant.parse(row.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
      Instant.parse(row.get("last_active").asText());
    }

    // Chrome revokes Firefox's session: Firefox's very next request is refused.
    Response revoke = chrome.delete("/api/security/sessions/" + firefoxSessionId);
    assertThat(revoke.status()).isEqualTo(204);
    assertThat(revoke.header("X-Request-Id")).isPresent();
    assertError(firefox.get("/api/security/sessions"), 401, "session_revoked");
    assertThat(sessions(chrome)).extracting(row -> row.get("id").asText())
        .containsExactly(chromeSessionId);
    assertThat(firefox.sessionCookie()).as("the dead cookie is cleared").isEmpty();

    // Revoking it again is "not found": it is no longer an active session.
    assertError(chrome.delete("/api/security/sessions/" + firefoxSessionId), 404,
        "session_not_found");

    // Logging out ends Chrome's session too.
    String chromeToken = chrome.sessionCookie().orElseThrow();
    Response logout = chrome.post("/api/logout", Map.of());
    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.allHeaders("Set-Cookie")).anySatisfy(c ->
        assertThat(c).startsWith(CookieRules.SESSION_COOKIE + "=;").contains("Max-Age=0"));
    assertThat(chrome.sessionCookie()).isEmpty();
    assertError(chrome.get("/api/me"), 401, "unauthenticated");
    chrome.setSessionCookie(chromeToken);
    assertError(chrome.get("/api/me"), 401, "session_revoked");
  }

  @Test
  void revokeOthersEndsEveryOtherSessionAndKeepsTheCurrentOne() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(chrome);
    Browser firefox = browser(Browser.FIREFOX_ON_WINDOWS);
    Browser curl = browser("curl/8.7.1");
    assertThat(firefox.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(curl.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(sessions(chrome)).hasSize(3);

    Response r = chrome.post("/api/security/sessions/revoke-others", Map.of());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("revoked").asInt()).isEqualTo(2);
    assertError(firefox.get("/api/me"), 401, "session_revoked");
    assertError(curl.get("/api/me"), 401, "session_revoked");
    assertThat(sessions(chrome)).singleElement()
        .satisfies(row -> assertThat(row.get("current").asBoolean()).isTrue());
    assertThat(chrome.post("/api/security/sessions/revoke-others", Map.of()).json()
        .get("revoked").asInt()).isZero();
  }

  @Test
  void revokeAllEndsEverySessionIncludingTheCurrentOneAndClearsTheCookie() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(chrome);
    Browser firefox = browser(Browser.FIREFOX_ON_WINDOWS);
    assertThat(firefox.logIn(email, PASSWORD).status()).isEqualTo(200);

    Response r = chrome.post("/api/security/sessions/revoke-all", Map.of());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("revoked").asInt()).isEqualTo(2);
    assertThat(r.allHeaders("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(chrome.sessionCookie()).isEmpty();
    assertError(chrome.get("/api/me"), 401, "unauthenticated");
    assertError(firefox.get("/api/me"), 401, "session_revoked");
  }

  @Test
  void revokingAnotherAccountsSessionAnswersNotFoundAndLeavesItActive() {
    Browser alice = browser(Browser.CHROME_ON_MAC);
    Browser mallory = browser(Browser.FIREFOX_ON_WINDOWS);
    signedIn(alice);
    signedIn(mallory);
    String aliceSessionId = currentRow(sessions(alice)).get("id").asText();

    Response r = mallory.delete("/api/security/sessions/" + aliceSessionId);

    assertError(r, 404, "session_not_found");
    assertThat(r.json().get("error").get("message").asText())
        .isEqualTo(mallory.delete("/api/security/sessions/no-such-session").json()
            .get("error").get("message").asText());
    assertThat(alice.get("/api/me").status()).isEqualTo(200);
    assertThat(sessions(mallory)).extracting(row -> row.get("id").asText())
        .doesNotContain(aliceSessionId);
  }

  @Test
  void signingInAgainInTheSameBrowserReplacesTheOldSession() {
    Browser chrome = browser(Browser.CHROME_ON_MAC);
    String email = signedIn(chrome);
    String oldToken = chrome.sessionCookie().orElseThrow();

    assertThat(chrome.logIn(email, PASSWORD).status()).isEqualTo(200);

    assertThat(chrome.sessionCookie()).hasValueSatisfying(t -> assertThat(t).isNotEqualTo(oldToken));
    assertThat(sessions(chrome)).hasSize(1);
  }

  // --- Sign-up and sign-in errors ---------------------------------------------------------------

  @Test
  void signUpWithAnEmailAlreadyTakenInAnotherCaseThen409() {
    Browser b = browser(Browser.CHROME_ON_MAC);
    String email = newEmail();
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);

    assertError(b.signUp("  " + email.toUpperCase() + " ", PASSWORD), 409, "email_taken");
  }

  @Test
  void signUpWithAShortPasswordThen422WeakPasswordTooShort() {
    Response r = browser(Browser.CHROME_ON_MAC).signUp(newEmail(), "Short1!");

    assertError(r, 422, "weak_password");
    assertThat(r.json().at("/error/violations/0/code").asText()).isEqualTo("too_short");
  }

  @Test
  void signUpWithAPasswordOver256CharactersThen422WeakPasswordTooLong() {
    Response r = browser(Browser.CHROME_ON_MAC).signUp(newEmail(), "Xy1!".repeat(65));

    assertError(r, 422, "weak_password");
    assertThat(r.json().at("/error/violations").findValuesAsText("code")).contains("too_long");
  }

  @Test
  void signUpWithAnInvalidEmailThen422InvalidEmail() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    assertError(b.signUp("not-an-email", PASSWORD), 422, "invalid_email");
    assertError(b.signUp("a@b@example.com", PASSWORD), 422, "invalid_email");
    assertError(b.signUp("a" + "b".repeat(320) + "@example.com", PASSWORD), 422, "invalid_email");
  }

  @Test
  void signUpWithAMissingOrNonStringFieldThen400InvalidRequest() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    assertError(b.post("/api/signup", Map.of("email", newEmail())), 400, "invalid_request");
    assertError(b.post("/api/signup", Map.of("email", newEmail(), "password", 12345678)), 400,
        "invalid_request");
  }

  @Test
  void unknownEmailAndWrongPasswordAreBoth401InvalidCredentialsWithTheSameMessage() {
    Browser b = browser(Browser.CHROME_ON_MAC);
    String email = newEmail();
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);

    Response wrongPassword = b.logIn(email, PASSWORD + "!");
    Response unknownEmail = b.logIn(newEmail(), PASSWORD);
    Response notAnEmail = b.logIn("nobody", PASSWORD);

    assertError(wrongPassword, 401, "invalid_credentials");
    assertError(unknownEmail, 401, "invalid_credentials");
    assertError(notAnEmail, 401, "invalid_credentials");
    assertThat(wrongPassword.json().get("error").get("message"))
        .isEqualTo(unknownEmail.json().get("error").get("message"));
    assertThat(wrongPassword.allHeaders("Set-Cookie")).isEmpty();
    assertThat(b.sessionCookie()).isEmpty();
  }

  // --- Request hygiene --------------------------------------------------------------------------

  @Test
  void malformedJsonThen400InvalidJson() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    assertError(b.postRaw("/api/signup", "application/json", "{\"email\": "), 400, "invalid_json");
    assertError(b.postRaw("/api/login", "application/json", "[1,2]"), 400, "invalid_json");
    assertError(b.postRaw("/api/login", "application/json", ""), 400, "invalid_json");
    assertError(b.postRaw("/api/login", "application/json", "{} {}"), 400, "invalid_json");
  }

  @Test
  void oversizedBodyThen413PayloadTooLarge() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    Response r = b.postRaw("/api/login", "application/json",
        "{\"email\":\"a@example.com\",\"password\":\"" + "x".repeat(100_000) + "\"}");

    assertError(r, 413, "payload_too_large");
  }

  @Test
  void stateChangingRequestFromAnotherSiteOrWithoutJsonIsRefused() {
    Browser b = browser(Browser.CHROME_ON_MAC);
    signedIn(b);

    // No Sec-Fetch-Site and no Origin (not a browser, or a very old one): what a cross-site <form>
    // can send is refused.
    assertError(b.postRaw("/api/login", "application/x-www-form-urlencoded",
        "email=a%40example.com&password=x"), 403, "json_content_type_required");
    assertError(b.postRaw("/api/security/sessions/revoke-all", "text/plain", "{}"), 403,
        "json_content_type_required");
    assertError(b.postRaw("/api/logout", "multipart/form-data; boundary=x", ""), 403,
        "json_content_type_required");
    assertError(b.postRaw("/api/logout", null, ""), 403, "json_content_type_required");
    assertError(b.send(b.request("/api/security/sessions/whatever")
        .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody())), 403,
        "json_content_type_required");
    // A browser that says the request comes from elsewhere is refused, JSON or not.
    assertError(b.send(b.request("/api/security/sessions/revoke-all")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")), 403,
        "cross_site_request");
    assertError(b.send(b.request("/api/security/sessions/revoke-all")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json").header("Sec-Fetch-Site", "same-site")), 403,
        "cross_site_request");
    assertError(b.send(b.request("/api/security/sessions/revoke-all")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json").header("Origin", "https://evil.example")),
        403, "cross_site_request");
    // None of those changed anything.
    assertThat(b.get("/api/me").status()).isEqualTo(200);
    // The page's own requests: same origin by Sec-Fetch-Site or by Origin; a charset is fine.
    assertThat(b.send(b.request("/api/security/sessions/revoke-others")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json").header("Sec-Fetch-Site", "same-origin"))
        .status()).isEqualTo(200);
    assertThat(b.send(b.request("/api/security/sessions/revoke-others")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json")
        .header("Origin", "http://localhost:" + app.port())).status()).isEqualTo(200);
    assertThat(b.postRaw("/api/security/sessions/revoke-others", "application/json; charset=utf-8",
        "{}").status()).isEqualTo(200);
  }

  @Test
  void withoutASessionTheSecurityApiAnswers401Unauthenticated() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    assertError(b.get("/api/me"), 401, "unauthenticated");
    assertError(b.get("/api/security/sessions"), 401, "unauthenticated");
    assertError(b.post("/api/security/sessions/revoke-others", Map.of()), 401, "unauthenticated");
    assertError(b.delete("/api/security/sessions/x"), 401, "unauthenticated");
    b.setSessionCookie("not a token");
    assertError(b.get("/api/me"), 401, "unauthenticated");
    b.setSessionCookie("A".repeat(43));
    assertError(b.get("/api/me"), 401, "unauthenticated");
  }

  @Test
  void logOutWithoutASessionIsStill204() {
    Response r = browser(Browser.CHROME_ON_MAC).post("/api/logout", Map.of());

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("X-Request-Id")).isPresent();
  }

  @Test
  void unknownRouteThen404NotFoundJson() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    assertError(b.get("/api/nope"), 404, "not_found");
    assertError(b.get("/no/such/page"), 404, "not_found");
  }

  @Test
  void uncaughtExceptionThen500InternalErrorWithoutDetails() {
    Response r = browser(Browser.CHROME_ON_MAC).get("/api/test/boom");

    assertError(r, 500, "internal_error");
    assertThat(r.text()).doesNotContain("secret internals", "IllegalStateException", "at dev.");
  }

  @Test
  void aStoreFailureThen503ServiceUnavailableWithRetryAfterAndNoDetails() {
    Response r = browser(Browser.CHROME_ON_MAC).get("/api/test/store-down");

    assertError(r, 503, "service_unavailable");
    assertThat(r.header("Retry-After")).hasValue("2");
    assertThat(r.text()).doesNotContain("secret internals", "StoreException", "SQLException",
        "5432", "at dev.");
  }

  @Test
  void everyResponseCarriesARequestIdAndASaneClientIdIsReused() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    Response ok = b.logIn(newEmail(), PASSWORD);
    assertThat(ok.header("X-Request-Id")).hasValueSatisfying(
        id -> assertThat(id).matches("req_[0-9a-f]{16}"));
    assertThat(b.get("/").header("X-Request-Id")).isPresent();
    assertThat(b.post("/api/logout", Map.of()).header("X-Request-Id")).isPresent();

    Response reused = b.send(b.request("/api/me").header("X-Request-Id", "trace-42.a_b"));
    assertThat(reused.header("X-Request-Id")).hasValue("trace-42.a_b");
    assertThat(reused.json().get("error").get("request_id").asText()).isEqualTo("trace-42.a_b");

    Response replaced = b.send(b.request("/api/me").header("X-Request-Id", "bad id<script>"));
    assertThat(replaced.header("X-Request-Id")).hasValueSatisfying(
        id -> assertThat(id).startsWith("req_"));
    Response tooLong = b.send(b.request("/api/me").header("X-Request-Id", "a".repeat(65)));
    assertThat(tooLong.header("X-Request-Id")).hasValueSatisfying(
        id -> assertThat(id).startsWith("req_"));
  }

  @Test
  void sessionCookieIsHttpOnlySameSiteLaxPathRootAndNotSecureOverPlainHttp() {
    Browser b = browser(Browser.CHROME_ON_MAC);
    String email = newEmail();
    b.signUp(email, PASSWORD);

    Response r = b.logIn(email, PASSWORD);

    String cookie = r.allHeaders("Set-Cookie").stream()
        .filter(c -> c.startsWith(CookieRules.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    assertThat(cookie).contains("; HttpOnly", "; SameSite=Lax", "; Path=/").doesNotContain("Secure");
    long maxAge = Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertThat(maxAge).isBetween(11 * 3600L, 12 * 3600L);
  }

  @Test
  void homePageIsServedWithTheScriptAndStylesheet() {
    Browser b = browser(Browser.CHROME_ON_MAC);

    Response page = b.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("text/html"));
    assertThat(page.text()).contains("Active sessions", "Sign out everywhere", "/app.js");
    assertThat(page.header("Content-Security-Policy")).isPresent();
    assertThat(b.get("/app.js").status()).isEqualTo(200);
    assertThat(b.get("/app.css").status()).isEqualTo(200);
  }

  @Test
  void dataDirectoryIsCreatedWithTheH2DatabaseInside() {
    assertThat(dataDir).isDirectory();
    assertThat(dataDir.resolve("latchkey.mv.db")).satisfies(p -> assertThat(Files.exists(p)).isTrue());
  }
}
