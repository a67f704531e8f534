package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.password.PasswordChangeResult;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordSetResult;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * The "Password" part of Settings → Security.
 *
 * <pre>
 * POST /api/security/password {current_password,new_password}
 *        200 {other_sessions_ended} + new cookie (other sessions end; the number also in
 *        X-Other-Sessions-Ended) · 422 invalid_current_password · 422 weak_password (with
 *        violations) · 429 too_many_attempts + Retry-After · 409 no_password (provider-only account)
 * POST /api/security/password/set {new_password}     for an account without a password
 *        200 {other_sessions_ended} + new cookie · 422 weak_password
 *        · 403 reauthentication_required · 409 already_has_password
 * </pre>
 *
 * <p>Both are changes of factor: Latchkey signs the account's other sessions out and re-keys this
 * one, so the answer carries a new cookie.
 *
 * <p>A wrong current password is 422, not 401: the caller <em>is</em> signed in, and a 401 would
 * make the page think the session had ended.
 */
final class PasswordRoutes {
  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final ClientRequests requests;
  private final SessionCookie cookie;

  PasswordRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth,
      ClientRequests requests, SessionCookie cookie) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.requests = requests;
    this.cookie = cookie;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/security/password", this::change);
    router.post("/api/security/password/set", this::set);
  }

  private void change(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ObjectNode body = Json.body(ctx);
    String current = Json.requiredString(body, "current_password");
    String next = Json.requiredString(body, "new_password");
    PasswordChangeResult result = latchkey.passwords().change(session, current, next,
        context(session), requests.clientInfo(ctx));
    if (result instanceof PasswordChangeResult.Changed changed) {
      cookie.renew(ctx, changed.sessions());
      ctx.header("X-Other-Sessions-Ended", Integer.toString(changed.otherSessionsEnded()));
      ctx.json(TwoFactorRoutes.withSessionsEnded(Json.object(), changed.sessions()));
      return;
    }
    if (result instanceof PasswordChangeResult.WrongCurrentPassword) {
      throw wrongCurrentPassword();
    }
    if (result instanceof PasswordChangeResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof PasswordChangeResult.Rejected rejected) {
      throw ApiError.weakPassword(rejected.validation());
    }
    PasswordChangeResult.NotAllowed notAllowed = (PasswordChangeResult.NotAllowed) result;
    throw switch (notAllowed.reason()) {
      case NO_PASSWORD -> ApiError.conflict("no_password", "This account has no password yet:"
          + " it signs in through a connected account. Set a password instead.");
      case SESSION_RESTRICTED -> enrollmentRequired();
    };
  }

  private void set(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String password = Json.requiredString(Json.body(ctx), "new_password");
    PasswordSetResult result = latchkey.passwords().set(session, password, context(session),
        requests.clientInfo(ctx));
    if (result instanceof PasswordSetResult.Set set) {
      cookie.renew(ctx, set.sessions());
      ctx.json(TwoFactorRoutes.withSessionsEnded(Json.object(), set.sessions()));
      return;
    }
    if (result instanceof PasswordSetResult.Rejected rejected) {
      throw ApiError.weakPassword(rejected.validation());
    }
    PasswordSetResult.NotAllowed notAllowed = (PasswordSetResult.NotAllowed) result;
    throw switch (notAllowed.reason()) {
      case REAUTHENTICATION_REQUIRED -> ApiError.reauthenticationRequired();
      case ALREADY_HAS_PASSWORD -> ApiError.conflict("already_has_password",
          "This account already has a password. Change it with your current password instead.");
      case SESSION_RESTRICTED -> enrollmentRequired();
    };
  }

  private PasswordContext context(ValidatedSession session) {
    String email = accounts.findById(session.accountId()).map(Accounts.Account::email)
        .orElseThrow(() -> ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    return AuthRoutes.passwordContext(email);
  }

  private static ApiError wrongCurrentPassword() {
    return ApiError.unprocessable("invalid_current_password",
        "Your current password is not correct.");
  }

  private static ApiError enrollmentRequired() {
    return ApiError.forbidden("two_factor_enrollment_required",
        "Set up two-factor authentication to continue.");
  }
}
