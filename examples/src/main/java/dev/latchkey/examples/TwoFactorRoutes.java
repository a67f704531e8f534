package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SessionRotateResult;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.DisableResult;
import dev.latchkey.totp.TotpEnrollment;
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
 *                                              · 429 too_many_attempts + Retry-After
 * POST /api/security/2fa/disable {code}        204 (TOTP or backup code) · 422 invalid_code / not_enabled
 *                                              · 429 too_many_attempts + Retry-After
 * POST /api/security/2fa/backup-codes {code}   {backup_codes, generated_at, text} after a TOTP code
 *                                              · 422 invalid_code / not_enabled
 *                                              · 429 too_many_attempts + Retry-After
 * </pre>
 *
 * <p>An enrolment-only session ({@code LATCHKEY_REQUIRE_2FA}) may use status, set-up and confirm;
 * a successful confirm rotates it into a full {@code MULTI_FACTOR} session and resets the cookie.
 *
 * <p>Backup codes leave the server only in the confirm and regenerate answers; {@code text} is the
 * downloadable file ({@link BackupCodeSet#asText}), which the page saves without another request.
 * Every code typed here is counted by Latchkey itself, per account and per client, so a stolen
 * session cannot guess its way to disabling two-factor authentication: the routes only turn a
 * typed {@code Locked} result into 429 with {@code Retry-After}.
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
    ConfirmResult result =
        latchkey.totp().confirm(session.accountId(), code, requests.clientInfo(ctx));
    if (result instanceof ConfirmResult.Confirmed confirmed) {
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
    if (result instanceof ConfirmResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
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
    DisableResult result =
        latchkey.totp().disable(session.accountId(), code, requests.clientInfo(ctx));
    if (result instanceof DisableResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof DisableResult.Rejected rejected) {
      if (rejected.reason() == DisableResult.Reason.NOT_ENROLLED) {
        throw notEnabled();
      }
      throw ApiError.unprocessable("invalid_code",
          "That code is not valid. Enter the current code from your authenticator app, or an"
              + " unused backup code.");
    }
    ctx.status(204);
  }

  private void regenerate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    RegenerateResult result = latchkey.totp().regenerateBackupCodes(session.accountId(), code,
        requests.clientInfo(ctx));
    if (result instanceof RegenerateResult.Regenerated regenerated) {
      ctx.json(codes(regenerated.codes(), email(session)));
      return;
    }
    if (result instanceof RegenerateResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof RegenerateResult.NotEnabled) {
      throw notEnabled();
    }
    throw invalidCode();
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
