package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.delivery.Channel;
import dev.latchkey.otp.EnrolledDestination;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.signin.AccountFactor;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.DisableResult;
import dev.latchkey.totp.TotpEnrollment;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.List;

/**
 * The "Two-factor authentication" part of Settings → Security (authenticator app + backup codes).
 *
 * <pre>
 * GET  /api/security/2fa                       {enabled, backup_codes_remaining, backup_codes_low,
 *                                              factors:[…], methods:[{type, enabled, recommended,
 *                                              allowed, destination?}]}
 * POST /api/security/2fa/setup                 {secret, otpauth_uri, qr_png, qr_svg} · 409 already_enabled
 * POST /api/security/2fa/confirm {code}        {backup_codes, generated_at, text, other_sessions_ended}
 *                                              + new cookie
 *                                              · 422 invalid_code / no_pending_enrollment
 *                                              · 429 too_many_attempts + Retry-After
 * POST /api/security/2fa/disable {code}        200 {other_sessions_ended} + new cookie (TOTP or
 *                                              backup code) · 403 reauthentication_required
 *                                              · 422 invalid_code / not_enabled
 *                                              · 429 too_many_attempts + Retry-After
 * POST /api/security/2fa/backup-codes {code}   {backup_codes, generated_at, text, other_sessions_ended}
 *                                              + new cookie, after a TOTP code
 *                                              · 403 reauthentication_required
 *                                              · 422 invalid_code / not_enabled
 *                                              · 429 too_many_attempts + Retry-After
 * </pre>
 *
 * <p>Each change here is a change of factor: Latchkey signs the account's other sessions out and
 * re-keys this one, so the answer carries a new cookie and says how many sessions ended. Disabling
 * and regenerating also need a recent authentication (403 {@code reauthentication_required}, see
 * {@link ReauthenticationRoutes}).
 *
 * <p>An enrolment-only session ({@code LATCHKEY_REQUIRE_2FA}) may use status, set-up and confirm;
 * a successful confirm re-keys it into a full {@code MULTI_FACTOR} session.
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
    // Every way the account proves itself (Latchkey.factors), and per second-factor method
    // whether it is on, so the page can list them and recommend the authenticator app.
    ArrayNode factors = out.putArray("factors");
    latchkey.factors(accountId).stream().map(AccountFactor::code).sorted().forEach(factors::add);
    ArrayNode methods = out.putArray("methods");
    ObjectNode app = methods.addObject();
    app.put("type", "totp");
    app.put("enabled", enabled);
    // Not SMS: a SIM swap or a phishing page takes an SMS code, not an app's secret.
    app.put("recommended", true);
    app.put("allowed", true);
    List<EnrolledDestination> destinations = latchkey.oneTimeCodes().destinations(accountId);
    for (Channel channel : List.of(Channel.SMS, Channel.EMAIL)) {
      ObjectNode m = methods.addObject();
      m.put("type", channel.code());
      EnrolledDestination d = destinations.stream().filter(x -> x.channel() == channel)
          .findFirst().orElse(null);
      m.put("enabled", d != null);
      m.put("recommended", false);
      m.put("allowed", latchkey.oneTimeCodes().allowed(accountId, channel));
      if (d != null) {
        m.put("destination", d.masked());
      }
    }
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
    ConfirmResult result = latchkey.totp().confirm(session, code, requests.clientInfo(ctx));
    if (result instanceof ConfirmResult.Confirmed confirmed) {
      // Latchkey re-keyed this session as MULTI_FACTOR (an enrolment-only one becomes a full
      // session with it) and ended the others: the old cookie no longer works.
      cookie.renew(ctx, confirmed.sessions());
      ctx.json(withSessionsEnded(codes(confirmed.backupCodes(), email(session)),
          confirmed.sessions()));
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
    if (rejected.reason() == ConfirmResult.Reason.REPLAYED) {
      throw codeAlreadyUsed();
    }
    throw invalidCode();
  }

  private void disable(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    DisableResult result = latchkey.totp().disable(session, code, requests.clientInfo(ctx));
    if (result instanceof DisableResult.Disabled disabled) {
      cookie.renew(ctx, disabled.sessions());
      ctx.json(withSessionsEnded(Json.object(), disabled.sessions()));
      return;
    }
    if (result instanceof DisableResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    if (result instanceof DisableResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof DisableResult.Rejected rejected
        && rejected.reason() == DisableResult.Reason.NOT_ENROLLED) {
      throw notEnabled();
    }
    if (result instanceof DisableResult.Rejected rejected
        && rejected.reason() == DisableResult.Reason.REPLAYED) {
      throw codeAlreadyUsed();
    }
    throw ApiError.unprocessable("invalid_code",
        "That code is not valid. Enter the current code from your authenticator app, or an"
            + " unused backup code.");
  }

  private void regenerate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String code = Json.requiredString(Json.body(ctx), "code");
    RegenerateResult result =
        latchkey.totp().regenerateBackupCodes(session, code, requests.clientInfo(ctx));
    if (result instanceof RegenerateResult.Regenerated regenerated) {
      cookie.renew(ctx, regenerated.sessions());
      ctx.json(withSessionsEnded(codes(regenerated.codes(), email(session)),
          regenerated.sessions()));
      return;
    }
    if (result instanceof RegenerateResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    if (result instanceof RegenerateResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof RegenerateResult.NotEnabled) {
      throw notEnabled();
    }
    if (result instanceof RegenerateResult.Rejected rejected
        && rejected.reason() == RegenerateResult.Reason.REPLAYED) {
      throw codeAlreadyUsed();
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

  /** Adds {@code other_sessions_ended}: how many other sessions the change signed out. */
  static ObjectNode withSessionsEnded(ObjectNode out, SessionRenewal renewal) {
    out.put("other_sessions_ended", renewal.otherSessionsEnded());
    return out;
  }

  private static ApiError invalidCode() {
    return ApiError.unprocessable("invalid_code",
        "That code is not valid. Enter the current 6-digit code from your authenticator app.");
  }

  /**
   * 422 {@code code_already_used}: the right code, but its 30-second step was already accepted
   * (a code is good once). Saying "not valid" would send the user hunting for a typo.
   */
  static ApiError codeAlreadyUsed() {
    return ApiError.unprocessable("code_already_used", "This code was already used. Wait for the"
        + " next code in your authenticator app (a new one appears every 30 seconds), then enter"
        + " it.");
  }

  private static ApiError notEnabled() {
    return ApiError.unprocessable("not_enabled", "Two-factor authentication is not on.");
  }
}
