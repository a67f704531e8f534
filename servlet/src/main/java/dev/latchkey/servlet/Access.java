package dev.latchkey.servlet;

import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a request must present: nothing, a session cookie, an API key with a permission or scope,
 * or either. Immutable; build one with the static factories.
 *
 * <p>A request authenticated by its session cookie that changes state ({@code POST}, {@code PUT},
 * {@code PATCH}, {@code DELETE}) must also pass {@link dev.latchkey.http.CrossSiteCheck}; a request
 * authenticated by an API key need not (a cross-site page cannot make a browser send the header).
 */
public final class Access {
  private static final Pattern SCOPE = Pattern.compile(ApiKeySpec.SCOPE_SYNTAX);

  private static final Access PERMIT_ALL = new Access(Kind.PERMIT_ALL, false, null, null);
  private static final Access SAME_ORIGIN = new Access(Kind.SAME_ORIGIN, false, null, null);
  private static final Access SESSION = new Access(Kind.SESSION, false, null, null);
  private static final Access SESSION_ALLOWING_ENROLLMENT =
      new Access(Kind.SESSION, true, null, null);

  /** How a request may authenticate. */
  enum Kind { PERMIT_ALL, SAME_ORIGIN, SESSION, API_KEY, SESSION_OR_API_KEY }

  private final Kind kind;
  private final boolean enrollmentAllowed;
  private final Permission permission;
  private final String scope;

  private Access(Kind kind, boolean enrollmentAllowed, Permission permission, String scope) {
    this.kind = kind;
    this.enrollmentAllowed = enrollmentAllowed;
    this.permission = permission;
    this.scope = scope;
  }

  /** Nothing is checked and nothing is looked up (static files, health checks, webhooks). */
  public static Access permitAll() {
    return PERMIT_ALL;
  }

  /**
   * No credentials are needed, but a state-changing request must come from the app's own origin
   * ({@link dev.latchkey.http.CrossSiteCheck}): for sign-up and sign-in, so that another site
   * cannot sign the browser into an account of its choosing (login CSRF).
   */
  public static Access sameOrigin() {
    return SAME_ORIGIN;
  }

  /**
   * A valid session cookie of a fully signed-in session. An enrolment-only session (the account
   * must set up two-factor authentication first) is refused with 403
   * {@code two_factor_enrollment_required}.
   */
  public static Access session() {
    return SESSION;
  }

  /**
   * A valid session cookie, enrolment-only sessions included: only for the endpoints such a
   * session may use (two-factor status, set-up and confirmation, "who am I", sign-out).
   */
  public static Access sessionAllowingEnrollment() {
    return SESSION_ALLOWING_ENROLLMENT;
  }

  /** A valid API key whose permission includes {@code permission}; session cookies are ignored. */
  public static Access apiKey(Permission permission) {
    return new Access(Kind.API_KEY, false, Objects.requireNonNull(permission, "permission"), null);
  }

  /**
   * A valid API key allowed this custom scope ({@code messages:send}; see
   * {@link dev.latchkey.apikey.ApiKeyService#authorize(dev.latchkey.apikey.AuthenticatedApiKey,
   * String)}); a permission code is checked as that permission.
   *
   * @throws IllegalArgumentException when the scope does not match {@link ApiKeySpec#SCOPE_SYNTAX}
   */
  public static Access apiKey(String scope) {
    Objects.requireNonNull(scope, "scope");
    if (scope.length() > ApiKeySpec.MAX_SCOPE_LENGTH || !SCOPE.matcher(scope).matches()) {
      throw new IllegalArgumentException("Invalid scope \"" + (scope.length() > 100
          ? scope.substring(0, 100) + "…" : scope) + "\"; must match " + ApiKeySpec.SCOPE_SYNTAX);
    }
    return Permission.fromCode(scope).map(Access::apiKey)
        .orElseGet(() -> new Access(Kind.API_KEY, false, null, scope));
  }

  /**
   * A fully signed-in session cookie (the account's own user may do anything the endpoint does),
   * or an API key whose permission includes {@code permission}. When the request carries both, the
   * API key decides.
   */
  public static Access sessionOrApiKey(Permission permission) {
    return new Access(Kind.SESSION_OR_API_KEY, false,
        Objects.requireNonNull(permission, "permission"), null);
  }

  Kind kind() {
    return kind;
  }

  boolean acceptsSessions() {
    return kind == Kind.SESSION || kind == Kind.SESSION_OR_API_KEY;
  }

  boolean acceptsApiKeys() {
    return kind == Kind.API_KEY || kind == Kind.SESSION_OR_API_KEY;
  }

  boolean enrollmentAllowed() {
    return enrollmentAllowed;
  }

  /** The permission an API key needs, or {@code null} when a custom {@link #scope()} is. */
  Permission permission() {
    return permission;
  }

  /** The custom scope an API key needs, or {@code null}. */
  String scope() {
    return scope;
  }

  /** E.g. {@code Access[session]}, {@code Access[apiKey read_write]}. */
  @Override
  public String toString() {
    String what = switch (kind) {
      case PERMIT_ALL -> "permitAll";
      case SAME_ORIGIN -> "sameOrigin";
      case SESSION -> enrollmentAllowed ? "sessionAllowingEnrollment" : "session";
      case API_KEY -> "apiKey " + (permission != null ? permission.code() : scope);
      case SESSION_OR_API_KEY -> "sessionOrApiKey " + permission.code();
    };
    return "Access[" + what + "]";
  }
}
