package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.examples.Accounts.Account;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * Sign-up, sign-in, sign-out and "who am I".
 *
 * <pre>
 * POST /api/signup  {email,password}  201 {account_id,email} · 422 · 409 email_taken
 * POST /api/login   {email,password}  200 {status:"signed_in"} + cookie
 *                                     · 200 {status:"mfa_required",mfa_token,expires_at}
 *                                     · 401 invalid_credentials · 429 too_many_attempts + Retry-After
 * POST /api/login/mfa {mfa_token,code} 200 {status:"signed_in"} + cookie (TOTP or backup code)
 *                                     · 401 invalid_code / invalid_challenge · 429 + Retry-After
 * POST /api/logout                    204, ends the current session and clears the cookie
 * GET  /api/me                        {account_id,email} · 401
 * </pre>
 */
final class AuthRoutes {
  /** Shortest password accepted; the full policy (character classes, blocklist) comes later. */
  static final int MIN_PASSWORD_LENGTH = 8;
  /** Longest password accepted: enough for any passphrase, small enough to hash cheaply. */
  static final int MAX_PASSWORD_LENGTH = 256;

  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final SessionCookie cookie;
  private final ClientRequests requests;

  AuthRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth, SessionCookie cookie,
      ClientRequests requests) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.cookie = cookie;
    this.requests = requests;
  }

  void register(JavalinDefaultRouting router) {
    router.post("/api/signup", this::signUp);
    router.post("/api/login", this::logIn);
    router.post("/api/login/mfa", this::logInSecondFactor);
    router.post("/api/logout", this::logOut);
    router.get("/api/me", this::me);
  }

  private void signUp(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String rawEmail = Json.requiredString(body, "email");
    String password = Json.requiredString(body, "password");
    String email = Accounts.normalizeEmail(rawEmail).orElseThrow(() -> ApiError.unprocessable(
        "invalid_email", "Enter a valid email address."));
    checkPasswordLength(password);
    Account account = accounts.create(email).orElseThrow(() -> ApiError.conflict(
        "email_taken", "An account with this email address already exists."));
    try {
      latchkey.signIn().setPassword(account.id(), password);
    } catch (RuntimeException e) {
      // Without a password the account could never sign in, and its email would stay taken.
      accounts.delete(account.id());
      throw e;
    }
    ctx.status(201).json(accountJson(account));
  }

  private void logIn(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String rawEmail = Json.requiredString(body, "email");
    String password = Json.requiredString(body, "password");
    if (password.length() > MAX_PASSWORD_LENGTH) {
      // No account could have this password; refusing before any lookup reveals nothing.
      throw invalidCredentials();
    }
    // Unknown email → null account id: Latchkey then does the same hashing work and answers the
    // same way, so neither the response nor its timing tells whether the email is registered.
    String accountId = Accounts.normalizeEmail(rawEmail)
        .flatMap(accounts::findByEmail)
        .map(Account::id)
        .orElse(null);
    SignInResult result = latchkey.signIn().signIn(accountId, password,
        requests.clientInfo(ctx));
    if (result instanceof SignInResult.SecondFactorRequired required) {
      // Password right, second factor pending: no cookie yet, only a short-lived single-use token.
      ObjectNode out = Json.object();
      out.put("status", "mfa_required");
      out.put("mfa_token", required.challenge().reveal());
      out.put("expires_at", Json.timestamp(required.expiresAt()));
      ctx.json(out);
      return;
    }
    signedIn(ctx, result);
  }

  private void logInSecondFactor(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String challenge = Json.requiredString(body, "mfa_token");
    String code = Json.requiredString(body, "code");
    signedIn(ctx, latchkey.signIn().completeSecondFactor(challenge, code,
        requests.clientInfo(ctx)));
  }

  /** Sets the cookie for a {@code SignedIn} result; throws the matching error for any other. */
  private void signedIn(Context ctx, SignInResult result) {
    if (result instanceof SignInResult.Locked locked) {
      throw ApiError.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (result instanceof SignInResult.Rejected rejected) {
      throw switch (rejected.reason()) {
        case INVALID_CREDENTIALS -> invalidCredentials();
        case INVALID_CODE -> ApiError.unauthorized("invalid_code",
            "That code is not valid. Enter the current code from your authenticator app, or an"
                + " unused backup code.");
        case INVALID_CHALLENGE -> ApiError.unauthorized("invalid_challenge",
            "This sign-in attempt has expired. Sign in again with your password.");
      };
    }
    if (!(result instanceof SignInResult.SignedIn signedIn)) {
      throw invalidCredentials();
    }
    // A browser that was already signed in (same or another account) gets a fresh session; end the
    // old one rather than leave it active and unreachable in the session list.
    auth.optional(ctx).ifPresent(previous -> latchkey.sessions().revoke(previous,
        previous.sessionId()));
    cookie.set(ctx, signedIn.session());
    ObjectNode out = Json.object();
    out.put("status", "signed_in");
    ctx.json(out);
  }

  private void logOut(Context ctx) {
    // Idempotent: signing out without a (valid) session still clears whatever cookie is there.
    auth.optional(ctx).ifPresent(session -> latchkey.sessions().revoke(session,
        session.sessionId()));
    cookie.clear(ctx);
    ctx.status(204);
  }

  private void me(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    Account account = accounts.findById(session.accountId()).orElseThrow(() ->
        ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    ctx.json(accountJson(account));
  }

  private static void checkPasswordLength(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD_LENGTH) {
      throw ApiError.unprocessable("password_too_short",
          "Use at least " + MIN_PASSWORD_LENGTH + " characters for your password.");
    }
    if (length > MAX_PASSWORD_LENGTH) {
      throw ApiError.unprocessable("password_too_long",
          "Use at most " + MAX_PASSWORD_LENGTH + " characters for your password.");
    }
  }

  private static ObjectNode accountJson(Account account) {
    ObjectNode out = Json.object();
    out.put("account_id", account.id());
    out.put("email", account.email());
    return out;
  }

  private static ApiError invalidCredentials() {
    return ApiError.unauthorized("invalid_credentials", "Incorrect email or password.");
  }
}
