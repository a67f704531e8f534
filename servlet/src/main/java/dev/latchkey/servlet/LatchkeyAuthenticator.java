package dev.latchkey.servlet;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.Authorization;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.TrustedProxies;
import dev.latchkey.http.CookieRules;
import dev.latchkey.http.CrossSiteCheck;
import dev.latchkey.servlet.RequestAuthentication.Reason;
import dev.latchkey.servlet.RequestAuthentication.Refused;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.KnownDeviceToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * Turns an {@link HttpServletRequest} into a typed {@link RequestAuthentication} under an
 * {@link Access} rule, without writing a response: the part of {@link LatchkeyFilter} that other
 * integrations (a Spring Security filter and entry point) reuse. Also owns the request-level rules
 * around it: the session and known-device cookies ({@link CookieRules}), the client's address and
 * scheme behind trusted proxies ({@link TrustedProxies}), request ids, and the refusal answer
 * ({@link #respond}).
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Every authentication reads the store (through {@link SessionRegistry#validate} or
 *       {@link ApiKeyService#authenticate}), so a revoked session or key fails on its very next
 *       request, in every process sharing the store.
 *   <li>A refused API key answers only what {@link ApiKeyAuthentication.Rejected} lets the caller
 *       see: a revoked, expired and never-issued key get the same status, code, message and
 *       challenge. The precise reason is in {@link Refused#logDetail()}.
 *   <li>A state-changing request authenticated by its session cookie must pass
 *       {@link CrossSiteCheck}; one authenticated by an API key need not.
 *   <li>The session cookie is read under the one name the request's context uses
 *       ({@link CookieRules#name(boolean)}); set and cleared with {@code HttpOnly},
 *       {@code SameSite}, and {@code Secure} with the {@code __Host-} prefix in a secure context.
 *   <li>The client address and {@code X-Forwarded-Proto} come from forwarding headers only when the
 *       socket's peer is a trusted proxy.
 *   <li>Never logs, and no result, message or {@code toString()} contains a token or a key.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class LatchkeyAuthenticator {
  /** The realm of {@code WWW-Authenticate} challenges unless {@link Builder#realm} says another. */
  public static final String DEFAULT_REALM = "api";

  private final SessionRegistry sessions;
  private final ApiKeyService apiKeys;
  private final Clock clock;
  private final String realm;
  private final TrustedProxies proxies;
  private final CookieRules cookie;
  private final CookieRules deviceCookie;
  private final RequestIds requestIds;

  private LatchkeyAuthenticator(Builder b) {
    this.requestIds = new RequestIds(b.random);
    this.sessions = b.sessions;
    this.apiKeys = b.apiKeys;
    this.clock = b.clock;
    this.realm = b.realm;
    this.proxies = b.proxies;
    this.cookie = b.cookie;
    this.deviceCookie = b.deviceCookie;
  }

  /**
   * An authenticator over this Latchkey's sessions, API keys and clock.
   *
   * @param random for request ids (the {@code SecureRandom} the host gives Latchkey)
   */
  public static Builder builder(Latchkey latchkey, SecureRandom random) {
    Objects.requireNonNull(latchkey, "latchkey");
    return builder(latchkey.sessions(), latchkey.apiKeys(), latchkey.clock(), random);
  }

  /**
   * An authenticator over these services; {@code clock} sets cookie lifetimes, {@code random}
   * makes request ids.
   */
  public static Builder builder(SessionRegistry sessions, ApiKeyService apiKeys, Clock clock,
      SecureRandom random) {
    return new Builder(Objects.requireNonNull(sessions, "sessions"),
        Objects.requireNonNull(apiKeys, "apiKeys"), Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(random, "random"));
  }

  /**
   * Authenticates the request as {@code access} asks.
   *
   * <ol>
   *   <li>When the rule accepts API keys and the request sends {@code Authorization: Bearer …},
   *       the key decides (even beside a cookie): 401 {@code invalid_api_key} for a bad key, 403
   *       {@code insufficient_scope} when its permission or scope falls short.
   *   <li>Otherwise, when the rule accepts sessions and the request sends the session cookie: 403
   *       {@code cross_site_request} or {@code json_content_type_required} for a state-changing
   *       request that fails {@link CrossSiteCheck} (checked before the session is looked up);
   *       then the session decides: 401 {@code session_revoked}, {@code session_expired} or
   *       {@code unauthenticated} (clearing the cookie); 403 {@code two_factor_enrollment_required}
   *       for an enrolment-only session unless allowed.
   *   <li>Otherwise 401 {@code unauthenticated} (or {@code missing_api_key} where only keys are
   *       accepted).
   * </ol>
   * {@link Access#permitAll()} always answers {@link RequestAuthentication.Anonymous} and looks
   * nothing up; {@link Access#sameOrigin()} does so after the cross-site check.
   *
   * <p>An integration that authorizes on its own (Spring Security's {@code @PreAuthorize}) passes
   * {@code Access.sessionOrApiKey(Permission.READ_ONLY)}, which every valid key and every full
   * session passes, and answers a later shortfall with {@link #insufficientScope}.
   *
   * @throws dev.latchkey.spi.StoreException when a store fails (an infrastructure failure, not an
   *     answer)
   */
  public RequestAuthentication authenticate(HttpServletRequest request, Access access) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(access, "access");
    if (access.kind() == Access.Kind.PERMIT_ALL) {
      return RequestAuthentication.Anonymous.INSTANCE;
    }
    if (access.kind() == Access.Kind.SAME_ORIGIN) {
      Refused crossSite = refuseCrossSite(request);
      return crossSite != null ? crossSite : RequestAuthentication.Anonymous.INSTANCE;
    }
    if (access.acceptsApiKeys()) {
      String header = request.getHeader("Authorization");
      if (header != null) {
        ApiKeyAuthentication result = apiKeys.authenticate(header);
        if (result instanceof ApiKeyAuthentication.Authenticated authenticated) {
          return authorize(authenticated.key(), access);
        }
        ApiKeyAuthentication.Rejected rejected = (ApiKeyAuthentication.Rejected) result;
        // No description: no Bearer credentials at all (another scheme, an empty header). A
        // browser behind a Basic-auth proxy sends one; its session cookie may still count.
        if (rejected.description() != null) {
          return new Refused(Reason.INVALID_API_KEY, "invalid_api_key",
              rejected.description() + ".", rejected.wwwAuthenticate(realm), false,
              "api_key " + rejected.reason().code());
        }
      }
    }
    if (access.acceptsSessions()) {
      String token = sessionToken(request);
      if (token != null) {
        return authenticateSession(request, token, access);
      }
    }
    return missing(access);
  }

  private RequestAuthentication authorize(AuthenticatedApiKey key, Access access) {
    Authorization authorization = access.permission() != null
        ? apiKeys.authorize(key, access.permission())
        : apiKeys.authorize(key, access.scope());
    if (authorization instanceof Authorization.Forbidden forbidden) {
      return insufficientScope(key, forbidden);
    }
    return new RequestAuthentication.Authenticated(new ApiKeyPrincipal(key));
  }

  private RequestAuthentication authenticateSession(HttpServletRequest request, String token,
      Access access) {
    // Before the lookup: a forged request costs no store read and does not count as activity
    // (validate() moves the session's last-active time).
    Refused crossSite = refuseCrossSite(request);
    if (crossSite != null) {
      return crossSite;
    }
    SessionValidation validation = sessions.validate(token);
    if (!(validation instanceof SessionValidation.Valid valid)) {
      SessionValidation.Reason reason = ((SessionValidation.Rejected) validation).reason();
      String challenge = access.acceptsApiKeys() ? bearerChallenge() : null;
      String detail = "session " + reason.code();
      return switch (reason) {
        case REVOKED -> new Refused(Reason.INVALID_SESSION, "session_revoked",
            "This session has been signed out. Sign in again to continue.", challenge, true,
            detail);
        case EXPIRED, IDLE_EXPIRED -> new Refused(Reason.INVALID_SESSION, "session_expired",
            "Your session has expired. Sign in again to continue.", challenge, true, detail);
        case MALFORMED, UNKNOWN -> new Refused(Reason.INVALID_SESSION, "unauthenticated",
            "Sign in to continue.", challenge, true, detail);
      };
    }
    ValidatedSession session = valid.session();
    if (!session.isFullyAuthenticated() && !access.enrollmentAllowed()) {
      return new Refused(Reason.ENROLLMENT_REQUIRED, "two_factor_enrollment_required",
          "Set up two-factor authentication to continue.", null, false,
          "session " + session.sessionId() + " is enrolment-only");
    }
    return new RequestAuthentication.Authenticated(new SessionPrincipal(session));
  }

  private Refused missing(Access access) {
    if (access.kind() == Access.Kind.API_KEY) {
      return new Refused(Reason.MISSING_CREDENTIALS, "missing_api_key",
          "Send your API key in the header: Authorization: Bearer <key>.", bearerChallenge(),
          false, "no api key");
    }
    if (access.acceptsApiKeys()) {
      return new Refused(Reason.MISSING_CREDENTIALS, "unauthenticated",
          "Sign in, or send an API key in the header: Authorization: Bearer <key>.",
          bearerChallenge(), false, "no session cookie and no api key");
    }
    return new Refused(Reason.MISSING_CREDENTIALS, "unauthenticated", "Sign in to continue.",
        null, false, "no session cookie");
  }

  /** {@code Bearer realm="…"}: the challenge of a request that sent no Bearer credentials. */
  private String bearerChallenge() {
    return new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.MISSING)
        .wwwAuthenticate(realm);
  }

  /**
   * The {@link CrossSiteCheck} of this request: whether a cookie may authenticate it if it changes
   * state. {@link #authenticate} applies it to every session-authenticated request; call it
   * yourself where you read the cookie outside the filter.
   */
  public CrossSiteCheck crossSiteCheck(HttpServletRequest request) {
    return CrossSiteCheck.of(request.getMethod(), host(request), request.getHeader("Origin"),
        request.getHeader("Sec-Fetch-Site"), request.getHeader("Content-Type"));
  }

  private Refused refuseCrossSite(HttpServletRequest request) {
    CrossSiteCheck check = crossSiteCheck(request);
    return switch (check) {
      case ALLOWED -> null;
      case CROSS_SITE -> new Refused(Reason.CROSS_SITE_REQUEST, check.code(),
          "This request came from another site and was refused.", null, false,
          "cross-site " + request.getMethod());
      case JSON_REQUIRED -> new Refused(Reason.CROSS_SITE_REQUEST, check.code(),
          "Send requests that change data with Content-Type: application/json.", null, false,
          "unverified origin, " + request.getMethod() + " without a JSON body");
    };
  }

  /**
   * The refusal an integration with its own authorization step answers when a key authenticated
   * but falls short of {@code requiredScope} (a permission code or a custom scope): 403
   * {@code insufficient_scope} with {@code WWW-Authenticate: Bearer realm="…",
   * error="insufficient_scope", scope="…"}.
   *
   * @throws IllegalArgumentException when {@code requiredScope} is not scope syntax
   */
  public Refused insufficientScope(AuthenticatedApiKey key, String requiredScope) {
    Objects.requireNonNull(key, "key");
    return insufficientScope(key, new Authorization.Forbidden(requiredScope));
  }

  private Refused insufficientScope(AuthenticatedApiKey key, Authorization.Forbidden forbidden) {
    return new Refused(Reason.INSUFFICIENT_SCOPE, "insufficient_scope",
        "This API key's permission (" + key.permission().code() + ") does not allow this; it"
            + " needs " + forbidden.requiredScope() + ".",
        forbidden.wwwAuthenticate(realm), false,
        "api_key " + key.id() + " lacks " + forbidden.requiredScope());
  }

  /**
   * The request's id: the one already on it ({@link LatchkeyRequests#REQUEST_ID_ATTRIBUTE}), else
   * the caller's {@code X-Request-Id} when it is 1 to 64 of {@code [A-Za-z0-9._-]}, else a new
   * {@code req_} and 16 hex digits. Stored on the request and sent as {@code X-Request-Id} (unless
   * the response has one). {@link LatchkeyFilter} calls it first thing.
   */
  public String requestId(HttpServletRequest request, HttpServletResponse response) {
    return requestIds.assign(request, response);
  }

  /**
   * Answers a refused request as {@link LatchkeyFilter} does: {@link Refused#status()},
   * {@code Cache-Control: no-store}, {@code WWW-Authenticate} when there is one, a cleared
   * session cookie when {@link Refused#clearsSessionCookie()}, and the body
   * {@code {"error":{"code":…,"message":…,"request_id":…}}} as {@code application/json}. Does
   * nothing when the response is already committed.
   */
  public void respond(HttpServletRequest request, HttpServletResponse response, Refused refused)
      throws IOException {
    Objects.requireNonNull(refused, "refused");
    if (response.isCommitted()) {
      return;
    }
    if (refused.clearsSessionCookie()) {
      clearSessionCookie(request, response);
    }
    write(request, response, refused.status(), refused.code(), refused.message(),
        refused.wwwAuthenticate().orElse(null));
  }

  /**
   * Answers 403 in the same shape as {@link #respond} for a denial that is not one of this
   * authenticator's refusals (a framework's CSRF check, an authorization rule the request's
   * authorities fall short of): {@code Cache-Control: no-store}, {@code X-Request-Id},
   * {@code WWW-Authenticate} when given, and the JSON error body with {@code code} and
   * {@code message}, which should be the host's own fixed texts. Does nothing when the response
   * is already committed.
   */
  public void respondForbidden(HttpServletRequest request, HttpServletResponse response,
      String code, String message, String wwwAuthenticate) throws IOException {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (response.isCommitted()) {
      return;
    }
    write(request, response, HttpServletResponse.SC_FORBIDDEN, code, message, wwwAuthenticate);
  }

  private void write(HttpServletRequest request, HttpServletResponse response, int status,
      String code, String message, String wwwAuthenticate) throws IOException {
    String id = requestId(request, response);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    if (wwwAuthenticate != null) {
      response.setHeader("WWW-Authenticate", wwwAuthenticate);
    }
    byte[] body = ErrorBodies.json(code, message, id).getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  // ---------------------------------------------------------------------------------------------
  // The client, the scheme, the cookie
  // ---------------------------------------------------------------------------------------------

  /**
   * The client's address (the right-most address the trusted proxies did not add, see
   * {@link TrustedProxies}) and User-Agent, for sign-in, session creation and attempt limits.
   */
  public ClientInfo clientInfo(HttpServletRequest request) {
    return proxies.clientInfo(request.getRemoteAddr(), headerLines(request, "Forwarded"),
        headerLines(request, "X-Forwarded-For"), request.getHeader("User-Agent"));
  }

  /**
   * Whether the client reached us over HTTPS: the connection's scheme, or the nearest trusted
   * proxy's {@code X-Forwarded-Proto} ({@link TrustedProxies#isHttps}).
   */
  public boolean isHttps(HttpServletRequest request) {
    return proxies.isHttps(request.getScheme(), request.getRemoteAddr(),
        headerLines(request, "X-Forwarded-Proto"));
  }

  /**
   * Whether cookies for this request are {@code __Host-} and {@code Secure}
   * ({@link CookieRules#isSecureContext}): over HTTPS, or on any host that is not loopback.
   */
  public boolean isSecureContext(HttpServletRequest request) {
    return CookieRules.isSecureContext(host(request), isHttps(request));
  }

  /**
   * The session token the request's cookie carries, under the name this request's context uses,
   * or {@code null}. Not validated: pass it to {@link SessionRegistry#validate} (or let
   * {@link #authenticate} do it).
   */
  String sessionToken(HttpServletRequest request) {
    return cookieValue(request, cookie);
  }

  /**
   * The known-device token the browser sent (see {@link Builder#deviceCookie}), or {@code null}:
   * pass it to {@code SignInService.signIn(…, deviceToken)} so this browser keeps an attempt
   * allowance of its own. A secret: pass it on, never log it.
   */
  public String deviceToken(HttpServletRequest request) {
    return cookieValue(request, deviceCookie);
  }

  private String cookieValue(HttpServletRequest request, CookieRules rules) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    String name = rules.name(isSecureContext(request));
    for (Cookie c : cookies) {
      if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
        return c.getValue();
      }
    }
    return null;
  }

  /**
   * Hands a new (or re-keyed) session's token to the browser: a {@code Set-Cookie} header with
   * {@code Max-Age} running to the session's absolute expiry.
   */
  public void setSessionCookie(HttpServletRequest request, HttpServletResponse response,
      NewSession session) {
    Objects.requireNonNull(session, "session");
    Duration maxAge = Duration.between(clock.instant(), session.expiresAt());
    response.addHeader("Set-Cookie",
        cookie.setCookie(session.token(), maxAge, isSecureContext(request)));
  }

  /**
   * After a change of factor (password, 2FA): Latchkey re-keyed the current session, so its new
   * token replaces the cookie. When there is none (another request ended the session meanwhile)
   * the cookie is left alone and the next request answers 401.
   */
  public void renewSessionCookie(HttpServletRequest request, HttpServletResponse response,
      SessionRenewal renewal) {
    Objects.requireNonNull(renewal, "renewal");
    renewal.newSession().ifPresent(s -> setSessionCookie(request, response, s));
  }

  /** Tells the browser to forget the session cookie (sign-out, or a token that no longer works). */
  public void clearSessionCookie(HttpServletRequest request, HttpServletResponse response) {
    response.addHeader("Set-Cookie", cookie.clearCookie(isSecureContext(request)));
  }

  /**
   * Hands the browser its known-device token ({@code SignInResult.SignedIn.deviceToken()}), under
   * the same rules as the session cookie, until the token's expiry.
   */
  public void setDeviceCookie(HttpServletRequest request, HttpServletResponse response,
      KnownDeviceToken token) {
    Objects.requireNonNull(token, "token");
    Duration maxAge = Duration.between(clock.instant(), token.expiresAt());
    response.addHeader("Set-Cookie",
        deviceCookie.setCookie(token.token(), maxAge, isSecureContext(request)));
  }

  /** Tells the browser to forget the known-device cookie. */
  public void clearDeviceCookie(HttpServletRequest request, HttpServletResponse response) {
    response.addHeader("Set-Cookie", deviceCookie.clearCookie(isSecureContext(request)));
  }

  /** The session cookie's rules. */
  public CookieRules sessionCookie() {
    return cookie;
  }

  /** The realm of the {@code WWW-Authenticate} challenges. */
  public String realm() {
    return realm;
  }

  /** The {@code Host} header, or the server name and port the container knows. */
  private static String host(HttpServletRequest request) {
    String host = request.getHeader("Host");
    return host != null ? host : request.getServerName() + ":" + request.getServerPort();
  }

  /** Every line of a header, in order: proxies may add a line instead of appending to one. */
  private static List<String> headerLines(HttpServletRequest request, String name) {
    Enumeration<String> lines = request.getHeaders(name);
    return lines == null ? List.of() : Collections.list(lines);
  }

  /** Settings of a {@link LatchkeyAuthenticator}; every one has a safe default. */
  public static final class Builder {
    private final SessionRegistry sessions;
    private final ApiKeyService apiKeys;
    private final Clock clock;
    private String realm = DEFAULT_REALM;
    private TrustedProxies proxies = TrustedProxies.none();
    private CookieRules cookie = CookieRules.session();
    private CookieRules deviceCookie = CookieRules.device();

    private final SecureRandom random;

    private Builder(SessionRegistry sessions, ApiKeyService apiKeys, Clock clock,
        SecureRandom random) {
      this.sessions = sessions;
      this.apiKeys = apiKeys;
      this.clock = clock;
      this.random = random;
    }

    /**
     * The realm of {@code WWW-Authenticate} challenges (default {@value #DEFAULT_REALM}).
     *
     * @throws IllegalArgumentException when a header cannot carry it (not printable ASCII, or over
     *     200 characters)
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      // Fail here, not on the first refused request.
      new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.MISSING).wwwAuthenticate(realm);
      this.realm = realm;
      return this;
    }

    /**
     * The reverse proxies in front of the app (default {@link TrustedProxies#none()}: the socket's
     * peer is the client, and forwarding headers are ignored).
     */
    public Builder trustedProxies(TrustedProxies proxies) {
      this.proxies = Objects.requireNonNull(proxies, "proxies");
      return this;
    }

    /**
     * The session cookie's name and {@code SameSite} (default {@link CookieRules#session()}:
     * {@code latchkey_session}, {@code Lax}; {@code CookieRules.session().sameSiteStrict()} for
     * {@code Strict}).
     */
    public Builder sessionCookie(CookieRules rules) {
      this.cookie = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * The known-device cookie's name and {@code SameSite} (default {@link CookieRules#device()}:
     * {@code latchkey_device}, {@code Lax}).
     *
     */
    public Builder deviceCookie(CookieRules rules) {
      this.deviceCookie = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * The authenticator.
     *
     * @throws IllegalArgumentException when the session and device cookies share a name
     */
    public LatchkeyAuthenticator build() {
      if (cookie.baseName().equals(deviceCookie.baseName())) {
        throw new IllegalArgumentException("Invalid cookie names: the session and device cookies"
            + " are both \"" + cookie.baseName() + "\"; give them different names");
      }
      return new LatchkeyAuthenticator(this);
    }
  }
}
