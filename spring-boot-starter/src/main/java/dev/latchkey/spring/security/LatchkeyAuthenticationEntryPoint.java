package dev.latchkey.spring.security;

import dev.latchkey.apikey.Permission;
import dev.latchkey.servlet.Access;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.RequestAuthentication;
import dev.latchkey.servlet.RequestAuthentication.Refused;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication and has none, as {@code LatchkeyFilter} would: the
 * refusal {@link LatchkeyConfigurer}'s filter found (401 {@code invalid_api_key} with
 * {@code WWW-Authenticate: Bearer realm="api", error="invalid_token", …}; 401
 * {@code session_revoked} or {@code session_expired}, clearing the cookie; 403
 * {@code two_factor_enrollment_required}), or else 401 {@code unauthenticated} with
 * {@code WWW-Authenticate: Bearer realm="api"}. The body is
 * {@code {"error":{"code":…,"message":…,"request_id":…}}}.
 */
public final class LatchkeyAuthenticationEntryPoint implements AuthenticationEntryPoint {
  private static final Access ANY_CREDENTIAL = Access.sessionOrApiKey(Permission.READ_ONLY);

  private final LatchkeyAuthenticator authenticator;

  /** An entry point answering through this authenticator. */
  public LatchkeyAuthenticationEntryPoint(LatchkeyAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response,
      AuthenticationException exception) throws IOException {
    Object found = request.getAttribute(LatchkeyAuthenticationFilter.REFUSAL_ATTRIBUTE);
    Refused refused = found instanceof Refused r ? r : missingCredentials(request);
    authenticator.respond(request, response, refused);
  }

  /**
   * The "no credentials" refusal, asked of the authenticator with the credentials hidden: no
   * store is read, and the answer is the one the filter gives a bare request.
   */
  private Refused missingCredentials(HttpServletRequest request) {
    RequestAuthentication result =
        authenticator.authenticate(new WithoutCredentials(request), ANY_CREDENTIAL);
    return (Refused) result;
  }

  /** The request without its cookies and its {@code Authorization} header. */
  private static final class WithoutCredentials extends HttpServletRequestWrapper {
    WithoutCredentials(HttpServletRequest request) {
      super(request);
    }

    @Override
    public Cookie[] getCookies() {
      return null;
    }

    @Override
    public String getHeader(String name) {
      return "Authorization".equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return "Authorization".equalsIgnoreCase(name) ? Collections.emptyEnumeration()
          : super.getHeaders(name);
    }
  }
}
