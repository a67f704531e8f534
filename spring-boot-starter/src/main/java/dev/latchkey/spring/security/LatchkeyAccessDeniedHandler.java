package dev.latchkey.spring.security;

import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers 403 when an authenticated request is denied.
 *
 * <ul>
 *   <li>An API key short of a scope authority: {@code insufficient_scope} with
 *       {@code WWW-Authenticate: Bearer realm="api", error="insufficient_scope", scope="…"}
 *       (RFC 6750 §3.1). The scope is the first {@code SCOPE_…} authority the denying rule named
 *       ({@code hasAuthority} in {@code authorizeHttpRequests}, or a literal
 *       {@code 'SCOPE_…'} in a {@code @PreAuthorize} expression) that the key lacks; when the rule
 *       names none, the challenge carries no {@code scope}.
 *   <li>A CSRF token refused by Spring Security: {@code csrf_token_invalid}.
 *   <li>Anything else (a session short of a role): {@code forbidden}.
 * </ul>
 * The body is {@code {"error":{"code":…,"message":…,"request_id":…}}}.
 */
public final class LatchkeyAccessDeniedHandler implements AccessDeniedHandler {
  private static final Pattern SCOPE_LITERAL = Pattern.compile(
      "'" + LatchkeyAuthorities.SCOPE_PREFIX + "([^']+)'");

  private final LatchkeyAuthenticator authenticator;

  /** A handler answering through this authenticator. */
  public LatchkeyAccessDeniedHandler(LatchkeyAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      AccessDeniedException denied) throws IOException {
    Authentication auth = SecurityContextHolder.getContextHolderStrategy().getContext()
        .getAuthentication();
    if (denied instanceof CsrfException) {
      authenticator.respondForbidden(request, response, "csrf_token_invalid",
          "The request's CSRF token is missing or invalid.", null);
      return;
    }
    if (auth instanceof LatchkeyAuthentication latchkey && latchkey.apiKey().isPresent()) {
      AuthenticatedApiKey key = latchkey.apiKey().get();
      String scope = missingScope(denied, granted(auth));
      if (scope != null) {
        try {
          authenticator.respond(request, response, authenticator.insufficientScope(key, scope));
          return;
        } catch (IllegalArgumentException notScopeSyntax) {
          // An authority named like a scope but not one (spaces, quotes): answer without it.
        }
      }
      String challenge = new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.MISSING)
          .wwwAuthenticate(authenticator.realm()) + ", error=\"insufficient_scope\"";
      authenticator.respondForbidden(request, response, "insufficient_scope",
          "This API key's permission (" + key.permission().code() + ") does not allow this.",
          challenge);
      return;
    }
    authenticator.respondForbidden(request, response, "forbidden",
        "You are not allowed to do this.", null);
  }

  private static Set<String> granted(Authentication auth) {
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .collect(Collectors.toSet());
  }

  /** The first scope the denying rule asked for that the caller does not have, or null. */
  static String missingScope(AccessDeniedException denied, Set<String> granted) {
    if (!(denied instanceof AuthorizationDeniedException authorization)) {
      return null;
    }
    AuthorizationResult result = authorization.getAuthorizationResult();
    List<String> required = new ArrayList<>();
    if (result instanceof AuthorityAuthorizationDecision authorities) {
      authorities.getAuthorities().forEach(a -> required.add(a.getAuthority()));
    } else if (result instanceof ExpressionAuthorizationDecision expression) {
      Matcher m = SCOPE_LITERAL.matcher(expression.getExpression().getExpressionString());
      while (m.find()) {
        required.add(LatchkeyAuthorities.SCOPE_PREFIX + m.group(1));
      }
    }
    for (String authority : required) {
      if (authority.startsWith(LatchkeyAuthorities.SCOPE_PREFIX) && !granted.contains(authority)) {
        return authority.substring(LatchkeyAuthorities.SCOPE_PREFIX.length());
      }
    }
    return null;
  }
}
