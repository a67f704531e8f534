package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.delivery.Channel;
import dev.latchkey.examples.Accounts.Account;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.recovery.LinkRejection;
import dev.latchkey.recovery.PasswordResetResult;
import dev.latchkey.recovery.ResetRequestResult;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * "Forgot password": a reset link by email (read it from the dev outbox), then a new password.
 *
 * <pre>
 * POST /api/password/forgot {email}        202 {status:"check_email"} whether or not an account
 *                                          uses the address · 422 invalid_email
 *                                          · 429 too_many_attempts + Retry-After (send limits,
 *                                          counted the same for unknown addresses)
 * POST /api/password/reset/inspect {token} 200 {second_factor_required,expires_at,
 *                                          code_channels:["sms"|"email"…]}
 *                                          · 401 invalid_link / link_expired / password_changed
 * POST /api/password/reset/send-code {token,channel}
 *                                          200 {channel,destination (masked),expires_at,
 *                                          resend_after_seconds} · 401 invalid_link · 422
 *                                          not_enrolled · 403 channel_not_allowed · 429
 *                                          resend_too_soon / too_many_codes + Retry-After
 *                                          · 502 delivery_failed (as /api/login/mfa/send)
 * POST /api/password/reset {token,new_password,code?,channel?}
 *                                          (channel sms/email for a code from send-code;
 *                                          without it the code is an authenticator or backup
 *                                          code)
 *                                          204: every session of the account ended (and this
 *                                          browser's cookie is cleared) · 401 invalid_link /
 *                                          link_expired / password_changed · 422 weak_password
 *                                          · 401 second_factor_required / invalid_code
 *                                          · 429 too_many_attempts + Retry-After
 * GET  /forgot-password, /reset-password?token=…   the pages
 * </pre>
 *
 * <p>A refused new password or code leaves the link working, so the page asks again. A reset
 * proves the person reads the account's mailbox, so it also marks the address verified.
 */
final class RecoveryRoutes {
  private final Latchkey latchkey;
  private final Accounts accounts;
  private final ClientRequests requests;
  private final SessionCookie cookie;

  RecoveryRoutes(Latchkey latchkey, Accounts accounts, ClientRequests requests,
      SessionCookie cookie) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.requests = requests;
    this.cookie = cookie;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/password/forgot", this::forgot);
    router.post("/api/password/reset/inspect", this::inspect);
    router.post("/api/password/reset/send-code", this::sendCode);
    router.post("/api/password/reset", this::reset);
    router.get("/forgot-password", ctx -> RecoveryPages.serve(ctx, "forgot", "Forgot password",
        "Enter the email address of your account. If it has one, we send it a link to choose a"
            + " new password.",
        RecoveryPages.form("forgot-form", "Send the link",
            RecoveryPages.field("Email address", "email", "email", "email", false))));
    router.get("/reset-password", ctx -> RecoveryPages.serve(ctx, "reset", "Choose a new password",
        "Choosing a new password signs you out on every device.",
        RecoveryPages.form("reset-form", "Set the new password",
            RecoveryPages.field("New password", "password", "new_password", "new-password",
                false),
            RecoveryPages.field("Authenticator code, backup code or texted code", "text", "code",
                "one-time-code", true),
            RecoveryPages.codeButtons())));
  }

  private void forgot(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String email = Accounts.normalizeEmail(Json.requiredString(body, "email"))
        .orElseThrow(EmailRoutes::invalidEmail);
    // Unknown address → null: Latchkey does the same store work and answers the same.
    String accountId = accounts.findByEmail(email).map(Account::id).orElse(null);
    ResetRequestResult result = latchkey.passwordResets().request(accountId, email,
        requests.clientInfo(ctx), null);
    if (result instanceof ResetRequestResult.RateLimited limited) {
      throw ApiError.tooManyAttempts(limited.retryAfterSeconds());
    }
    if (result instanceof ResetRequestResult.InvalidEmail) {
      throw EmailRoutes.invalidEmail();
    }
    ObjectNode out = Json.object();
    out.put("status", "check_email");
    ctx.status(202).json(out);
  }

  private void inspect(Context ctx) {
    String token = Json.requiredString(Json.body(ctx), "token");
    var link = latchkey.passwordResets().inspect(token)
        .orElseThrow(() -> invalidLink(LinkRejection.INVALID_TOKEN));
    ObjectNode out = Json.object();
    out.put("second_factor_required", link.secondFactorRequired());
    out.put("expires_at", Json.timestamp(link.expiresAt()));
    var channels = out.putArray("code_channels");
    link.codeChannels().forEach(c -> channels.add(c.code()));
    ctx.json(out);
  }

  private void sendCode(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String token = Json.requiredString(body, "token");
    Channel channel = CodeFactorRoutes.channel(Json.requiredString(body, "channel"));
    CodeFactorRoutes.answer(ctx, latchkey.passwordResets().sendCode(token, channel,
        requests.clientInfo(ctx), null));
  }

  private void reset(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String token = Json.requiredString(body, "token");
    String password = Json.requiredString(body, "new_password");
    JsonNode code = body.get("code");
    String secondFactor = code != null && code.isTextual() ? code.textValue() : null;
    JsonNode channelField = body.get("channel");
    // Named, never guessed: a six-digit texted code must not be read as an authenticator code.
    Channel channel = channelField == null || channelField.isNull() ? null
        : CodeFactorRoutes.channel(Json.requiredString(body, "channel"));
    PasswordResetResult result = latchkey.passwordResets().complete(token, password,
        secondFactor, channel, PasswordContext.builder().productName(AuthRoutes.PRODUCT_NAME).build(),
        requests.clientInfo(ctx));
    if (result instanceof PasswordResetResult.Reset reset) {
      accounts.findById(reset.accountId())
          .ifPresent(a -> accounts.markVerified(a.id(), a.email()));
      // Whatever session this browser had is gone with the others.
      cookie.clear(ctx);
      ctx.status(204);
      return;
    }
    if (result instanceof PasswordResetResult.InvalidLink invalid) {
      throw invalidLink(invalid.reason());
    }
    if (result instanceof PasswordResetResult.PasswordRejected rejected) {
      throw ApiError.weakPassword(rejected.validation());
    }
    if (result instanceof PasswordResetResult.SecondFactorRequired) {
      throw ApiError.unauthorized("second_factor_required", "Your account has two-factor"
          + " authentication: enter a code from your authenticator app, a backup code, or a"
          + " code we text or email you.");
    }
    if (result instanceof PasswordResetResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    throw ApiError.unauthorized("invalid_code", channel != null
        ? "That code is not valid, has expired or was already used. Ask for a new one."
        : "That code is not valid or was already used. Enter the current code from your"
            + " authenticator app, or an unused backup code.");
  }

  /** 401 for a link that cannot be used, with a code per reason. */
  static ApiError invalidLink(LinkRejection reason) {
    return switch (reason) {
      case INVALID_TOKEN -> ApiError.unauthorized("invalid_link",
          "This link is not valid or was already used. Ask for a new one.");
      case EXPIRED -> ApiError.unauthorized("link_expired",
          "This link has expired. Ask for a new one.");
      case PASSWORD_CHANGED -> ApiError.unauthorized("password_changed",
          "The password was changed after this link was sent, so it no longer works. Ask for a"
              + " new one if you still need it.");
    };
  }
}
