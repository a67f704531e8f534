package dev.latchkey.servlet.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.TrustedProxies;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.servlet.EmbeddedJetty;
import dev.latchkey.servlet.TestClock;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.store.inmemory.InMemoryStores;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Servlet 6 container (Jetty 12 ee10) over real HTTP, wired exactly as the
 * README's {@link ExampleApp} wires it. Cookies travel by hand (the client keeps none), so every
 * test says which cookie a browser would send.
 */
class ExampleAppTest {
  private static final String ACCOUNT = "acct_42";
  private static final String PASSWORD = "Vq7-mT2-xLp9-wRz4";

  private final TestClock clock = new TestClock();
  private final SecureRandom random = new SecureRandom();
  private final Latchkey latchkey = Latchkey.builder()
      .stores(InMemoryStores.create())
      .clock(clock)
      .random(random)
      .passwordHashing(PasswordHashingSettings.builder().memoryKib(1024).iterations(1).build())
      .sessionSettings(SessionSettings.builder().idleTimeout(Duration.ofMinutes(30)).build())
      .build();
  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  private void start(TrustedProxies proxies) throws Exception {
    assertThat(latchkey.signIn().register(ACCOUNT, PASSWORD, null).isValid()).isTrue();
    jetty = EmbeddedJetty.start(new ExampleApp(latchkey, random, proxies));
  }

  // ------------------------------------------------------------------------------------------
  // API keys
  // ------------------------------------------------------------------------------------------

