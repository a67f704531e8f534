package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.examples.Accounts.Account;
import dev.latchkey.recovery.EmailChangeRequestResult;
import dev.latchkey.recovery.EmailChangeResult;
import dev.latchkey.recovery.EmailVerifyResult;
import dev.latchkey.recovery.LinkRejection;
import dev.latchkey.recovery.PendingEmailChange;
import dev.latchkey.recovery.VerificationSendResult;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.Optional;

/**
 * Email verification at sign-up, and changing the account's email.
 *
 * <pre>
 * POST /api/signup {email,password}   (with LATCHKEY_EMAIL_VERIFICATION on, through AuthRoutes)
 *                                     202 {status:"check_email"} whether the address is new (a
 *                                     verification link goes to it) or taken (its owner gets a
 *                                     "someone tried to sign up" notice) · 422 invalid_email /
 *                                     weak_password · 429 too_many_attempts + Retry-After
 * POST /api/email/verify {token}      200 {status:"verified",email} · 401 invalid_link /
 *                                     link_expired
 * POST /api/security/email {new_email}  202 {status:"check_email",masked_email,expires_at}: a
 *                                     confirmation link went to the new address · 403
 *                                     reauthentication_required · 422 invalid_email / same_address
 *                                     · 429 too_many_attempts
 * POST /api/email/confirm {token}     200 {status:"changed",email}: the new address is the
 *                                     account's, the old one got an undo link (7 days) · 401
 *                                     invalid_link / link_expired · 409 email_taken (a
 *                                     verified account has it) / email_changed
 * POST /api/email/undo {token}        200 {status:"undone",email}: the old address is back
 *                                     (whatever the address became since) and every session of
 *                                     the account ended · 401 invalid_link / link_expired · 409
 *                                     email_taken (a verified account has it)
 * GET  /verify-email, /confirm-email, /undo-email-change ?token=…   the pages the links open
 * </pre>
 *
 * <p>The demo owns the email column: Latchkey says what to change and the demo changes it. An
 * unverified account cannot sign in ({@code 403 email_not_verified}, only after a right password);
 * signing up again with its address sends a new link, and a password reset verifies it too.
 */
final class EmailRoutes {
  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final ClientRequests requests;
  private final SessionCookie cookie;

  EmailRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth, ClientRequests requests,
      SessionCookie cookie) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.requests = requests;
    this.cookie = cookie;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/email/verify", this::verify);
    router.post("/api/security/email", this::requestChange);
    router.post("/api/email/confirm", this::confirm);
    router.post("/api/email/undo", this::undo);
    router.get("/verify-email", ctx -> RecoveryPages.serve(ctx, "verify", "Verify your email",
        "Confirm that this address is yours to finish creating your account.",
        RecoveryPages.form("link-form", "Verify my email")));
    router.get("/confirm-email", ctx -> RecoveryPages.serve(ctx, "confirm",
        "Confirm your new email", "Make this address the email of your account.",
        RecoveryPages.form("link-form", "Confirm the new address")));
    router.get("/undo-email-change", ctx -> RecoveryPages.serve(ctx, "undo",
        "Undo the email change", "Put your old address back and sign out every device. Then"
            + " reset your password if someone else may know it.",
        RecoveryPages.form("link-form", "Undo the change")));
  }

  /**
   * Sign-up with email verification, for {@link AuthRoutes} (the password already passed the
   * policy). A new address creates an unverified account and gets a link; an address that is
   * taken gets its owner a notice (or, when the account there is unverified, a new link, and this
   * sign-up's password replaces the one it had). The password is hashed either way, so both cost
   * the same hashing work; the answer is the same.
   */
  void signUp(Context ctx, String email, String password) {
    ClientInfo client = requests.clientInfo(ctx);
    Optional<Account> created = accounts.create(email, false);
    VerificationSendResult result;
    if (created.isPresent()) {
      String id = created.get().id();
      try {
        latchkey.signIn().setPassword(id, password);
      } catch (RuntimeException e) {
        accounts.delete(id);
        throw e;
      }
      result = latchkey.emailVerification().signUp(id, email, false, client, null);
    } else {
      Account owner = accounts.findByEmail(email).orElseThrow(() -> ApiError.conflict(
          "try_again", "Something changed while creating the account. Try again."));
      boolean verified = accounts.isVerified(owner.id());
      if (verified) {
        // Same Argon2 work as the new account's password, then nothing is stored.
        latchkey.passwordHasher().hash(password);
      } else {
        // An unverified account proves nothing about who chose its password: anyone may have
        // signed up with this address before its owner. The newest sign-up's password replaces
        // it, so the link its owner opens verifies the owner's password, not a squatter's.
        latchkey.signIn().setPassword(owner.id(), password);
      }
      result = latchkey.emailVerification().signUp(owner.id(), email, verified, client, null);
    }
    if (result instanceof VerificationSendResult.Sent) {
      ObjectNode out = Json.object();
      out.put("status", "check_email");
      ctx.status(202).json(out);
      return;
    }
    if (result instanceof VerificationSendResult.RateLimited limited) {
      throw ApiError.tooManyAttempts(limited.retryAfterSeconds());
    }
    if (result instanceof VerificationSendResult.InvalidEmail) {
      throw invalidEmail();
    }
    throw deliveryFailed();
  }

  private void verify(Context ctx) {
    String token = Json.requiredString(Json.body(ctx), "token");
    EmailVerifyResult result = latchkey.emailVerification().verify(token,
        requests.clientInfo(ctx));
    if (result instanceof EmailVerifyResult.InvalidLink invalid) {
      throw RecoveryRoutes.invalidLink(invalid.reason());
    }
    EmailVerifyResult.Verified verified = (EmailVerifyResult.Verified) result;
    accounts.markVerified(verified.accountId(), verified.email());
    ObjectNode out = Json.object();
    out.put("status", "verified");
    out.put("email", verified.email());
    ctx.json(out);
  }

  private void requestChange(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String next = Accounts.normalizeEmail(Json.requiredString(Json.body(ctx), "new_email"))
        .orElseThrow(EmailRoutes::invalidEmail);
    Account account = accounts.findById(session.accountId()).orElseThrow(() ->
        ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    // Whether another account has the address is checked at confirmation, not here: the answer
    // to a signed-in person then says nothing about other accounts either.
    EmailChangeRequestResult result = latchkey.emailVerification().requestChange(session,
        account.email(), next, requests.clientInfo(ctx), null);
    if (result instanceof EmailChangeRequestResult.Sent sent) {
      ObjectNode out = Json.object();
      out.put("status", "check_email");
      out.put("masked_email", sent.maskedAddress());
      out.put("expires_at", Json.timestamp(sent.expiresAt()));
      ctx.status(202).json(out);
      return;
    }
    if (result instanceof EmailChangeRequestResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    if (result instanceof EmailChangeRequestResult.Refused refused) {
      throw switch (refused.reason()) {
        case INVALID_EMAIL -> invalidEmail();
        case SAME_ADDRESS -> ApiError.unprocessable("same_address",
            "That is already your email address.");
        case SESSION_RESTRICTED -> ApiError.forbidden("two_factor_enrollment_required",
            "Set up two-factor authentication first.");
      };
    }
    if (result instanceof EmailChangeRequestResult.RateLimited limited) {
      throw ApiError.tooManyAttempts(limited.retryAfterSeconds());
    }
    throw deliveryFailed();
  }

  private void confirm(Context ctx) {
    String token = Json.requiredString(Json.body(ctx), "token");
    // Checked before the link is used: a taken address leaves it working.
    Optional<PendingEmailChange> pending = latchkey.emailVerification().pendingChange(token);
    if (pending.isPresent()) {
      // An unverified holder does not count: it never proved the address, this link's opener
      // does (the change then frees the address from it).
      Optional<Account> holder = accounts.findByEmail(pending.get().newEmail());
      if (holder.isPresent() && !holder.get().id().equals(pending.get().accountId())
          && accounts.isVerified(holder.get().id())) {
        throw emailTaken();
      }
    }
    EmailChangeResult result = latchkey.emailVerification().confirmChange(token,
        requests.clientInfo(ctx), null);
    if (result instanceof EmailChangeResult.InvalidLink invalid) {
      throw RecoveryRoutes.invalidLink(invalid.reason());
    }
    EmailChangeResult.Changed changed = (EmailChangeResult.Changed) result;
    Accounts.EmailChange applied =
        accounts.changeEmail(changed.accountId(), changed.oldEmail(), changed.newEmail());
    if (applied == Accounts.EmailChange.TAKEN) {
      throw emailTaken();
    }
    if (applied == Accounts.EmailChange.STALE) {
      throw ApiError.conflict("email_changed", "The account's email address changed after this"
          + " link was sent. Ask for a new one.");
    }
    ObjectNode out = Json.object();
    out.put("status", "changed");
    out.put("email", changed.newEmail());
    ctx.json(out);
  }

  private void undo(Context ctx) {
    String token = Json.requiredString(Json.body(ctx), "token");
    EmailChangeResult result = latchkey.emailVerification().undoChange(token,
        requests.clientInfo(ctx));
    if (result instanceof EmailChangeResult.InvalidLink invalid) {
      throw RecoveryRoutes.invalidLink(invalid.reason());
    }
    EmailChangeResult.Undone undone = (EmailChangeResult.Undone) result;
    // Whatever the address is now: a second change must not make this link useless.
    Accounts.EmailChange applied =
        accounts.restoreEmail(undone.accountId(), undone.restoredEmail());
    cookie.clear(ctx);
    if (applied == Accounts.EmailChange.TAKEN) {
      throw emailTaken();
    }
    if (applied == Accounts.EmailChange.STALE) {
      throw RecoveryRoutes.invalidLink(LinkRejection.INVALID_TOKEN);
    }
    ObjectNode out = Json.object();
    out.put("status", "undone");
    out.put("email", undone.restoredEmail());
    ctx.json(out);
  }

  /**
   * Refuses the sign-in of an account whose address is not verified yet: called only after the
   * password (and any second factor) was right, so it tells nothing to someone guessing.
   */
  boolean verified(String accountId) {
    return accounts.isVerified(accountId);
  }

  static ApiError invalidEmail() {
    return ApiError.unprocessable("invalid_email", "Enter a valid email address.");
  }

  static ApiError emailNotVerified() {
    return ApiError.forbidden("email_not_verified", "Verify your email address first: open the"
        + " link we sent you. To get a new link, sign up again with the same address.");
  }

  private static ApiError emailTaken() {
    return ApiError.conflict("email_taken", "Another account uses this email address.");
  }

  private static ApiError deliveryFailed() {
    return new ApiError(503, "delivery_failed",
        "We could not send the email. Try again in a few minutes.");
  }
}
