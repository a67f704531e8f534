package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.Factor;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SessionRotateResult;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.DisableResult;
import dev.latchkey.totp.TotpEnrollment;
import dev.latchkey.totp.TotpVerification;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * The "Two-factor authentication" part of Settings → Security (authenticator app + backup codes).
 *
 * <pre>
 * GET  /api/security/2fa                       {enabled, backup_codes_remaining, backup_codes_low}
 * POST /api/security/2fa/setup                 {secret, otpauth_uri, qr_png, qr_svg} · 409 already_enabled
 * POST /api/security/2fa/confirm {code}        {backup_codes, generated_at, text}
 *                                              · 422 invalid_code / no_pending_enrollment
 * POST /api/security/2fa/disable {code}        204 (TOTP or backup code) · 422 invalid_code / not_enabled
 * POST /api/security/2fa/backup-codes {code}   {backup_codes, generated_at, text} after a TOTP code
 *                                              · 422 invalid_code / not_enabled
 * </pre>
 *
 * <p>An enrolment-only session ({@code LATCHKEY_REQUIRE_2FA}) may use status, set-up and confirm;
 * a successful confirm rotates it into a full {@code MULTI_FACTOR} session and resets the cookie.
 *
 * <p>Backup codes leave the server only in the confirm and regenerate answers; {@code text} is the
 * downloadable file ({@link BackupCodeSet#asText}), which the page saves without another request.
 * Every code typed here goes through the attempt limiter (429 with {@code Retry-After}), so a
 * stolen session cannot guess its way to disabling two-factor authentication.
 */
final class TwoFactorRoutes {
  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final ClientRequests requests;
  private final SessionCookie cookie;

  TwoFactorRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth,
      ClientRequests requests, SessionCookie cookie) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.requests = requests;
    this.cookie = cookie;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/security/2fa", this::status);
    router.post("/api/security/2fa/setup", this::setup);
    router.post("/api/security/2fa/confirm", this::confirm);
    router.post("/api/security/2fa/disable", this::disable);
    router.post("/api/security/2fa/backup-codes", this::regenerate);
  }

  private void status(Context ctx) {
    ValidatedSession session = auth.requireAllowingEnrollment(ctx);
    String accountId = session.accountId();
    boolean enabled = latchkey.totp().isEnabled(accountId);
    int remaining = enabled ? latchkey.backupCodes().remaining(accountId) : 0;
    ObjectNode out = Json.object();
    out.put("enabled", enabled);
    out.put("backup_codes_remaining", remaining);
    out.put("backup_codes_low", enabled && BackupCodes.isLow(remaining));
    ctx.json(out);
  }

  private void setup(Context ctx) {
    ValidatedSession session = auth.requireAllowingEnrollment(ctx);
    BeginResult result = latchkey.totp().begin(session.accountId(), email(session));
    if (!(result instanceof BeginResult.Started started)) {
      throw ApiError.conflict("already_enabled",
          "Two-factor authentication is already on. Disable it first to set up a new device.");
    }
    TotpEnrollment enrollment = started.enrollment();
    ObjectNode out = Json.object();
    out.put("secret", enrollment.groupedSecret());
    out.put("otpauth_uri", enrollment.otpauthUri());
    out.put("qr_png", enrollment.qrDataUri());
    out.put("qr_svg", enrollment.qrSvg());
    ctx.json(out);
  }

  private void confirm(Context ctx) {
    ValidatedSession session = auth.requireAllowingEnrollment(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    String accountId = session.accountId();
    limit(ctx, accountId);
    ConfirmResult result = latchkey.totp().confirm(accountId, code);
    if (result instanceof ConfirmResult.Confirmed confirmed) {
      latchkey.attemptLimiter().succeeded(Factor.TOTP, accountId);
      if (session.enrollmentOnly()) {
        // The account just proved its second factor with this very session: upgrade it (new token,
        // same id, so the old cookie stops working) instead of making the user sign in again.
        if (latchkey.sessions().rotate(cookie.read(ctx), Assurance.MULTI_FACTOR)
            instanceof SessionRotateResult.Rotated full) {
          cookie.set(ctx, full.session());
        }
      }
      ctx.json(codes(confirmed.backupCodes(), email(session)));
      return;
    }
    ConfirmResult.Rejected rejected = (ConfirmResult.Rejected) result;
    if (rejected.reason() == ConfirmResult.Reason.NO_PENDING_ENROLLMENT) {
      throw ApiError.unprocessable("no_pending_enrollment",
          "There is no set-up in progress. Start again with Enable.");
    }
    throw invalidCode();
  }

  private void disable(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    String accountId = session.accountId();
    limit(ctx, accountId);
    DisableResult result = latchkey.totp().disable(accountId, code);
    if (result instanceof DisableResult.Rejected rejected) {
      if (rejected.reason() == DisableResult.Reason.NOT_ENROLLED) {
        throw notEnabled();
      }
      throw ApiError.unprocessable("invalid_code",
          "That code is not valid. Enter the current code from your authenticator app, or an"
              + " unused backup code.");
    }
    latchkey.attemptLimiter().succeeded(Factor.TOTP, accountId);
    ctx.status(204);
  }

  private void regenerate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    String accountId = session.accountId();
    if (!latchkey.totp().isEnabled(accountId)) {
      throw notEnabled();
    }
    limit(ctx, accountId);
    if (!(latchkey.totp().verify(accountId, code) instanceof TotpVerification.Accepted)) {
      throw invalidCode();
    }
    latchkey.attemptLimiter().succeeded(Factor.TOTP, accountId);
    RegenerateResult result = latchkey.backupCodes().regenerate(accountId);
    if (!(result instanceof RegenerateResult.Regenerated regenerated)) {
      throw notEnabled();
    }
    ctx.json(codes(regenerated.codes(), email(session)));
  }

  /** Counts one code attempt for the account and the client; 429 when over the limit. */
  private void limit(Context ctx, String accountId) {
    AttemptDecision decision = latchkey.attemptLimiter().tryAttempt(Factor.TOTP, accountId,
        requests.clientInfo(ctx).ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
  }

  private String email(ValidatedSession session) {
    return accounts.findById(session.accountId()).map(Accounts.Account::email)
        .orElseThrow(() -> ApiError.unauthorized("unauthenticated", "Sign in to continue."));
  }

  private static ObjectNode codes(BackupCodeSet set, String email) {
    ObjectNode out = Json.object();
    ArrayNode codes = out.putArray("backup_codes");
    set.codes().forEach(codes::add);
    out.put("generated_at", Json.timestamp(set.generatedAt()));
    out.put("text", set.asText(email, set.generatedAt()));
    return out;
  }

  private static ApiError invalidCode() {
    return ApiError.unprocessable("invalid_code",
        "That code is not valid. Enter the current 6-digit code from your authenticator app.");
  }

  private static ApiError notEnabled() {
    return ApiError.unprocessable("not_enabled", "Two-factor authentication is not on.");
  }
}
