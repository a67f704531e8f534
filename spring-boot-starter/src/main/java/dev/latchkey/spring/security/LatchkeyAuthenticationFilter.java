package dev.latchkey.spring.security;

import dev.latchkey.apikey.Permission;
import dev.latchkey.servlet.Access;
import dev.latchkey.servlet.ApiKeyPrincipal;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.LatchkeyPrincipal;
import dev.latchkey.servlet.LatchkeyRequests;
import dev.latchkey.servlet.RequestAuthentication;
import dev.latchkey.servlet.RequestAuthentication.Reason;
import dev.latchkey.servlet.RequestAuthentication.Refused;
import dev.latchkey.servlet.SessionPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/*
 * Design: authentication here, authorization in Spring Security. Every request is authenticated
 * with Access.sessionOrApiKey(READ_ONLY), which every valid key and every full session passes;
 * what an endpoint needs beyond that is a rule or @PreAuthorize over the authorities. A request
 * that is not authenticated goes on anonymously (a permitAll endpoint still answers it) with its
 * refusal on the request, for the entry point to answer if the endpoint needs authentication. Two
 * refusals are answered here at once: a cross-site state change carrying the session cookie, and a
 * cross-site state change on a sameOrigin path (sign-in, sign-up).
 */
/**
 * Authenticates each request by session cookie or {@code Authorization: Bearer} API key through
 * {@link LatchkeyAuthenticator}, and puts the result in Spring Security's context as a
 * {@link LatchkeyAuthentication}. Added to a filter chain by {@link LatchkeyConfigurer}.
 */
final class LatchkeyAuthenticationFilter extends OncePerRequestFilter {
  /** The request attribute holding the {@link Refused} of a request that did not authenticate. */
  static final String REFUSAL_ATTRIBUTE = LatchkeyAuthenticationFilter.class.getName() + ".refused";

  private static final Logger LOG = LoggerFactory.getLogger(LatchkeyAuthenticationFilter.class);
  private static final Access ANY_CREDENTIAL = Access.sessionOrApiKey(Permission.READ_ONLY);

  private final LatchkeyAuthenticator authenticator;
  private final RequestMatcher sameOrigin;
  private final RequestMatcher enrollment;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();
  private final SecurityContextRepository repository =
      new RequestAttributeSecurityContextRepository();

  LatchkeyAuthenticationFilter(LatchkeyAuthenticator authenticator, RequestMatcher sameOrigin,
      RequestMatcher enrollment) {
    this.authenticator = authenticator;
    this.sameOrigin = sameOrigin;
    this.enrollment = enrollment;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String requestId = authenticator.requestId(request, response);
    request.setAttribute(LatchkeyRequests.CLIENT_ATTRIBUTE, authenticator.clientInfo(request));
    if (sameOrigin.matches(request)
        && authenticator.authenticate(request, Access.sameOrigin()) instanceof Refused refused) {
      refuse(request, response, requestId, refused);
      return;
    }
    RequestAuthentication result = authenticator.authenticate(request, ANY_CREDENTIAL);
    if (result instanceof Refused refused && refused.reason() == Reason.ENROLLMENT_REQUIRED
        && enrollment.matches(request)) {
      // Rare: an account that must enrol a second factor, on a path where it may.
      result = authenticator.authenticate(request, Access.sessionAllowingEnrollment());
    }
    if (result instanceof RequestAuthentication.Authenticated authenticated) {
      LatchkeyPrincipal principal = authenticated.principal();
      request.setAttribute(LatchkeyRequests.PRINCIPAL_ATTRIBUTE, principal);
      if (principal instanceof SessionPrincipal s) {
        request.setAttribute(LatchkeyRequests.SESSION_ATTRIBUTE, s.session());
      } else if (principal instanceof ApiKeyPrincipal k) {
        request.setAttribute(LatchkeyRequests.API_KEY_ATTRIBUTE, k.apiKey());
      }
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(new LatchkeyAuthentication(principal));
      contexts.setContext(context);
      repository.saveContext(context, request, response);
    } else if (result instanceof Refused refused) {
      if (refused.reason() == Reason.CROSS_SITE_REQUEST) {
        refuse(request, response, requestId, refused);
        return;
      }
      if (refused.reason() != Reason.MISSING_CREDENTIALS) {
        LOG.debug("Not authenticated: {} {} (request_id={}): {}", request.getMethod(),
            request.getRequestURI(), requestId, refused.logDetail());
      }
      request.setAttribute(REFUSAL_ATTRIBUTE, refused);
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, String requestId,
      Refused refused) throws IOException {
    LOG.debug("Refused {} {} (request_id={}): {}", request.getMethod(), request.getRequestURI(),
        requestId, refused.logDetail());
    authenticator.respond(request, response, refused);
  }
}
