package dev.latchkey.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.store.inmemory.InMemoryStores;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.authority.AuthorityUtils;

class LatchkeyAuthoritiesTest {

  @Test
  void missingScopeFromPreAuthorizeExpressionIsTheFirstNotGranted() {
    var decision = new ExpressionAuthorizationDecision(false, new SpelExpressionParser()
        .parseExpression("hasAnyAuthority('SCOPE_read_only', 'SCOPE_messages:send')"));
    var denied = new AuthorizationDeniedException("Access Denied", decision);
    assertThat(LatchkeyAccessDeniedHandler.missingScope(denied, Set.of("SCOPE_read_only")))
        .isEqualTo("messages:send");
  }

  @Test
  void missingScopeFromAuthorityRule() {
    var decision = new AuthorityAuthorizationDecision(false,
        AuthorityUtils.createAuthorityList("SCOPE_admin"));
    var denied = new AuthorizationDeniedException("Access Denied", decision);
    assertThat(LatchkeyAccessDeniedHandler.missingScope(denied,
        Set.of("SCOPE_read_only", "SCOPE_read_write"))).isEqualTo("admin");
  }

  @Test
  void ruleNamingNoScopeThenNone() {
    var decision = new ExpressionAuthorizationDecision(false,
        new SpelExpressionParser().parseExpression("hasRole('ADMIN')"));
    assertThat(LatchkeyAccessDeniedHandler.missingScope(
        new AuthorizationDeniedException("Access Denied", decision), Set.of())).isNull();
    assertThat(LatchkeyAccessDeniedHandler.missingScope(new AccessDeniedException("x"), Set.of()))
        .isNull();
  }

  @Test
  void permissionScopesAreNamedByTheirCodes() {
    assertThat(LatchkeyAuthorities.scope(dev.latchkey.apikey.Permission.READ_WRITE))
        .isEqualTo("SCOPE_read_write");
    assertThat(LatchkeyAuthorities.ofSession(true)).extracting(a -> a.getAuthority())
        .containsExactly("LATCHKEY_SESSION", "SCOPE_read_only", "SCOPE_read_write", "SCOPE_admin");
    assertThat(LatchkeyAuthorities.ofSession(false)).extracting(a -> a.getAuthority())
        .containsExactly("LATCHKEY_ENROLLMENT_ONLY");
  }

  @Test
  void errorBodyEscapesQuotesAndMarkup() throws Exception {
    SecureRandom random = new SecureRandom();
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create())
        .clock(Clock.systemUTC()).random(random).build();
    LatchkeyAuthenticator authenticator = LatchkeyAuthenticator.builder(latchkey, random).build();
    MockHttpServletResponse response = new MockHttpServletResponse();
    authenticator.respondForbidden(new MockHttpServletRequest(), response, "forbidden",
        "a \"b\" <c>", null);
    String id = response.getHeader("X-Request-Id");
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentAsString())
        .isEqualTo("{\"error\":{\"code\":\"forbidden\",\"message\":\"a \\\"b\\\" \\u003cc\\u003e\","
            + "\"request_id\":\"" + id + "\"}}");
  }
}
