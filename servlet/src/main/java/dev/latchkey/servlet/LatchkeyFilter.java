package dev.latchkey.servlet;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.servlet.RequestAuthentication.Refused;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet {@link Filter} that authenticates every request it sees as the first matching rule
 * says, and answers the ones it refuses.
 *
 * <pre>{@code
 * LatchkeyFilter filter = LatchkeyFilter.builder(authenticator)
 *     .rule("/api/login", Access.sameOrigin())
 *     .rule("/api/*", Access.session())
 *     .rule("POST", "/v1/messages", Access.apiKey(Permission.READ_WRITE))
 *     .rule("/v1/*", Access.apiKey(Permission.READ_ONLY))
 *     .otherwise(Access.permitAll())
 *     .build();
 * }</pre>
 *
 * <h2>What it does to every request</h2>
 * <ul>
 *   <li>Gives it a request id ({@code X-Request-Id}; see {@link LatchkeyRequests#requestId}) and
 *       puts its {@link ClientInfo} (address behind trusted proxies) on it.
 *   <li>Finds the first rule whose method (if any) and path pattern match the path within the
 *       application (servlet path plus path info, as the container decoded and normalised it).
 *       Patterns are exact ({@code /api/login}) or prefixes ({@code /v1/*} matches {@code /v1}
 *       and everything below). Paths no rule matches get {@link Builder#otherwise}, by default
 *       {@link Access#session()}: a path forgotten in the rules is closed, not open.
 *   <li>Asks {@link LatchkeyAuthenticator#authenticate}. When the request may go on, it continues
 *       with the proof as a request attribute ({@link LatchkeyRequests}) and as
 *       {@code getUserPrincipal()} / {@code getRemoteUser()} / {@code getAuthType()}.
 *   <li>When it is refused, answers {@code 401} or {@code 403} with {@code Cache-Control:
 *       no-store}, the {@code WWW-Authenticate} challenge when the rule accepts API keys
 *       (RFC 6750: {@code Bearer realm="api", error="invalid_token"} or
 *       {@code error="insufficient_scope", scope="read_write"}), a cleared cookie when the session
 *       token will never work again, and the body
 *       {@code {"error":{"code":…,"message":…,"request_id":…}}}. The chain does not run.
 * </ul>
 * The precise reason of a refusal is logged at DEBUG (never a token or a key).
 *
 * <p>Immutable and thread-safe; {@link #init} and {@link #destroy} do nothing.
 */
public final class LatchkeyFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(LatchkeyFilter.class);

  private final LatchkeyAuthenticator authenticator;
  private final List<Rule> rules;
  private final Access otherwise;

  private LatchkeyFilter(Builder b) {
    this.authenticator = b.authenticator;
    this.rules = List.copyOf(b.rules);
    this.otherwise = b.otherwise;
  }

  /** A filter over this authenticator. */
  public static Builder builder(LatchkeyAuthenticator authenticator) {
    return new Builder(Objects.requireNonNull(authenticator, "authenticator"));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String requestId = authenticator.requestId(request, response);
    request.setAttribute(LatchkeyRequests.CLIENT_ATTRIBUTE, authenticator.clientInfo(request));
    Access access = accessFor(request.getMethod(), pathWithinApplication(request));
    RequestAuthentication result = authenticator.authenticate(request, access);
    if (result instanceof RequestAuthentication.Authenticated authenticated) {
      LatchkeyPrincipal principal = authenticated.principal();
      request.setAttribute(LatchkeyRequests.PRINCIPAL_ATTRIBUTE, principal);
      if (principal instanceof SessionPrincipal s) {
        request.setAttribute(LatchkeyRequests.SESSION_ATTRIBUTE, s.session());
      } else if (principal instanceof ApiKeyPrincipal k) {
        request.setAttribute(LatchkeyRequests.API_KEY_ATTRIBUTE, k.apiKey());
      }
      chain.doFilter(new AuthenticatedRequest(request, principal), response);
    } else if (result instanceof Refused refused) {
      // The precise reason for the operator; the caller's answer below may be vaguer.
      LOG.debug("Refused {} {} (request_id={}): {}", request.getMethod(),
          pathWithinApplication(request), requestId, refused.logDetail());
      authenticator.respond(request, response, refused);
    } else {
      chain.doFilter(request, response);
    }
  }

  /** The rule for this request: the first that matches, else {@link Builder#otherwise}. */
  Access accessFor(String method, String path) {
    for (Rule rule : rules) {
      if (rule.matches(method, path)) {
        return rule.access;
      }
    }
    return otherwise;
  }

  /** Servlet path plus path info: decoded and normalised by the container, without context path. */
  private static String pathWithinApplication(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /** A method (or any) and a path pattern. */
  private record Rule(String method, String exact, String prefix, Access access) {
    static Rule of(String method, String pattern, Access access) {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(access, "access");
      if (!pattern.startsWith("/") || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*")
          || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
        throw new IllegalArgumentException("Invalid path pattern \"" + pattern
            + "\"; expected an exact path such as /api/login or a prefix such as /v1/*");
      }
      String m = method == null ? null : method.strip().toUpperCase(Locale.ROOT);
      if (m != null && !m.matches("[A-Z]{1,20}")) {
        throw new IllegalArgumentException(
            "Invalid method \"" + method + "\"; expected GET, POST…");
      }
      return pattern.endsWith("/*")
          ? new Rule(m, null, pattern.substring(0, pattern.length() - 2), access)
          : new Rule(m, pattern, null, access);
    }

    boolean matches(String requestMethod, String path) {
      if (method != null && !method.equals(requestMethod)) {
        return false;
      }
      if (exact != null) {
        return exact.equals(path);
      }
      return path.equals(prefix) || path.startsWith(prefix + "/") || prefix.isEmpty();
    }
  }

  /** The request as the chain sees it: with the principal. */
  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final LatchkeyPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, LatchkeyPrincipal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public String getAuthType() {
      return principal.authType();
    }
  }

  /** The rules of a {@link LatchkeyFilter}, in the order they are tried. */
  public static final class Builder {
    private final LatchkeyAuthenticator authenticator;
    private final List<Rule> rules = new ArrayList<>();
    private Access otherwise = Access.session();

    private Builder(LatchkeyAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    /**
     * Requests to {@code pathPattern}, any method, need {@code access}. Rules are tried in the
     * order they were added; the first match decides.
     *
     * @param pathPattern an exact path ({@code /api/login}) or a prefix ({@code /v1/*}), within
     *     the application (no context path)
     * @throws IllegalArgumentException for any other pattern
     */
    public Builder rule(String pathPattern, Access access) {
      rules.add(Rule.of(null, pathPattern, access));
      return this;
    }

    /**
     * Requests with this method to {@code pathPattern} need {@code access}.
     *
     * @throws IllegalArgumentException for a pattern {@link #rule(String, Access)} refuses, or a
     *     method that is not 1 to 20 letters
     */
    public Builder rule(String method, String pathPattern, Access access) {
      Objects.requireNonNull(method, "method");
      rules.add(Rule.of(method, pathPattern, access));
      return this;
    }

    /** What paths that match no rule need (default {@link Access#session()}). */
    public Builder otherwise(Access access) {
      this.otherwise = Objects.requireNonNull(access, "access");
      return this;
    }

    /** The filter. */
    public LatchkeyFilter build() {
      return new LatchkeyFilter(this);
    }
  }
}
