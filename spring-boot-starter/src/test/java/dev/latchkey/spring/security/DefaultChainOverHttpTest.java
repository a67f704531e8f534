package dev.latchkey.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.NewSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with only the starter, an H2 {@code DataSource} (Boot's embedded one) and
 * controllers: no security configuration of its own, so the starter's default chain applies.
 */
@SpringBootTest(classes = DefaultChainOverHttpTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultChainOverHttpTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableMethodSecurity
  @Import(Api.class)
  static class App {}

  @RestController
  static class Api {
    @GetMapping("/v1/credits")
    @PreAuthorize("hasAuthority('SCOPE_read_only')")
    Map<String, Object> credits(LatchkeyAuthentication auth) {
      return Map.of("owner", auth.getName(), "credits", 42);
    }

    @PostMapping("/v1/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAuthority('SCOPE_read_write')")
    Map<String, Object> send(LatchkeyAuthentication auth) {
      return Map.of("queued", true, "by", auth.getName());
    }

    @GetMapping("/me")
    Map<String, Object> me(LatchkeyAuthentication auth) {
      return Map.of("account", auth.getName(), "session", auth.session().isPresent());
    }
  }

  @LocalServerPort int port;
  @Autowired Latchkey latchkey;
  @Autowired ApplicationContext context;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(port);
  }

  private String key(String owner, Permission permission) {
    return latchkey.apiKeys().create(owner, ApiKeySpec.builder().name("test")
        .permission(permission).build()).key().reveal();
  }

  @Test
  void onlyStarterAndDataSourceThenWorkingLatchkeyAndDefaultChain() {
    assertThat(latchkey.sessions().create("acct-0", ClientInfo.unknown())).isNotNull();
    assertThat(context.containsBean("latchkeySecurityFilterChain")).isTrue();
  }

  @Test
  void noKeyThen401WithBearerChallengeAndJsonError() throws Exception {
    HttpResponse<String> r = http.get("/v1/credits");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    String id = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(r.body()).contains("\"code\":\"unauthenticated\"")
        .contains("\"request_id\":\"" + id + "\"");
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
  }

  @Test
  void readOnlyKeyOnWriteEndpointThen403InsufficientScope() throws Exception {
    String key = key("acct-1", Permission.READ_ONLY);
    HttpResponse<String> r = http.postJson("/v1/messages", "{}",
        "Authorization", Http.bearer(key));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read_write\"");
    assertThat(r.body()).contains("\"code\":\"insufficient_scope\"");
  }

  @Test
  void readOnlyKeyOnReadEndpointThen200AsItsOwner() throws Exception {
    String key = key("acct-2", Permission.READ_ONLY);
    HttpResponse<String> r = http.get("/v1/credits", "Authorization", Http.bearer(key));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"owner\":\"acct-2\"");
  }

  @Test
  void readWriteKeyOnWriteEndpointThenAccepted() throws Exception {
    String key = key("acct-3", Permission.READ_WRITE);
    // A form body and no Origin: API keys are not subject to the cross-site check or CSRF.
    HttpResponse<String> r = http.postForm("/v1/messages", "text=hi",
        "Authorization", Http.bearer(key));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).contains("\"by\":\"acct-3\"");
  }

  @Test
  void unknownAndRevokedKeysThenSame401InvalidToken() throws Exception {
    String key = key("acct-4", Permission.READ_WRITE);
    String id = latchkey.apiKeys().list("acct-4").get(0).id();
    latchkey.apiKeys().revoke("acct-4", id);
    HttpResponse<String> revoked = http.get("/v1/credits", "Authorization", Http.bearer(key));
    HttpResponse<String> unknown = http.get("/v1/credits", "Authorization",
        Http.bearer(key("acct-4", Permission.READ_ONLY).substring(0, 8) + "x".repeat(49)));
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(revoked.body()).contains("\"code\":\"invalid_api_key\"");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).contains("\"code\":\"invalid_api_key\"");
  }

  @Test
  void sessionCookieThenAuthenticatedAndRevokedSessionLosesAccessOnItsNextRequest()
      throws Exception {
    NewSession session = latchkey.sessions().create("acct-5", ClientInfo.unknown());
    String cookie = "latchkey_session=" + session.token().reveal();
    HttpResponse<String> before = http.get("/me", "Cookie", cookie);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.body()).contains("\"account\":\"acct-5\"").contains("\"session\":true");

    latchkey.sessions().revoke("acct-5", session.id());

    HttpResponse<String> after = http.get("/me", "Cookie", cookie);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("\"code\":\"session_revoked\"");
    assertThat(after.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("latchkey_session=;") && c.contains("Max-Age=0"));
  }

  @Test
  void sessionMayWriteAndCrossSiteWriteWithItsCookieIsRefused() throws Exception {
    NewSession session = latchkey.sessions().create("acct-6", ClientInfo.unknown());
    String cookie = "latchkey_session=" + session.token().reveal();
    HttpResponse<String> sameSite = http.postJson("/v1/messages", "{}", "Cookie", cookie,
        "Sec-Fetch-Site", "same-origin");
    assertThat(sameSite.statusCode()).isEqualTo(202);

    HttpResponse<String> crossSite = http.postJson("/v1/messages", "{}", "Cookie", cookie,
        "Sec-Fetch-Site", "cross-site");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("\"code\":\"cross_site_request\"");
  }
}
