package dev.latchkey.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.examples.Accounts.Account;
import dev.latchkey.http.CookieRules;
import dev.latchkey.passkey.PasskeyInfo;
import dev.latchkey.passkey.PasskeyRemoveResult;
import dev.latchkey.passkey.PasskeyRenameResult;
import dev.latchkey.passkeys.PasskeyFailure;
import dev.latchkey.passkeys.PasskeyOptions;
import dev.latchkey.passkeys.PasskeyOptionsResult;
import dev.latchkey.passkeys.PasskeyReauthenticationResult;
import dev.latchkey.passkeys.PasskeyRegistrationResult;
import dev.latchkey.passkeys.PasskeySignInResult;
import dev.latchkey.passkeys.Passkeys;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.PasskeyRecord;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Clock;
import java.util.Objects;

/**
 * Passkeys (WebAuthn): the "Passkeys" card of the Security page, "Sign in with a passkey", a
 * passkey as the second step of a password sign-in, and a passkey to confirm it's you.
 *
 * <pre>
 * GET    /api/security/passkeys               [{id,name,transports,synced,created_at,last_used_at}]
 * POST   /api/security/passkeys/options       {options,expires_at} · 403 reauthentication_required
 * POST   /api/security/passkeys {name,credential}
 *                                             201 {passkey,other_sessions_ended} + new cookie
 *                                             · 400 (a passkey failure code) · 409 already_registered
 *                                             · 422 invalid_name
 * PATCH  /api/security/passkeys/{id} {name}   200 passkey · 404 passkey_not_found · 422 invalid_name
 * DELETE /api/security/passkeys/{id}          200 {other_sessions_ended} + new cookie
 *                                             · 403 reauthentication_required · 404 passkey_not_found
 *                                             · 409 last_sign_in_method
 * POST   /api/login/passkey/options           {options,expires_at} + the ceremony cookie
 * POST   /api/login/passkey {credential}      as /api/login · 401 (a passkey failure code)
 * POST   /api/login/mfa/passkey/options {mfa_token}
 *                                             {options,expires_at} · 401 invalid_challenge
 *                                             · 409 no_passkeys
 * POST   /api/login/mfa/passkey {mfa_token,credential}
 *                                             as /api/login/mfa · 401 (a passkey failure code)
 * POST   /api/security/reauthenticate/passkey/options   {options,expires_at} · 409 no_passkeys
 * POST   /api/security/reauthenticate/passkey {credential}
 *                                             as /api/security/reauthenticate · 422 (a failure code)
 * </pre>
 *
 * <p>Every {@code options} object goes to the browser as it is (binary values base64url, as
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON}
 * take them), and every {@code credential} is the browser's {@code credential.toJSON()}, sent
 * back as it is: the demo never looks inside, {@link Passkeys} verifies it.
 *
 * <p>A passwordless sign-in has no session and no sign-in challenge to bind its challenge to, so
 * its options come with a ceremony token in a short-lived HttpOnly cookie (same attributes as the
 * session cookie): only the browser that asked can answer, and only once.
 */
final class PasskeyRoutes {
  /** The cookie holding the passwordless ceremony's token. */
  static final CookieRules CEREMONY_COOKIE = CookieRules.named("latchkey_passkey_ceremony");

  private final Latchkey latchkey;
  private final Accounts accounts;
  private final SessionAuth auth;
  private final SessionCookie cookie;
  private final BrowserCookie deviceCookie;
  private final AuthRoutes authRoutes;
  private final ClientRequests requests;
  private final BrowserCookie ceremonyCookie;
  /**
   * Set once the server listens: the WebAuthn origin includes the port, which is known only then
   * (port 0 in tests picks a free one). Requests come in only after that.
   */
  private volatile Passkeys passkeys;

  PasskeyRoutes(Latchkey latchkey, Accounts accounts, SessionAuth auth, SessionCookie cookie,
      BrowserCookie deviceCookie, AuthRoutes authRoutes, ClientRequests requests, Clock clock) {
    this.latchkey = latchkey;
    this.accounts = accounts;
    this.auth = auth;
    this.cookie = cookie;
    this.deviceCookie = deviceCookie;
    this.authRoutes = authRoutes;
    this.requests = requests;
    this.ceremonyCookie = new BrowserCookie(CEREMONY_COOKIE, requests, clock);
  }

  /** Hands over the ceremonies, built for the origin the demo now serves. */
  void use(Passkeys value) {
    this.passkeys = Objects.requireNonNull(value, "passkeys");
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/security/passkeys", this::list);
    router.post("/api/security/passkeys/options", this::registrationOptions);
    router.post("/api/security/passkeys", this::add);
    router.patch("/api/security/passkeys/{id}", this::rename);
    router.delete("/api/security/passkeys/{id}", this::remove);
    router.post("/api/login/passkey/options", this::passwordlessOptions);
    router.post("/api/login/passkey", this::passwordless);
    router.post("/api/login/mfa/passkey/options", this::secondFactorOptions);
    router.post("/api/login/mfa/passkey", this::secondFactor);
    router.post("/api/security/reauthenticate/passkey/options", this::reauthenticationOptions);
    router.post("/api/security/reauthenticate/passkey", this::reauthenticate);
  }

