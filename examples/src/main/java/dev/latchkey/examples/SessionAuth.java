package dev.latchkey.examples;

import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Turns the session cookie into a {@link ValidatedSession}, or a 401 with a code the page can act
 * on. Every request validates against the store, so a revoked session fails on its very next
 * request, in this process or any other sharing the database.
 */
final class SessionAuth {
  private final SessionRegistry sessions;
  private final SessionCookie cookie;

  SessionAuth(SessionRegistry sessions, SessionCookie cookie) {
    this.sessions = sessions;
    this.cookie = cookie;
  }

  /**
   * The caller's fully authenticated session: what every endpoint but enrolment, "who am I" and
   * sign-out asks for.
   *
   * @throws ApiError 401 {@code unauthenticated}, {@code session_expired} or {@code session_revoked};
   *     403 {@code two_factor_enrollment_required} for an enrolment-only session (the account must
   *     set up two-factor authentication before it may do anything else)
   */
  ValidatedSession require(Context ctx) {
    ValidatedSession session = requireAllowingEnrollment(ctx);
    if (!session.isFullyAuthenticated()) {
      throw ApiError.forbidden("two_factor_enrollment_required",
          "Set up two-factor authentication to continue.");
    }
    return session;
  }

  /**
   * The caller's session, including an enrolment-only one ({@code LATCHKEY_REQUIRE_2FA}): only for
   * the endpoints such a session may use (2FA status, set-up and confirm, {@code /api/me}).
   *
   * @throws ApiError 401 {@code unauthenticated}, {@code session_expired} or {@code session_revoked}
   */
  ValidatedSession requireAllowingEnrollment(Context ctx) {
    String token = cookie.read(ctx);
    if (token == null) {
      throw unauthenticated();
    }
    SessionValidation validation = sessions.validate(token);
    if (validation instanceof SessionValidation.Valid valid) {
      return valid.session();
    }
    // A dead cookie is useless to the browser; drop it so the page starts from a clean slate.
    cookie.clear(ctx);
    SessionValidation.Reason reason = ((SessionValidation.Rejected) validation).reason();
    throw switch (reason) {
      case REVOKED -> ApiError.unauthorized("session_revoked",
          "This session has been signed out. Sign in again to continue.");
      case EXPIRED, IDLE_EXPIRED -> ApiError.unauthorized("session_expired",
          "Your session has expired. Sign in again to continue.");
      // A sign-in challenge is not a session either: the registry does not know its token.
      case MALFORMED, UNKNOWN -> unauthenticated();
    };
  }

  /** The caller's session if the cookie holds a valid one; never throws for a bad cookie. */
  Optional<ValidatedSession> optional(Context ctx) {
    String token = cookie.read(ctx);
    if (token != null && sessions.validate(token) instanceof SessionValidation.Valid valid) {
      return Optional.of(valid.session());
    }
    return Optional.empty();
  }

  private static ApiError unauthenticated() {
    return ApiError.unauthorized("unauthenticated", "Sign in to continue.");
  }
}
