package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.ReauthenticationResult;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Instant;

/**
 * Re-authentication: "confirm it's you" before a sensitive action.
 *
 * <pre>
 * POST /api/security/reauthenticate {password} | {code}
 *        200 {status:"reauthenticated", authenticated_at}
 *        · 400 invalid_request (neither or both fields)
 *        · 422 invalid_password / invalid_code / no_password
 *        · 429 too_many_attempts + Retry-After
 *        · 401 session_revoked (the session ended meanwhile)
 * </pre>
 *
 * <p>A sensitive action (a {@code read_write} or {@code admin} API key, disabling two-factor
 * authentication, new backup codes, linking or unlinking a sign-in method) answers 403
 * {@code reauthentication_required} when the session last authenticated more than 10 minutes ago
 * (Latchkey's {@code RecentAuthentication}). The page then opens a dialog asking for the password
 * or a code (authenticator or backup code), posts it here and retries the action. Latchkey checks
 * the factor with the same attempt limits as the sign-in form and raises the session's
 * authentication time; the cookie stays the same.
 *
 * <p>An account with a passkey may confirm with it instead ({@link PasskeyRoutes}: {@code
 * /api/security/reauthenticate/passkey}); the answer is the same.
 *
 * <p>A wrong password or code is 422, not 401: the caller is still signed in, and a 401 would make
 * the page show the sign-in form.
 */
final class ReauthenticationRoutes {
  private final Latchkey latchkey;
  private final SessionAuth auth;
  private final ClientRequests requests;

  ReauthenticationRoutes(Latchkey latchkey, SessionAuth auth, ClientRequests requests) {
    this.latchkey = latchkey;
    this.auth = auth;
    this.requests = requests;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/security/reauthenticate", this::reauthenticate);
  }

  private void reauthenticate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ObjectNode body = Json.body(ctx);
    String password = optionalString(body, "password");
    String code = optionalString(body, "code");
    if ((password == null) == (code == null)) {
      throw ApiError.badRequest("invalid_request",
          "Send either 'password' or 'code' (an authenticator or backup code).");
    }
    ReauthenticationResult result = password != null
        ? latchkey.reauthenticator().withPassword(session, password, requests.clientInfo(ctx))
        : latchkey.reauthenticator().withCode(session, code, requests.clientInfo(ctx));
    if (result instanceof ReauthenticationResult.Reauthenticated done) {
      answer(ctx, done.authenticatedAt());
      return;
    }
    if (result instanceof ReauthenticationResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    throw switch (((ReauthenticationResult.Rejected) result).reason()) {
      case INVALID_PASSWORD -> ApiError.unprocessable("invalid_password",
          "That password is not correct.");
      case INVALID_CODE -> ApiError.unprocessable("invalid_code",
          "That code is not valid. Enter the current code from your authenticator app, or an"
              + " unused backup code.");
      case NO_PASSWORD -> ApiError.unprocessable("no_password",
          "Your account has no password: enter a code from your authenticator app instead.");
      case SESSION_ENDED -> ApiError.unauthorized("session_revoked",
          "This session has been signed out. Sign in again to continue.");
    };
  }

  /** 200 {@code {status:"reauthenticated",authenticated_at}}, whatever factor confirmed it. */
  static void answer(Context ctx, Instant authenticatedAt) {
    ObjectNode out = Json.object();
    out.put("status", "reauthenticated");
    out.put("authenticated_at", Json.timestamp(authenticatedAt));
    ctx.json(out);
  }

  /** A string field that may be absent (or null); 400 when it is there but not a string. */
  private static String optionalString(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiError.badRequest("invalid_request", "The field '" + field + "' must be a string.");
    }
    return value.textValue();
  }
}
