package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.Assurance;
import dev.latchkey.store.inmemory.InMemoryStores;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter's rules and answers, in Jetty 12 ee10, in front of a servlet that echoes the proof. */
class LatchkeyFilterTest {
  private static final String ACCOUNT = "acct_7";

  private final TestClock clock = new TestClock();
  private final SecureRandom random = new SecureRandom();
  private final Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create())
      .clock(clock).random(random).build();
  private final LatchkeyAuthenticator authenticator =
      LatchkeyAuthenticator.builder(latchkey, random).build();
  private final HttpClient http = HttpClient.newHttpClient();
  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    LatchkeyFilter filter = LatchkeyFilter.builder(authenticator)
        .rule("/open/*", Access.permitAll())
        .rule("/enrol/*", Access.sessionAllowingEnrollment())
        .rule("/account/*", Access.session())
        .rule("/either", Access.sessionOrApiKey(Permission.READ_WRITE))
        .rule("/messages", Access.apiKey("messages:send"))
        .build();
    jetty = EmbeddedJetty.start(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().addFilter("latchkey", filter)
            .addMappingForUrlPatterns(null, false, "/*");
        event.getServletContext().addServlet("echo", new Echo()).addMapping("/*");
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  /** Says what the chain saw. */
  static final class Echo extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/plain");
      res.getWriter().print("principal=" + (req.getUserPrincipal() == null ? "none"
          : req.getUserPrincipal().getClass().getSimpleName() + ":" + req.getRemoteUser()
              + ":" + req.getAuthType())
          + " session=" + LatchkeyRequests.session(req).isPresent()
          + " key=" + LatchkeyRequests.apiKey(req).isPresent()
          + " same=" + (LatchkeyRequests.principal(req).orElse(null) == req.getUserPrincipal())
          + " id=" + LatchkeyRequests.requestId(req));
    }
  }

  @Test
  void enrollmentOnlySessionThen403OnFullSessionPathsAndAllowedOnEnrolmentPaths()
      throws Exception {
    String cookie = cookie(Assurance.ENROLLMENT_ONLY);

    HttpResponse<String> full = send(get("/account/settings").header("Cookie", cookie));
    HttpResponse<String> enrol = send(get("/enrol/2fa").header("Cookie", cookie));

    assertThat(full.statusCode()).isEqualTo(403);
    assertThat(full.body()).contains("\"code\":\"two_factor_enrollment_required\"");
    assertThat(enrol.statusCode()).isEqualTo(200);
    assertThat(enrol.body()).startsWith("principal=SessionPrincipal:acct_7:LATCHKEY_SESSION"
        + " session=true key=false same=true");
  }

  @Test
  void sessionOrApiKeyWhenBothSentThenTheKeyDecides() throws Exception {
    String cookie = cookie(Assurance.SINGLE_FACTOR);
    String readOnly = key(Permission.READ_ONLY);

    HttpResponse<String> both = send(get("/either").header("Cookie", cookie)
        .header("Authorization", "Bearer " + readOnly));
    HttpResponse<String> sessionOnly = send(get("/either").header("Cookie", cookie));

    assertThat(both.statusCode()).isEqualTo(403);
    assertThat(both.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read_write\"");
    assertThat(sessionOnly.statusCode()).isEqualTo(200);
    assertThat(sessionOnly.body()).contains("principal=SessionPrincipal:acct_7");
  }

  @Test
  void sessionOrApiKeyWhenAuthorizationIsAnotherSchemeThenTheCookieStillCounts()
      throws Exception {
    // A browser behind a Basic-auth proxy sends Authorization on every request.
    HttpResponse<String> r = send(get("/either").header("Cookie", cookie(Assurance.SINGLE_FACTOR))
        .header("Authorization", "Basic dXNlcjpwYXNz"));

    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void sessionOrApiKeyWithNothingThen401WithBearerChallenge() throws Exception {
    HttpResponse<String> r = send(get("/either"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
    assertThat(r.body()).contains("\"code\":\"unauthenticated\"");
  }

  @Test
  void customScopeThenGrantedByListWildcardOrAdminOnly() throws Exception {
    String wildcard = latchkey.apiKeys().create(ACCOUNT, ApiKeySpec.builder().name("w")
        .permission(Permission.READ_WRITE).scopes("messages:*").build()).key().reveal();
    String plain = key(Permission.READ_WRITE);
    String admin = key(Permission.ADMIN);

    assertThat(send(get("/messages").header("Authorization", "Bearer " + wildcard)).body())
        .startsWith("principal=ApiKeyPrincipal:acct_7:BEARER session=false key=true same=true");
    assertThat(send(get("/messages").header("Authorization", "Bearer " + admin)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = send(get("/messages").header("Authorization",
        "Bearer " + plain));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"messages:send\"");
  }

  @Test
  void pathNoRuleMatchesThenClosedBySessionDefault() throws Exception {
    HttpResponse<String> r = send(get("/forgotten"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(send(get("/forgotten").header("Cookie", cookie(Assurance.SINGLE_FACTOR)))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void permitAllThenNoPrincipalEvenWithAValidCookieButARequestId() throws Exception {
    HttpResponse<String> r = send(get("/open").header("Cookie", cookie(Assurance.SINGLE_FACTOR)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("principal=none session=false key=false");
    assertThat(r.body()).endsWith("id=" + r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void requestIdWhenCallerSendsASaneOneThenReusedElseReplaced() throws Exception {
    assertThat(send(get("/open").header("X-Request-Id", "trace.1-a_B")).headers()
        .firstValue("X-Request-Id")).hasValue("trace.1-a_B");
    assertThat(send(get("/open").header("X-Request-Id", "x".repeat(65))).headers()
        .firstValue("X-Request-Id").orElseThrow()).matches("req_[0-9a-f]{16}");
    assertThat(send(get("/open").header("X-Request-Id", "a<script>")).headers()
        .firstValue("X-Request-Id").orElseThrow()).matches("req_[0-9a-f]{16}");
  }

  @Test
  void pathWithDotSegmentsThenTheRuleOfTheNormalisedPathNeverOfItsPrefix() throws Exception {
    // /open/../account/x is /account/x once the container normalised it: a session path.
    HttpResponse<String> plain = send(HttpRequest.newBuilder(
        java.net.URI.create(jetty.uri("/") + "open/../account/x")).GET());
    // Jetty refuses an encoded dot segment outright (ambiguous URI) before any filter runs.
    HttpResponse<String> encoded = send(HttpRequest.newBuilder(
        java.net.URI.create(jetty.uri("/") + "open/%2e%2e/account/x")).GET());

    assertThat(plain.statusCode()).isEqualTo(401);
    assertThat(encoded.statusCode()).isEqualTo(400);
  }

  // ------------------------------------------------------------------------------------------
  // Rules without HTTP
  // ------------------------------------------------------------------------------------------

  @Test
  void rulesThenFirstMatchInOrderMethodSpecificPrefixesIncludeTheirRoot() {
    LatchkeyFilter f = LatchkeyFilter.builder(authenticator)
        .rule("POST", "/v1/messages", Access.apiKey(Permission.READ_WRITE))
        .rule("/v1/*", Access.apiKey(Permission.READ_ONLY))
        .rule("/login", Access.sameOrigin())
        .otherwise(Access.permitAll())
        .build();

    assertThat(f.accessFor("POST", "/v1/messages")).hasToString("Access[apiKey read_write]");
    assertThat(f.accessFor("GET", "/v1/messages")).hasToString("Access[apiKey read_only]");
    assertThat(f.accessFor("GET", "/v1")).hasToString("Access[apiKey read_only]");
    assertThat(f.accessFor("GET", "/v1x")).hasToString("Access[permitAll]");
    assertThat(f.accessFor("POST", "/login")).hasToString("Access[sameOrigin]");
    assertThat(f.accessFor("POST", "/login/x")).hasToString("Access[permitAll]");
  }

  @Test
  void ruleWhenPatternOrMethodInvalidThenRefusedAtBuild() {
    LatchkeyFilter.Builder b = LatchkeyFilter.builder(authenticator);
    for (String bad : new String[] {"v1/*", "/v1/*/x", "/v1*", "/**", ""}) {
      assertThatThrownBy(() -> b.rule(bad, Access.session()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid path pattern");
    }
    assertThatThrownBy(() -> b.rule("GET POST", "/x", Access.session()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid method");
    assertThat(LatchkeyFilter.builder(authenticator).rule("/*", Access.permitAll()).build()
        .accessFor("GET", "/anything")).isSameAs(Access.permitAll());
  }

  @Test
  void accessApiKeyScopeWhenPermissionCodeThenThatPermissionWhenInvalidThenRefused() {
    assertThat(Access.apiKey("read_write")).hasToString("Access[apiKey read_write]");
    assertThat(Access.apiKey("messages:send")).hasToString("Access[apiKey messages:send]");
    assertThatThrownBy(() -> Access.apiKey("Messages send"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
  }

  @Test
  void realmWhenAHeaderCannotCarryItThenRefusedAtBuild() {
    assertThatThrownBy(() -> LatchkeyAuthenticator.builder(latchkey, random).realm("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LatchkeyAuthenticator.builder(latchkey, random).realm("a \"b\"").build().realm())
        .isEqualTo("a \"b\"");
  }

  @Test
  void errorBodyThenEveryStringEscaped() {
    assertThat(ErrorBodies.json("c\"1", "a\\b\n<x>&\u0001", "id"))
        .isEqualTo("{\"error\":{\"code\":\"c\\\"1\",\"message\":\"a\\\\b\\n\\u003cx\\u003e"
            + "\\u0026\\u0001\",\"request_id\":\"id\"}}");
  }

  // ------------------------------------------------------------------------------------------

  private String cookie(Assurance assurance) {
    return "latchkey_session=" + latchkey.sessions().create(ACCOUNT,
        new ClientInfo("127.0.0.1", "test"), assurance).token().reveal();
  }

  private String key(Permission permission) {
    return latchkey.apiKeys().create(ACCOUNT, ApiKeySpec.builder().name("k")
        .permission(permission).build()).key().reveal();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(jetty.uri(path)).GET();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