  @Test
  void apiWithoutCredentialsThen401WithBearerChallengeAndJsonError() throws Exception {
    start(TrustedProxies.none());
    HttpResponse<String> r = send(get("/v1/credits"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"example\"");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/json"));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(requestId).matches("req_[0-9a-f]{16}");
    assertThat(r.body()).isEqualTo("{\"error\":{\"code\":\"missing_api_key\",\"message\":"
        + "\"Send your API key in the header: Authorization: Bearer \\u003ckey\\u003e.\","
        + "\"request_id\":\"" + requestId + "\"}}");
  }

  @Test
  void apiWithBadKeyThen401InvalidTokenAndRevokedKeyAnswersTheSame() throws Exception {
    start(TrustedProxies.none());
    String key = createKey(Permission.READ_ONLY);
    String id = latchkey.apiKeys().list(ACCOUNT).get(0).id();
    latchkey.apiKeys().revoke(ACCOUNT, id);
    // Well-formed, right checksum, but from another deployment's store: never issued here.
    String neverIssued = Latchkey.builder().stores(InMemoryStores.create()).random(random).build()
        .apiKeys().create("someone_else", ApiKeySpec.builder().name("x")
            .permission(Permission.READ_ONLY).build()).key().reveal();

    HttpResponse<String> revoked = send(get("/v1/credits").header("Authorization",
        "Bearer " + key).header("X-Request-Id", "same-id"));
    HttpResponse<String> other = send(get("/v1/credits").header("Authorization",
        "Bearer " + neverIssued).header("X-Request-Id", "same-id"));
    HttpResponse<String> garbage = send(get("/v1/credits")
        .header("Authorization", "Bearer lk_live_nope"));

    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValue("Bearer"
        + " realm=\"example\", error=\"invalid_token\", error_description=\"The API key is"
        + " invalid\"");
    assertThat(revoked.body()).contains("\"code\":\"invalid_api_key\"")
        .contains("\"request_id\":\"same-id\"").doesNotContain(key).doesNotContain("revoked");
    assertThat(other.body()).isEqualTo(revoked.body());
    assertThat(garbage.statusCode()).isEqualTo(401);
    assertThat(garbage.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void readOnlyKeyOnWriteEndpointThen403InsufficientScopeAndReadsWork() throws Exception {
    start(TrustedProxies.none());
    String key = createKey(Permission.READ_ONLY);

    HttpResponse<String> write = send(post("/v1/messages", "{}", "application/json")
        .header("Authorization", "Bearer " + key));
    HttpResponse<String> read = send(get("/v1/credits").header("Authorization", "Bearer " + key));

    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.headers().firstValue("WWW-Authenticate")).hasValue("Bearer"
        + " realm=\"example\", error=\"insufficient_scope\", scope=\"read_write\"");
    assertThat(write.body()).contains("\"code\":\"insufficient_scope\"");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("{\"owner\":\"acct_42\",\"permission\":\"read_only\"}");
  }

  @Test
  void readWriteKeyOnWriteEndpointFromAnywhereThenNoCrossSiteCheck() throws Exception {
    start(TrustedProxies.none());
    String key = createKey(Permission.READ_WRITE);

    // A key is no ambient credential: a cross-site page cannot make a browser send it.
    HttpResponse<String> r = send(post("/v1/messages", "hello", "text/plain")
        .header("Authorization", "Bearer " + key).header("Sec-Fetch-Site", "cross-site"));

    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void sessionCookieOnApiKeyEndpointThenIgnored() throws Exception {
    start(TrustedProxies.none());
    String cookie = signIn(List.of()).cookieValue;

    HttpResponse<String> r = send(get("/v1/credits")
        .header("Cookie", "latchkey_session=" + cookie));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":\"missing_api_key\"");
  }

  // ------------------------------------------------------------------------------------------
  // Sessions
  // ------------------------------------------------------------------------------------------

  @Test
  void signInOnLocalhostThenPlainHttpOnlyLaxCookieAndPrincipalOnNextRequest() throws Exception {
    start(TrustedProxies.none());
    SignIn in = signIn(List.of());

    assertThat(in.setCookie).matches("latchkey_session=[A-Za-z0-9_-]{43}; Path=/;"
        + " Max-Age=\\d+; HttpOnly; SameSite=Lax");
    HttpResponse<String> me = send(get("/me")
        .header("Cookie", "latchkey_session=" + in.cookieValue));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo(
        "{\"account\":\"acct_42\",\"auth_type\":\"LATCHKEY_SESSION\",\"ip\":\"127.0.0.1\"}");
  }

  @Test
  void noSessionCookieThen401UnauthenticatedWithoutBearerChallenge() throws Exception {
    start(TrustedProxies.none());
    HttpResponse<String> r = send(get("/me"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(r.body()).contains("\"code\":\"unauthenticated\"");
  }

  @Test
  void revokedSessionThen401OnItsVeryNextRequestAndCookieCleared() throws Exception {
    start(TrustedProxies.none());
    String cookie = "latchkey_session=" + signIn(List.of()).cookieValue;
    assertThat(send(get("/me").header("Cookie", cookie)).statusCode()).isEqualTo(200);

    latchkey.sessions().revokeAll(ACCOUNT);   // "sign out everywhere", from another device
    HttpResponse<String> r = send(get("/me").header("Cookie", cookie));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":\"session_revoked\"");
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly(
        "latchkey_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  }

  @Test
  void idleSessionThen401SessionExpiredByTheInjectedClock() throws Exception {
    start(TrustedProxies.none());
    String cookie = "latchkey_session=" + signIn(List.of()).cookieValue;

    clock.advance(Duration.ofMinutes(29));
    assertThat(send(get("/me").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    HttpResponse<String> r = send(get("/me").header("Cookie", cookie));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":\"session_expired\"");
  }

  @Test
  void logoutFromOwnOriginThenSessionEndsAndCookieCleared() throws Exception {
    start(TrustedProxies.none());
    String cookie = "latchkey_session=" + signIn(List.of()).cookieValue;

    HttpResponse<String> r = send(post("/logout", "", "text/plain").header("Cookie", cookie)
        .header("Sec-Fetch-Site", "same-origin"));

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly(
        "latchkey_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    assertThat(send(get("/me").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  // ------------------------------------------------------------------------------------------
  // Cross-site requests
  // ------------------------------------------------------------------------------------------

  @Test
  void crossSitePostWithSessionCookieThen403AndSessionUntouched() throws Exception {
    start(TrustedProxies.none());
    String cookie = "latchkey_session=" + signIn(List.of()).cookieValue;

    HttpResponse<String> fetchSite = send(post("/logout", "", "application/json")
        .header("Cookie", cookie).header("Sec-Fetch-Site", "cross-site"));
    HttpResponse<String> sibling = send(post("/logout", "", "application/json")
        .header("Cookie", cookie).header("Sec-Fetch-Site", "same-site"));
    HttpResponse<String> origin = send(post("/logout", "a=b",
        "application/x-www-form-urlencoded").header("Cookie", cookie)
        .header("Origin", "https://evil.example"));
    HttpResponse<String> noHeaders = send(post("/logout", "a=b", "text/plain")
        .header("Cookie", cookie));

    for (HttpResponse<String> r : List.of(fetchSite, sibling, origin)) {
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("\"code\":\"cross_site_request\"");
      assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }
    assertThat(noHeaders.statusCode()).isEqualTo(403);
    assertThat(noHeaders.body()).contains("\"code\":\"json_content_type_required\"");
    assertThat(send(get("/me").header("Cookie", cookie)).statusCode()).isEqualTo(200);
  }

  @Test
  void sameOriginPostByOriginHeaderOrJsonThenAllowed() throws Exception {
    start(TrustedProxies.none());
    String first = "latchkey_session=" + signIn(List.of()).cookieValue;
    String second = "latchkey_session=" + signIn(List.of()).cookieValue;

    assertThat(send(post("/logout", "a=b", "application/x-www-form-urlencoded")
        .header("Cookie", first).header("Origin", jetty.origin())).statusCode()).isEqualTo(204);
    assertThat(send(post("/logout", "{}", "application/json").header("Cookie", second))
        .statusCode()).isEqualTo(204);
  }

  @Test
  void crossSiteLoginFormThen403NoSession() throws Exception {
    start(TrustedProxies.none());
    HttpResponse<String> r = send(post("/login", "account=" + ACCOUNT + "&password="
        + PASSWORD, "application/x-www-form-urlencoded")
        .header("Origin", "https://evil.example"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"cross_site_request\"");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Behind a reverse proxy
  // ------------------------------------------------------------------------------------------

  @Test
  void forwardedHttpsFromTrustedProxyThenHostPrefixedSecureCookieReadUnderThatNameOnly()
      throws Exception {
    start(TrustedProxies.loopbackAndPrivate());   // the test client connects from 127.0.0.1
    SignIn in = signIn(List.of("X-Forwarded-Proto", "https"));

    assertThat(in.setCookie).matches("__Host-latchkey_session=[A-Za-z0-9_-]{43}; Path=/;"
        + " Max-Age=\\d+; HttpOnly; SameSite=Lax; Secure");
    String cookie = "__Host-latchkey_session=" + in.cookieValue;
    assertThat(send(get("/me").header("Cookie", cookie).header("X-Forwarded-Proto", "https"))
        .statusCode()).isEqualTo(200);
    // Over plain http://localhost the app reads the plain name only.
    assertThat(send(get("/me").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void signInThenDeviceCookieUnderTheSameRulesAndSentBackAtTheNextSignIn() throws Exception {
    start(TrustedProxies.none());
    HttpResponse<String> first = send(post("/login", "account=" + ACCOUNT + "&password="
        + PASSWORD, "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin"));
    String device = first.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("latchkey_device=")).findFirst().orElseThrow();
    assertThat(device).matches("latchkey_device=[^;]+; Path=/; Max-Age=\\d+; HttpOnly;"
        + " SameSite=Lax");

    // Five wrong passwords from elsewhere lock the account for browsers it does not know…
    for (int i = 0; i < 5; i++) {
      send(post("/login", "account=" + ACCOUNT + "&password=wrong-" + i,
          "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin"));
    }
    HttpResponse<String> stranger = send(post("/login", "account=" + ACCOUNT + "&password="
        + PASSWORD, "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin"));
    // …but not for this one, which sends its device cookie back.
    HttpResponse<String> known = send(post("/login", "account=" + ACCOUNT + "&password="
        + PASSWORD, "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
        .header("Cookie", device.substring(0, device.indexOf(';'))));

    assertThat(stranger.statusCode()).isEqualTo(401);
    assertThat(known.statusCode()).isEqualTo(200);
  }

  @Test
  void forwardedHttpsFromUntrustedPeerThenIgnoredAndCookiePlain() throws Exception {
    start(TrustedProxies.of("10.0.0.0/8"));   // the test client is not one of them
    SignIn in = signIn(List.of("X-Forwarded-Proto", "https"));

    assertThat(in.setCookie).startsWith("latchkey_session=").doesNotContain("Secure");
  }

  @Test
  void xForwardedForFromUntrustedPeerThenIgnoredFromTrustedProxyThenUsed() throws Exception {
    start(TrustedProxies.none());
    String cookie = "latchkey_session=" + signIn(List.of()).cookieValue;
    HttpResponse<String> untrusted = send(get("/me").header("Cookie", cookie)
        .header("X-Forwarded-For", "203.0.113.9"));
    assertThat(untrusted.body()).contains("\"ip\":\"127.0.0.1\"");
    jetty.close();
    jetty = null;

    start(TrustedProxies.loopbackAndPrivate());
    cookie = "latchkey_session=" + signIn(List.of()).cookieValue;
    HttpResponse<String> trusted = send(get("/me").header("Cookie", cookie)
        .header("X-Forwarded-For", "1.2.3.4, 203.0.113.9"));
    assertThat(trusted.body()).contains("\"ip\":\"203.0.113.9\"");
  }

  // ------------------------------------------------------------------------------------------

  private String createKey(Permission permission) {
    return latchkey.apiKeys().create(ACCOUNT,
        ApiKeySpec.builder().name("test").permission(permission).build()).key().reveal();
  }

  private record SignIn(String setCookie, String cookieValue) {}

  private static final Pattern COOKIE_VALUE = Pattern.compile("^[^=]+=([^;]*);");

  private SignIn signIn(List<String> extraHeaders) throws Exception {
    HttpRequest.Builder b = post("/login", "account=" + ACCOUNT + "&password="
        + PASSWORD, "application/x-www-form-urlencoded")
        .header("Sec-Fetch-Site", "same-origin");
    for (int i = 0; i < extraHeaders.size(); i += 2) {
      b.header(extraHeaders.get(i), extraHeaders.get(i + 1));
    }
    HttpResponse<String> r = send(b);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> setCookies = r.headers().allValues("Set-Cookie");
    assertThat(setCookies).hasSize(2).anySatisfy(c -> assertThat(c).contains("latchkey_device="));
    String setCookie = setCookies.stream().filter(c -> c.contains("latchkey_session="))
        .findFirst().orElseThrow();
    Matcher m = COOKIE_VALUE.matcher(setCookie);
    assertThat(m.find()).isTrue();
    return new SignIn(setCookie, m.group(1));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(jetty.uri(path)).GET();
  }

  private HttpRequest.Builder post(String path, String body, String contentType) {
    return HttpRequest.newBuilder(jetty.uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
