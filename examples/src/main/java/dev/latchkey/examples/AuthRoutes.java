package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.connected.ConnectedAccountLinkResult;
import dev.latchkey.delivery.Channel;
import dev.latchkey.examples.Accounts.Account;
import dev.latchkey.otp.EnrolledDestination;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * Sign-up, sign-in, sign-out and "who am I".
 *
 * <pre>
 * POST /api/signup  {email,password}  201 {account_id,email} · 422 invalid_email / weak_password
 *                                     (with violations) · 409 email_taken; with email
 *                                     verification on, 202 {status:"check_email"} instead
 *                                     ({@link EmailRoutes})
 * POST /api/login   {email,password}  200 {status:"signed_in"} + cookie (and the device cookie)
 *                                     · 200 {status:"enrollment_required"} + cookie (LATCHKEY_REQUIRE_2FA)
 *                                     · 200 {status:"mfa_required",mfa_token,expires_at}
 *                                     · 401 invalid_credentials · 429 too_many_attempts + Retry-After
 *                                     · 403 email_not_verified (right password, unverified address)
 *                                     (second_factors: "totp", "passkey", "sms", "email";
 *                                     code_destinations: {sms: "+1•••••••23", …}, masked)
 * POST /api/login/mfa {mfa_token,code,channel?} 200 {status:"signed_in"} + cookie (TOTP or backup
 *                                     code; with channel "sms"/"email", the code sent by
 *                                     POST /api/login/mfa/send, see CodeFactorRoutes; a backup code
 *                                     works either way) · 401 invalid_code / invalid_challenge
 *                                     · 429 + Retry-After
 * POST /api/logout                    204, ends the current session and clears the cookie
 * GET  /api/me                        {account_id,email,has_password,has_passkey,fully_authenticated,
 *                                     authenticated_at} · 401
 *
 * Simulated providers (the demo cannot reach GitHub, Google or GitLab):
 * POST /api/login/provider/{provider}/simulate {email} or {subject}  as /api/login
 *                                     · 404 unknown_identity
 * POST /api/signup/provider/{provider}/simulate {email,subject?} 201 + cookie, an account without
 *                                     a password · 409 email_taken / linked_to_another_account
 * </pre>
 *
 * <p>A real app runs the provider's OAuth / OpenID Connect flow and, once it has verified the
 * identity ({@code sub} claim), does exactly what the simulated routes do: find the account the
 * identity is linked to and call {@code signInVerified}.
 */
final class AuthRoutes {
  /** The product name the password policy refuses inside a password. */
  static final String PRODUCT_NAME = "Latchkey Demo";

  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final SessionCookie cookie;
  private final BrowserCookie deviceCookie;
  private final ClientRequests requests;
  /** Set when sign-up needs a verified email (LATCHKEY_EMAIL_VERIFICATION); else null. */
  private EmailRoutes emailVerification;

  AuthRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth, SessionCookie cookie,
      BrowserCookie deviceCookie, ClientRequests requests) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.cookie = cookie;
    this.deviceCookie = deviceCookie;
    this.requests = requests;
  }

  /** Sign-up answers "check your email" and unverified accounts cannot sign in. */
  void verifyEmailsWith(EmailRoutes routes) {
    this.emailVerification = routes;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/signup", this::signUp);
    router.post("/api/login", this::logIn);
    router.post("/api/login/mfa", this::logInSecondFactor);
    router.post("/api/logout", this::logOut);
    router.get("/api/me", this::me);
    router.post("/api/login/provider/{provider}/simulate", this::providerLogIn);
    router.post("/api/signup/provider/{provider}/simulate", this::providerSignUp);
  }

  /** What the password policy knows about the user: their email and the product's name. */
  static PasswordContext passwordContext(String email) {
    return PasswordContext.builder().email(email).productName(PRODUCT_NAME).build();
  }

  private void signUp(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String rawEmail = Json.requiredString(body, "email");
    String password = Json.requiredString(body, "password");
    String email = Accounts.normalizeEmail(rawEmail).orElseThrow(() -> ApiError.unprocessable(
        "invalid_email", "Enter a valid email address."));
    PasswordContext context = passwordContext(email);
    // Check first, so a weak password never creates (and deletes) a row.
    PasswordValidation verdict = latchkey.signIn().passwordPolicy().validate(password, context);
    if (!verdict.isValid()) {
      throw ApiError.weakPassword(verdict);
    }
    if (emailVerification != null) {
      emailVerification.signUp(ctx, email, password);
      return;
    }
    Account account = accounts.create(email).orElseThrow(() -> ApiError.conflict(
        "email_taken", "An account with this email address already exists."));
    try {
      // Already validated above (before the row existed), so only hash and store it here.
      latchkey.signIn().setPassword(account.id(), password);
    } catch (RuntimeException e) {
      // Without a password the account could never sign in, and its email would stay taken.
      // During a database outage the delete fails too: the first failure is the one to answer.
      try {
        accounts.delete(account.id());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    ctx.status(201).json(accountJson(account));
  }

  private void logIn(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String rawEmail = Json.requiredString(body, "email");
    String password = Json.requiredString(body, "password");
    // No length check of our own: the library's one rule (code points after NFKC, raw input
    // bounded before any work) decides, as it did at sign-up.
    // Unknown email → null account id plus the email: Latchkey then does the same hashing work,
    // answers the same way and locks the same way after repeated guesses, so neither the response
    // nor its timing tells whether the email is registered.
    String accountId = Accounts.normalizeEmail(rawEmail)
        .flatMap(accounts::findByEmail)
        .map(Account::id)
        .orElse(null);
    // The device cookie, when this browser signed in before: its guesses then count against its
    // own allowance, so guesses from elsewhere cannot lock its owner out.
    SignInResult result = latchkey.signIn().signIn(accountId, rawEmail, password,
        requests.clientInfo(ctx), deviceCookie.read(ctx));
    if (emailVerification != null && accountId != null && !emailVerification.verified(accountId)) {
      // The password was right (only then is this said): the session goes, unused.
      if (result instanceof SignInResult.SignedIn signedIn) {
        latchkey.sessions().discard(signedIn.session());
        throw EmailRoutes.emailNotVerified();
      }
      if (result instanceof SignInResult.EnrollmentRequired enrollment) {
        latchkey.sessions().discard(enrollment.session());
        throw EmailRoutes.emailNotVerified();
      }
    }
    signedIn(ctx, result);
  }

  private void providerLogIn(Context ctx) {
    String provider = ConnectedAccountRoutes.provider(ctx);
    ObjectNode body = Json.body(ctx);
    // The simulated identity is picked by email (or named by its subject, as a provider would).
    String email = null;
    if (body.hasNonNull("email") && !body.hasNonNull("subject")) {
      email = Accounts.normalizeEmail(Json.requiredString(body, "email")).orElseThrow(() ->
          ApiError.unprocessable("invalid_email", "Enter a valid email address."));
    }
    String subject = email != null ? ConnectedAccountRoutes.simulatedSubject(email)
        : Json.requiredString(body, "subject");
    // Stands in for "the provider vouched for this subject": only then may we trust it.
    String accountId = latchkey.connectedAccounts().findAccount(provider, subject)
        .orElseThrow(() -> ApiError.notFound("unknown_identity",
            "No account is connected to this " + ConnectedAccountRoutes.label(provider)
                + " identity. Sign up with it first, or connect it from Settings → Security."));
    signedIn(ctx, latchkey.signIn().signInVerified(accountId, provider, requests.clientInfo(ctx),
        deviceCookie.read(ctx)));
  }

  private void providerSignUp(Context ctx) {
    String provider = ConnectedAccountRoutes.provider(ctx);
    ObjectNode body = Json.body(ctx);
    String email = Accounts.normalizeEmail(Json.requiredString(body, "email"))
        .orElseThrow(() -> ApiError.unprocessable("invalid_email", "Enter a valid email address."));
    String subject = ConnectedAccountRoutes.subject(body, email);
    if (latchkey.connectedAccounts().findAccount(provider, subject).isPresent()) {
      throw ConnectedAccountRoutes.linkedToAnotherAccount(provider);
    }
    Account account = accounts.create(email).orElseThrow(() -> ApiError.conflict(
        "email_taken", "An account with this email address already exists."));
    ConnectedAccountLinkResult link;
    try {
      link = latchkey.connectedAccounts().link(account.id(), provider, subject, email);
    } catch (RuntimeException e) {
      accounts.delete(account.id());
      throw e;
    }
    if (!link.isLinked()) {
      // No password and no identity: the account could never sign in. Undo it.
      accounts.delete(account.id());
      throw ConnectedAccountRoutes.linkError(link, provider);
    }
    SignInResult result = latchkey.signIn().signInVerified(account.id(), provider,
        requests.clientInfo(ctx), deviceCookie.read(ctx));
    signedIn(ctx, result);
    ctx.status(201);
  }

  /**
   * Answers a sign-in result: the cookie for a session (full or enrolment-only), the challenge for
   * a second factor, or the matching error.
   */
  void signedIn(Context ctx, SignInResult result) {
    if (result instanceof SignInResult.SecondFactorRequired required) {
      // Password right, second factor pending: no cookie yet, only a short-lived single-use token.
      ObjectNode out = Json.object();
      out.put("status", "mfa_required");
      out.put("mfa_token", required.challenge().reveal());
      out.put("expires_at", Json.timestamp(required.expiresAt()));
      // Which second factors the account has, so the page offers those (the password was right).
      ArrayNode factors = out.putArray("second_factors");
      latchkey.signIn().findChallenge(required.challenge().reveal()).ifPresent(challenge -> {
        if (latchkey.totp().isEnabled(challenge.accountId())) {
          factors.add("totp");
        }
        if (latchkey.passkeys().hasPasskeys(challenge.accountId())) {
          factors.add("passkey");
        }
        // Codes by SMS or email: where they would go, masked, for "Text me a code".
        ObjectNode destinations = out.putObject("code_destinations");
        for (EnrolledDestination d : latchkey.oneTimeCodes().destinations(challenge.accountId())) {
          if (d.allowed()) {
            factors.add(d.channel().code());
            destinations.put(d.channel().code(), d.masked());
          }
        }
      });
      ctx.json(out);
      return;
    }
    NewSession session;
    String status;
    if (result instanceof SignInResult.SignedIn signedIn) {
      session = signedIn.session();
      status = "signed_in";
    } else if (result instanceof SignInResult.EnrollmentRequired enrollment) {
      // LATCHKEY_REQUIRE_2FA and no authenticator yet: a session good only for setting one up.
      session = enrollment.session();
      status = "enrollment_required";
    } else {
      throw failure(result);
    }
    // A browser that was already signed in (same or another account) gets a fresh session; end the
    // old one rather than leave it active and unreachable in the session list.
    auth.optional(ctx).ifPresent(previous -> latchkey.sessions().revoke(previous,
        previous.sessionId()));
    cookie.set(ctx, session);
    if (result instanceof SignInResult.SignedIn signedIn) {
      // The new device token replaces the one this browser showed (which no longer works).
      signedIn.deviceToken().ifPresent(token -> deviceCookie.set(ctx, token.token(),
          token.expiresAt()));
    }
    ObjectNode out = Json.object();
    out.put("status", status);
    ctx.json(out);
  }

  private void logInSecondFactor(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String challenge = Json.requiredString(body, "mfa_token");
    String code = Json.requiredString(body, "code");
    Channel channel = body.hasNonNull("channel")
        ? CodeFactorRoutes.channel(Json.requiredString(body, "channel")) : null;
    // A code sent by SMS or email is six digits; anything else typed in that step is a backup
    // code, which the default path checks (backup codes keep working whatever was sent).
    boolean sentCode = channel != null && looksLikeTotp(code);
    SignInResult result = sentCode
        ? latchkey.oneTimeCodes().completeSignIn(challenge, channel, code,
            requests.clientInfo(ctx), deviceCookie.read(ctx))
        : latchkey.signIn().completeSecondFactor(challenge, code, requests.clientInfo(ctx),
            deviceCookie.read(ctx));
    if (sentCode && result instanceof SignInResult.Rejected rejected
        && rejected.reason() == SignInResult.Reason.INVALID_CODE) {
      throw ApiError.unauthorized("invalid_code", "That code is not valid or was already used."
          + " Enter the latest code we sent, ask for a new one, or use a backup code.");
    }
    signedIn(ctx, result);
    if (result instanceof SignInResult.SignedIn signedIn && !sentCode && !looksLikeTotp(code)) {
      // A backup code was spent: say how many are left, as the page shows it at once.
      ObjectNode out = Json.object();
      out.put("status", "signed_in");
      out.put("backup_codes_remaining",
          latchkey.backupCodes().remaining(signedIn.session().accountId()));
      ctx.json(out);
    }
  }

  /**
   * Latchkey's own rule for telling the two kinds of second-factor code apart: as many digits as
   * the TOTP settings say (spaces aside, nothing else) is an authenticator code, anything else a
   * backup code.
   */
  private boolean looksLikeTotp(String code) {
    if (code.length() > 32) {
      return false;
    }
    String digits = code.replace(" ", "");
    return digits.length() == latchkey.totp().settings().digits()
        && digits.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The error for a result that is not a session nor a challenge. */
  private static ApiError failure(SignInResult result) {
    if (result instanceof SignInResult.Locked locked) {
      return ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof SignInResult.Rejected rejected) {
      return switch (rejected.reason()) {
        case INVALID_CREDENTIALS -> invalidCredentials();
        // Latchkey answers a replayed TOTP code like a wrong one here (the sign-in reveals
        // nothing more): say both, so a user who typed the code just used waits for the next.
        case INVALID_CODE -> ApiError.unauthorized("invalid_code",
            "That code is not valid or was already used. Enter the current code from your"
                + " authenticator app (wait for the next one if you just used this one), or an"
                + " unused backup code.");
        case INVALID_CHALLENGE -> invalidChallenge();
      };
    }
    return invalidCredentials();
  }

  private void logOut(Context ctx) {
    // Idempotent: signing out without a (valid) session still clears whatever cookie is there.
    // signOut records "Signed out" in the login history, with this client's device and address.
    auth.optional(ctx).ifPresent(session -> latchkey.sessions().signOut(session,
        requests.clientInfo(ctx)));
    cookie.clear(ctx);
    ctx.status(204);
  }

  private void me(Context ctx) {
    // Also for an enrolment-only session: the page needs it to know what to show.
    ValidatedSession session = auth.requireAllowingEnrollment(ctx);
    Account account = accounts.findById(session.accountId()).orElseThrow(() ->
        ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    ObjectNode out = accountJson(account);
    out.put("has_password", latchkey.signIn().hasPassword(account.id()));
    // So "Confirm it's you" can offer the passkey.
    out.put("has_passkey", latchkey.passkeys().hasPasskeys(account.id()));
    out.put("fully_authenticated", session.isFullyAuthenticated());
    // When this session last proved a factor: sensitive actions need it recent.
    out.put("authenticated_at", Json.timestamp(session.authenticatedAt()));
    ctx.json(out);
  }

  private static ObjectNode accountJson(Account account) {
    ObjectNode out = Json.object();
    out.put("account_id", account.id());
    out.put("email", account.email());
    return out;
  }

  /** 401 {@code invalid_challenge}: the second step's token is used up, void or expired. */
  static ApiError invalidChallenge() {
    return ApiError.unauthorized("invalid_challenge",
        "This sign-in attempt has expired. Sign in again with your password.");
  }

  private static ApiError invalidCredentials() {
    return ApiError.unauthorized("invalid_credentials", "Incorrect email or password.");
  }
}