  private Passkeys passkeys() {
    Passkeys p = passkeys;
    if (p == null) {
      throw new ApiError(503, "passkeys_unavailable", "Passkeys are not ready yet. Try again.");
    }
    return p;
  }

  // ---------------------------------------------------------------- the account's passkeys

  private void list(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ArrayNode out = Json.MAPPER.createArrayNode();
    latchkey.passkeys().list(session.accountId()).forEach(p -> out.add(passkeyJson(p)));
    ctx.json(out);
  }

  private void registrationOptions(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    Account account = accounts.findById(session.accountId()).orElseThrow(() ->
        ApiError.unauthorized("unauthenticated", "Sign in to continue."));
    // The authenticator lists the passkey under the email; longer ones are cut (display only).
    String userName = account.email().length() <= Passkeys.MAX_USER_NAME_LENGTH ? account.email()
        : account.email().substring(0, Passkeys.MAX_USER_NAME_LENGTH);
    PasskeyOptionsResult result = passkeys().registrationOptions(session, userName, null);
    if (result instanceof PasskeyOptionsResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    ctx.json(optionsJson(((PasskeyOptionsResult.Issued) result).options()));
  }

  private void add(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ObjectNode body = Json.body(ctx);
    String name = Json.requiredString(body, "name").strip();
    PasskeyRegistrationResult result = passkeys().register(session, credential(body), name);
    if (result instanceof PasskeyRegistrationResult.Registered registered) {
      cookie.renew(ctx, registered.added().sessions());
      ObjectNode out = Json.object();
      out.set("passkey", passkeyJson(registered.added().passkey()));
      out.put("other_sessions_ended", registered.added().sessions().otherSessionsEnded());
      ctx.status(201).json(out);
      return;
    }
    PasskeyFailure reason = ((PasskeyRegistrationResult.Rejected) result).reason();
    throw switch (reason) {
      case ALREADY_REGISTERED -> ApiError.conflict(reason.code(),
          "This passkey is already registered.");
      case INVALID_NAME -> invalidName();
      default -> new ApiError(400, reason.code(), message(reason));
    };
  }

  private void rename(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    String name = Json.requiredString(Json.body(ctx), "name").strip();
    PasskeyRenameResult result = latchkey.passkeys().rename(session, ctx.pathParam("id"), name);
    if (result instanceof PasskeyRenameResult.Renamed renamed) {
      ctx.json(passkeyJson(renamed.passkey()));
      return;
    }
    throw result instanceof PasskeyRenameResult.InvalidName ? invalidName() : notFound();
  }

  private void remove(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    PasskeyRemoveResult result = latchkey.passkeys().remove(session, ctx.pathParam("id"));
    if (result instanceof PasskeyRemoveResult.Removed removed) {
      cookie.renew(ctx, removed.sessions());
      ObjectNode out = Json.object();
      out.put("other_sessions_ended", removed.sessions().otherSessionsEnded());
      ctx.json(out);
      return;
    }
    if (result instanceof PasskeyRemoveResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    if (result instanceof PasskeyRemoveResult.LastSignInMethod) {
      throw ApiError.conflict("last_sign_in_method", "This passkey is your only way to sign in."
          + " Set a password or connect another account first.");
    }
    throw notFound();
  }

  // ---------------------------------------------------------------- signing in

  private void passwordlessOptions(Context ctx) {
    PasskeyOptions options = passkeys().passwordlessOptions();
    ceremonyCookie.set(ctx, options.ceremony().orElseThrow(), options.expiresAt());
    ctx.json(optionsJson(options));
  }

  private void passwordless(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String ceremony = ceremonyCookie.read(ctx);
    // The ceremony is over whatever the answer: its challenge is used up either way.
    ceremonyCookie.clear(ctx);
    PasskeySignInResult result = passkeys().signIn(ceremony, credential(body),
        requests.clientInfo(ctx), deviceCookie.read(ctx));
    authRoutes.signedIn(ctx, signInResult(result));
  }

  private void secondFactorOptions(Context ctx) {
    String challenge = Json.requiredString(Json.body(ctx), "mfa_token");
    PasskeyOptionsResult result = passkeys().secondFactorOptions(challenge);
    if (result instanceof PasskeyOptionsResult.Issued issued) {
      ctx.json(optionsJson(issued.options()));
      return;
    }
    throw result instanceof PasskeyOptionsResult.NoPasskeys ? noPasskeys()
        : AuthRoutes.invalidChallenge();
  }

  private void secondFactor(Context ctx) {
    ObjectNode body = Json.body(ctx);
    String challenge = Json.requiredString(body, "mfa_token");
    PasskeySignInResult result = passkeys().completeSecondFactor(challenge, credential(body),
        requests.clientInfo(ctx), deviceCookie.read(ctx));
    if (result instanceof PasskeySignInResult.Rejected rejected
        && rejected.reason() == PasskeyFailure.INVALID_SIGN_IN_CHALLENGE) {
      throw AuthRoutes.invalidChallenge();
    }
    authRoutes.signedIn(ctx, signInResult(result));
  }

  /** The sign-in flow's answer, or 401 with the passkey's failure code. */
  private static SignInResult signInResult(PasskeySignInResult result) {
    if (result instanceof PasskeySignInResult.Completed completed) {
      return completed.result();
    }
    PasskeyFailure reason = ((PasskeySignInResult.Rejected) result).reason();
    throw ApiError.unauthorized(reason.code(), message(reason));
  }

  // ---------------------------------------------------------------- confirming it's you

  private void reauthenticationOptions(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    PasskeyOptionsResult result = passkeys().reauthenticationOptions(session);
    if (result instanceof PasskeyOptionsResult.Issued issued) {
      ctx.json(optionsJson(issued.options()));
      return;
    }
    throw noPasskeys();
  }

  private void reauthenticate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    PasskeyReauthenticationResult result = passkeys().reauthenticate(session,
        credential(Json.body(ctx)), requests.clientInfo(ctx));
    if (result instanceof PasskeyReauthenticationResult.Reauthenticated done) {
      ReauthenticationRoutes.answer(ctx, done.at());
      return;
    }
    if (result instanceof PasskeyReauthenticationResult.Rejected rejected) {
      throw ApiError.unprocessable(rejected.reason().code(), message(rejected.reason()));
    }
    throw ApiError.unauthorized("session_revoked",
        "This session has been signed out. Sign in again to continue.");
  }

  // ---------------------------------------------------------------- shapes

  /** The browser's {@code credential.toJSON()} as the text {@link Passkeys} parses. */
  private static String credential(ObjectNode body) {
    JsonNode value = body.get("credential");
    if (value == null || !value.isObject()) {
      throw ApiError.badRequest("invalid_request",
          "The field 'credential' is required and must be the passkey's answer as an object.");
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("invalid_request", "The field 'credential' is not valid.");
    }
  }

  private static ObjectNode optionsJson(PasskeyOptions options) {
    ObjectNode out = Json.object();
    try {
      out.set("options", Json.MAPPER.readTree(options.json()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Passkeys produced options that are not JSON", e);
    }
    out.put("expires_at", Json.timestamp(options.expiresAt()));
    return out;
  }

  static ObjectNode passkeyJson(PasskeyInfo p) {
    ObjectNode out = Json.object();
    out.put("id", p.credentialId());
    out.put("name", p.name());
    ArrayNode transports = out.putArray("transports");
    p.transports().stream().sorted().forEach(transports::add);
    // Synced passkeys live in a password manager or a cloud keychain, on every device of it.
    out.put("synced", p.backedUp());
    out.put("created_at", Json.timestamp(p.createdAt()));
    out.put("last_used_at", Json.timestamp(p.lastUsedAt()));
    return out;
  }

  /** What the person reads for each refusal; the code says it for programs. */
  static String message(PasskeyFailure reason) {
    return switch (reason) {
      case POSSIBLE_CLONE -> "This passkey was refused: its signature counter went backwards, so"
          + " it may have been copied. Sign in another way, then remove it under Passkeys.";
      case UNKNOWN_CREDENTIAL, USER_HANDLE_MISMATCH -> "This passkey is not registered for an"
          + " account here. Sign in another way.";
      case CHALLENGE_EXPIRED, CHALLENGE_REPLAYED, UNKNOWN_CHALLENGE, CHALLENGE_NOT_BOUND ->
          "That passkey request has expired or was already used. Try again.";
      case USER_VERIFICATION_MISSING -> "Your passkey did not verify you (PIN, fingerprint or"
          + " face). Try again.";
      case ATTESTATION_NOT_ACCEPTED, ALGORITHM_NOT_ALLOWED -> "This kind of passkey is not"
          + " accepted here.";
      case INVALID_SIGN_IN_CHALLENGE -> "This sign-in attempt has expired. Sign in again with your"
          + " password.";
      default -> "The passkey could not be verified. Try again.";
    };
  }

  private static ApiError invalidName() {
    return ApiError.unprocessable("invalid_name",
        "Give the passkey a name of 1 to " + PasskeyRecord.MAX_NAME_LENGTH
            + " characters, without control characters.");
  }

  private static ApiError notFound() {
    return ApiError.notFound("passkey_not_found", "No such passkey on your account.");
  }

  private static ApiError noPasskeys() {
    return ApiError.conflict("no_passkeys", "Your account has no passkey.");
  }
}
