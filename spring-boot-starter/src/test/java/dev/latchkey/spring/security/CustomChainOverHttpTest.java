package dev.latchkey.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.LatchkeyRequests;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.NewSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with its own {@code SecurityFilterChain} that applies {@link LatchkeyConfigurer}:
 * Spring's CSRF protection left on, a sign-in path checked for its origin, and a URL rule on an
 * authority.
 */
@SpringBootTest(classes = CustomChainOverHttpTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomChainOverHttpTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Api.class)
  static class App {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      return http
          .with(LatchkeyConfigurer.latchkey(), latchkey -> latchkey.sameOrigin("/login")
              .allowEnrollment("/enrol/**"))
          .authorizeHttpRequests(requests -> requests
              .requestMatchers("/login").permitAll()
              .requestMatchers(HttpMethod.DELETE, "/v1/**").hasAuthority("SCOPE_admin")
              .anyRequest().authenticated())
          .build();
    }
  }

  @RestController
  static class Api {
    private final Latchkey latchkey;
    private final LatchkeyAuthenticator authenticator;

    Api(Latchkey latchkey, LatchkeyAuthenticator authenticator) {
      this.latchkey = latchkey;
      this.authenticator = authenticator;
    }

    /** Signs the named account in without a password: enough to test the cookie and origin. */
    @PostMapping("/login")
    Map<String, Object> login(@RequestBody Map<String, String> body, HttpServletRequest request,
        HttpServletResponse response) {
      NewSession session = latchkey.sessions().create(body.get("account"),
          LatchkeyRequests.clientInfo(request));
      authenticator.setSessionCookie(request, response, session);
      return Map.of("status", "signed_in");
    }

    @PostMapping("/notes")
    Map<String, Object> note(LatchkeyAuthentication auth) {
      return Map.of("by", auth.getName());
    }

    @GetMapping("/enrol/status")
    Map<String, Object> enrolment(LatchkeyAuthentication auth) {
      return Map.of("authorities", auth.getAuthorities().toString());
    }

    @GetMapping("/reports")
    Map<String, Object> reports(LatchkeyAuthentication auth) {
      return Map.of("by", auth.getName());
    }

    @DeleteMapping("/v1/things/{id}")
    Map<String, Object> delete(@PathVariable String id) {
      return Map.of("deleted", id);
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
  void appChainThenStarterDefaultChainBacksOff() {
    assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api");
  }

  @Test
  void sameOriginSignInThenCookieAndItAuthenticatesAStateChange() throws Exception {
    HttpResponse<String> login = http.postJson("/login", "{\"account\":\"acct-10\"}",
        "Origin", "http://localhost:" + port);
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("latchkey_session=").contains("HttpOnly")
        .contains("SameSite=Lax");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    // Spring's CSRF token is not needed: Latchkey's cross-site check guards the cookie.
    HttpResponse<String> note = http.postJson("/notes", "{}", "Cookie", cookie,
        "Origin", "http://localhost:" + port);
    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(note.body()).contains("\"by\":\"acct-10\"");
  }

  @Test
  void crossSiteSignInThen403CrossSiteRequest() throws Exception {
    HttpResponse<String> r = http.postJson("/login", "{\"account\":\"acct-11\"}",
        "Origin", "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"cross_site_request\"");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void formPostWithoutLatchkeyCredentialsThenSpringCsrfStillGuardsIt() throws Exception {
    HttpResponse<String> r = http.postForm("/notes", "text=hi");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"csrf_token_invalid\"");
  }

  @Test
  void urlRuleOnAuthorityThenShortKeyGets403NamingTheScope() throws Exception {
    String readWrite = key("acct-12", Permission.READ_WRITE);
    HttpResponse<String> denied = http.delete("/v1/things/7",
        "Authorization", Http.bearer(readWrite));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"admin\"");

    String admin = key("acct-12", Permission.ADMIN);
    HttpResponse<String> allowed = http.delete("/v1/things/7", "Authorization", Http.bearer(admin));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("\"deleted\":\"7\"");
  }

  @Test
  void noCredentialsOnProtectedPathThen401() throws Exception {
    HttpResponse<String> r = http.delete("/v1/things/7");
    // CSRF comes first for an anonymous DELETE; with a bearer header it is skipped.
    assertThat(r.statusCode()).isEqualTo(403);
    HttpResponse<String> bogus = http.delete("/v1/things/7", "Authorization", "Bearer nope");
    assertThat(bogus.statusCode()).isEqualTo(401);
    assertThat(bogus.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void enrolmentOnlySessionIsRefusedExceptOnEnrolmentPaths() throws Exception {
    NewSession session = latchkey.sessions().create("acct-13", ClientInfo.unknown(),
        Assurance.ENROLLMENT_ONLY);
    String cookie = "latchkey_session=" + session.token().reveal();
    HttpResponse<String> refused = http.get("/reports", "Cookie", cookie);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("\"code\":\"two_factor_enrollment_required\"");

    HttpResponse<String> enrol = http.get("/enrol/status", "Cookie", cookie);
    assertThat(enrol.statusCode()).isEqualTo(200);
    assertThat(enrol.body()).contains("LATCHKEY_ENROLLMENT_ONLY").doesNotContain("SCOPE_");
  }
}
