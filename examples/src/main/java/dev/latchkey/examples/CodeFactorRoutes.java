package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.PhoneNumberNormalizer;
import dev.latchkey.otp.CodeEnrolResult;
import dev.latchkey.otp.CodeFactorRemoveResult;
import dev.latchkey.otp.CodeSendResult;
import dev.latchkey.recovery.LinkRejection;
import dev.latchkey.otp.OneTimeCodes;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One-time codes by SMS or email as a second factor: enrolling a phone number or an address in
 * Settings → Security, and sending a code at sign-in. {@code {channel}} is {@code sms} or
 * {@code email}.
 *
 * <pre>
 * POST   /api/security/2fa/{channel}/setup {phone, region?} (sms) · {email?} (email; default: the
 *        account's address)   200 {channel, destination (masked), expires_at, resend_after_seconds};
 *        call it again to resend · 422 invalid_phone_number / invalid_email
 *        · 403 channel_not_allowed · 429 resend_too_soon / too_many_codes + Retry-After
 *        · 502 delivery_failed
 * POST   /api/security/2fa/{channel}/confirm {code}   200 {channel, destination, other_sessions_ended}
 *        + new cookie · 422 invalid_code / no_pending_code · 429 too_many_attempts + Retry-After
 * DELETE /api/security/2fa/{channel}    200 {other_sessions_ended} + new cookie
 *        · 403 reauthentication_required · 404 not_enrolled
 * POST   /api/login/mfa/send {mfa_token, channel}   as setup; 401 invalid_challenge
 *        · 422 not_enrolled · 403 channel_not_allowed
 * </pre>
 *
 * <p>The code itself goes only through Latchkey's {@code MessageSender} (the demo's dev outbox);
 * answers show where it went masked ({@code +1•••••••23}). Sends are limited by Latchkey before
 * anything goes out — a cool-down per account, and caps per account, per number or address and
 * per client, because every SMS costs money and "SMS pumping" fraud asks for codes to premium
 * numbers — and each refusal is a 429 with {@code Retry-After}.
 *
 * <p>Phone numbers are typed as people write them and turned into E.164 by libphonenumber
 * ({@code latchkey-delivery-sms}); a number without a {@code +} country code is read in
 * {@code region} (ISO 3166-1 alpha-2, default {@value #DEFAULT_REGION}).
 *
 * <p>Latchkey can forbid SMS for some accounts ({@code OneTimeCodeSettings.smsAllowed}), as the
 * reference pages advise for administrators because of SIM swap; the demo has no administrators,
 * so it allows SMS for everyone and says which channels an account may use in
 * {@code GET /api/security/2fa}.
 */
final class CodeFactorRoutes {
  /** The region a phone number without a country code is read in. */
  static final String DEFAULT_REGION = "US";
  private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");

  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final ClientRequests requests;
  private final SessionCookie cookie;
  private final PhoneNumberNormalizer phones;

  CodeFactorRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth, ClientRequests requests,
      SessionCookie cookie, PhoneNumberNormalizer phones) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.requests = requests;
    this.cookie = cookie;
    this.phones = phones;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/security/2fa/{channel}/setup", this::setup);
    router.post("/api/security/2fa/{channel}/confirm", this::confirm);
    router.delete("/api/security/2fa/{channel}", this::remove);
    router.post("/api/login/mfa/send", this::sendSignInCode);
  }

  private OneTimeCodes codes() {
    return latchkey.oneTimeCodes();
  }

  private void setup(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    Channel channel = channel(ctx.pathParam("channel"));
    ObjectNode body = Json.body(ctx);
    String destination = channel == Channel.SMS ? phone(body) : email(body, session);
    answer(ctx, codes().beginEnrolment(session, channel, destination, requests.clientInfo(ctx),
        null));
  }

  private void confirm(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    Channel channel = channel(ctx.pathParam("channel"));
    String code = Json.requiredString(Json.body(ctx), "code");
    CodeEnrolResult result = codes().confirmEnrolment(session, code, requests.clientInfo(ctx));
    if (result instanceof CodeEnrolResult.Enrolled enrolled) {
      // A change of factor: the other sessions ended, and this one has a new token.
      cookie.renew(ctx, enrolled.renewal());
      ObjectNode out = Json.object();
      out.put("channel", enrolled.channel().code());
      out.put("destination", Destinations.mask(enrolled.channel(), enrolled.destination()));
      ctx.json(TwoFactorRoutes.withSessionsEnded(out, enrolled.renewal()));
      return;
    }
    if (result instanceof CodeEnrolResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    CodeEnrolResult.Rejected rejected = (CodeEnrolResult.Rejected) result;
    if (rejected.reason() == CodeEnrolResult.Reason.NO_PENDING_CODE) {
      throw ApiError.unprocessable("no_pending_code",
          "No code is waiting to be confirmed. Ask for a new one.");
    }
    throw ApiError.unprocessable("invalid_code", "That code is not valid or was already used."
        + " Enter the latest 6-digit code we sent " + (channel == Channel.SMS ? "by SMS"
            : "by email") + ", or ask for a new one.");
  }

  private void remove(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    Channel channel = channel(ctx.pathParam("channel"));
    CodeFactorRemoveResult result = codes().remove(session, channel);
    if (result instanceof CodeFactorRemoveResult.Removed removed) {
      cookie.renew(ctx, removed.renewal());
      ctx.json(TwoFactorRoutes.withSessionsEnded(Json.object(), removed.renewal()));
      return;
    }
    if (result instanceof CodeFactorRemoveResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    throw ApiError.notFound("not_enrolled", channel == Channel.SMS
        ? "No phone number receives sign-in codes." : "No email address receives sign-in codes.");
  }

  private void sendSignInCode(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String challenge = Json.requiredString(body, "mfa_token");
    Channel channel = channel(Json.requiredString(body, "channel"));
    answer(ctx, codes().sendSignInCode(challenge, channel, requests.clientInfo(ctx), null));
  }

  /**
   * Turns a send result into 200 or the matching error (also for
   * {@code POST /api/password/reset/send-code}).
   */
  static void answer(Context ctx, CodeSendResult result) {
    if (result instanceof CodeSendResult.Sent sent) {
      ObjectNode out = Json.object();
      out.put("channel", sent.channel().code());
      out.put("destination", sent.maskedDestination());
      out.put("expires_at", Json.timestamp(sent.expiresAt()));
      out.put("resend_after_seconds", sent.resendAfter().toSeconds());
      ctx.json(out);
      return;
    }
    if (result instanceof CodeSendResult.RateLimited limited) {
      long seconds = limited.retryAfterSeconds();
      String wait = seconds + (seconds == 1 ? " second" : " seconds");
      ApiError error = limited.limit() == CodeSendResult.Limit.COOL_DOWN
          ? new ApiError(429, "resend_too_soon", "A code was sent a moment ago. You can ask for"
              + " another one in " + wait + ".")
          : new ApiError(429, "too_many_codes", "Too many codes were sent. Try again in " + wait
              + ", or use your authenticator app or a backup code.");
      throw error.withHeader("Retry-After", Long.toString(seconds));
    }
    if (result instanceof CodeSendResult.DeliveryFailed) {
      throw new ApiError(502, "delivery_failed",
          "The code could not be sent. Try again in a moment.");
    }
    CodeSendResult.Reason reason = ((CodeSendResult.Refused) result).reason();
    throw switch (reason) {
      case INVALID_DESTINATION -> ApiError.unprocessable("invalid_destination",
          "That is not a phone number or email address codes can be sent to.");
      case CHANNEL_NOT_ALLOWED -> ApiError.forbidden("channel_not_allowed",
          "Codes by SMS are not allowed for this account. Use an authenticator app.");
      case NOT_ENROLLED -> ApiError.unprocessable("not_enrolled",
          "This account does not receive codes that way.");
      case INVALID_CHALLENGE -> AuthRoutes.invalidChallenge();
      case INVALID_LINK -> RecoveryRoutes.invalidLink(LinkRejection.INVALID_TOKEN);
    };
  }

  private String phone(ObjectNode body) {
    String typed = Json.requiredString(body, "phone");
    String region = DEFAULT_REGION;
    JsonNode r = body.get("region");
    if (r != null && !r.isNull()) {
      if (!r.isTextual() || !REGION.matcher(r.textValue()).matches()) {
        throw ApiError.badRequest("invalid_request",
            "The field 'region' must be a two-letter country code such as US or GB.");
      }
      region = r.textValue().toUpperCase(Locale.ROOT);
    }
    return phones.toE164(typed, region).orElseThrow(() -> ApiError.unprocessable(
        "invalid_phone_number", "Enter a valid mobile number, with its country code (+44 …)"
            + " unless it is a " + DEFAULT_REGION + " number."));
  }

  private String email(ObjectNode body, ValidatedSession session) {
    JsonNode given = body.get("email");
    if (given == null || given.isNull()) {
      return accounts.findById(session.accountId()).map(Accounts.Account::email)
          .orElseThrow(() -> ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    }
    String typed = Json.requiredString(body, "email");
    return Destinations.normalizeEmail(typed).orElseThrow(() -> ApiError.unprocessable(
        "invalid_email", "Enter a valid email address."));
  }

  /** {@code sms} or {@code email}; anything else is 404 (a path) or 400 (a field). */
  static Channel channel(String code) {
    if ("sms".equals(code)) {
      return Channel.SMS;
    }
    if ("email".equals(code)) {
      return Channel.EMAIL;
    }
    throw ApiError.badRequest("invalid_channel", "The channel must be sms or email.");
  }
}
