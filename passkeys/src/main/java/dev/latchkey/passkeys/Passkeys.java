package dev.latchkey.passkeys;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadAttestationStatementException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CertificateException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.SelfAttestationProhibitedException;
import com.webauthn4j.verifier.exception.TrustAnchorNotFoundException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.Secret;
import dev.latchkey.passkey.PasskeyAddResult;
import dev.latchkey.passkey.PasskeyRegistry;
import dev.latchkey.passkey.PasskeyUseResult;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SecondFactorCheck;
import dev.latchkey.signin.SecondFactorVerifier;
import dev.latchkey.signin.SignInChallenge;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.PasskeyChallengeRecord;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.spi.PasskeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Passkeys (WebAuthn) for a {@link Latchkey}: the options for the browser's
 * {@code navigator.credentials.create} and {@code .get}, and the verification of what they return,
 * for three ceremonies — adding a passkey to a signed-in account, a passkey as the second factor
 * of a password sign-in, and a passwordless sign-in with a discoverable passkey. Verification is
 * webauthn4j's; the bookkeeping (stores, login history, sessions) is Latchkey core's
 * ({@link PasskeyRegistry}, {@link SignInService}).
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Every challenge is 32 bytes from the {@link SecureRandom} injected into Latchkey
 *       ({@link Latchkey#random()}), stored only as its
 *       SHA-256, lives {@link PasskeySettings#challengeLifetime()} (5 minutes by default, from the
 *       injected {@link Clock}), and is bound to what asked for it — the session adding a passkey,
 *       the sign-in challenge owing a second factor, or the passwordless ceremony token the host
 *       keeps in a cookie — and to the kind of ceremony. It is used up by the store's atomic
 *       "consume if unused, unexpired and bound to this" before the response is verified, so a
 *       response is accepted at most once, in one process or many.
 *   <li>Each response's origin must be one of {@link PasskeySettings#origins()}, its RP id hash
 *       must be {@link PasskeySettings#rpId()}'s, user presence is required, and user verification
 *       as configured (always for a passwordless sign-in, which then counts as multi-factor).
 *   <li>Registration accepts only the {@code none} attestation format unless
 *       {@link PasskeySettings.Builder#acceptAttestation} says otherwise, and only ES256, EdDSA and
 *       RS256 keys. The account's existing passkeys are listed in {@code excludeCredentials}, and
 *       a credential id is stored for one account only.
 *   <li>An assertion must come from a passkey of the expected account (second factor) or carry
 *       the user handle the passkey was registered with (passwordless), and its signature counter
 *       must move forward: a counter that does not is reported as
 *       {@link PasskeyFailure#POSSIBLE_CLONE} with a {@code passkey.clone_suspected} event.
 *   <li>Adding a passkey needs a recent authentication ({@link SensitiveAction#ADD_PASSKEY}); the
 *       addition ends the account's other sessions and is in the login history.
 *   <li>Every refusal is a typed result ({@link PasskeyFailure}); bad input never throws. Only a
 *       failing store throws, as {@link dev.latchkey.spi.StoreException}.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class Passkeys {
  /** The largest response accepted, in characters: 64 KiB (real ones are a few KiB). */
  public static final int MAX_RESPONSE_LENGTH = 64 * 1024;
  /** The challenge size: 32 bytes. */
  static final int CHALLENGE_BYTES = 32;
  /** The longest user name and display name accepted for the authenticator's account list. */
  public static final int MAX_USER_NAME_LENGTH = 64;

  private static final String METHOD = "passkey";
  private static final String ZERO_AAGUID = new UUID(0, 0).toString();
  private static final Pattern TRANSPORT = Pattern.compile("[a-z][a-z0-9-]{0,15}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
  /** ES256, EdDSA and RS256, in the order authenticators should prefer them. */
  private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
      new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
          COSEAlgorithmIdentifier.ES256),
      new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
          COSEAlgorithmIdentifier.EdDSA),
      new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
          COSEAlgorithmIdentifier.RS256));

  private final SignInService signIn;
  private final SessionRegistry sessions;
  private final PasskeyRegistry registry;
  private final PasskeyStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final PasskeySettings settings;
  private final WebAuthnManager manager;
  private final ObjectConverter converter = new ObjectConverter();
  private final Set<Origin> origins;

  private Passkeys(Builder b) {
    Latchkey latchkey = Objects.requireNonNull(b.latchkey, "latchkey");
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.random = latchkey.random();
    this.signIn = latchkey.signIn();
    this.sessions = latchkey.sessions();
    this.registry = latchkey.passkeys();
    this.store = registry.store();
    this.clock = latchkey.clock();
    this.manager = new WebAuthnManager(settings.attestationVerifiers(), settings.certPathTrust(),
        settings.selfAttestationTrust(), converter);
    // The counter is judged by PasskeyRegistry.recordUse, atomically against the store; webauthn4j
    // would judge it against the value read before, which a concurrent use may have moved.
    manager.getAuthenticationDataVerifier().setMaliciousCounterValueHandler(object -> { });
    Set<Origin> o = new HashSet<>();
    settings.origins().forEach(s -> o.add(new Origin(s)));
    this.origins = Set.copyOf(o);
  }

  /** Starts building; {@link Builder#latchkey} and {@link Builder#settings} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings. */
  public PasskeySettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- registration

  /**
   * Options for {@code navigator.credentials.create}, for the signed-in user to add a passkey:
   * resident key and user verification preferred, the account's passkeys excluded, attestation
   * {@code none} unless configured otherwise.
   *
   * @param session the signed-in user's session (the challenge is bound to it)
   * @param userName how the authenticator lists the account (the e-mail address, typically): 1 to
   *     {@value #MAX_USER_NAME_LENGTH} characters
   * @param displayName the person's name, or {@code null} to use {@code userName}
   * @return {@link PasskeyOptionsResult.Issued}, or
   *     {@link PasskeyOptionsResult.ReauthenticationRequired} outside the
   *     {@link SensitiveAction#ADD_PASSKEY} window
   * @throws IllegalArgumentException for a user name or display name out of range (the host's)
   */
  public PasskeyOptionsResult registrationOptions(ValidatedSession session, String userName,
      String displayName) {
    Objects.requireNonNull(session, "session");
    String name = requireUserName(userName, "userName");
    String display = displayName == null ? name : requireUserName(displayName, "displayName");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.ADD_PASSKEY)) {
      return new PasskeyOptionsResult.ReauthenticationRequired();
    }
    List<PasskeyRecord> existing = store.listByAccount(session.accountId());
    // One user handle per account, random, so it tells nobody who the account is.
    String userHandle = existing.isEmpty() ? B64.encodeToString(randomBytes())
        : existing.get(0).userHandle();
    Issued issued = issue(PasskeyChallengeRecord.REGISTRATION, sessionBinding(session),
        session.accountId(), userHandle);
    List<Json> exclude = new ArrayList<>();
    existing.forEach(p -> exclude.add(descriptor(p)));
    String json = Json.object()
        .object("rp", Json.object().string("id", settings.rpId()).string("name",
            settings.rpName()))
        .object("user", Json.object().string("id", userHandle).string("name", name)
            .string("displayName", display))
        .string("challenge", issued.challenge())
        .array("pubKeyCredParams", ALGORITHMS.stream().map(a -> Json.object()
            .string("type", "public-key").number("alg", a.getAlg().getValue())).toList())
        .number("timeout", settings.challengeLifetime().toMillis())
        .array("excludeCredentials", exclude)
        .object("authenticatorSelection", Json.object().string("residentKey", "preferred")
            .bool("requireResidentKey", false)
            .string("userVerification", settings.userVerification().code()))
        .string("attestation", settings.requestsAttestation() ? "direct" : "none")
        .object("extensions", Json.object().bool("credProps", true))
        .end();
    return new PasskeyOptionsResult.Issued(new PasskeyOptions(json, issued.expiresAt(), null));
  }

  /**
   * Verifies the browser's answer to {@link #registrationOptions} (the {@code PublicKeyCredential}
   * as JSON: {@code credential.toJSON()}) and stores the passkey under {@code name}.
   *
   * @param session the session that asked for the options
   * @param responseJson the credential as JSON
   * @param name what the user calls it ("MacBook Touch ID"): 1 to
   *     {@value PasskeyRecord#MAX_NAME_LENGTH} characters
   * @return {@link PasskeyRegistrationResult.Registered} or
   *     {@link PasskeyRegistrationResult.Rejected}
   */
  public PasskeyRegistrationResult register(ValidatedSession session, String responseJson,
      String name) {
    Objects.requireNonNull(session, "session");
    if (!PasskeyRecord.validName(name)) {
      return rejectedRegistration(PasskeyFailure.INVALID_NAME);
    }
    RegistrationData data;
    byte[] challenge;
    try {
      data = manager.parseRegistrationResponseJSON(bounded(responseJson));
      challenge = data.getCollectedClientData().getChallenge().getValue();
    } catch (RuntimeException e) {
      return rejectedRegistration(PasskeyFailure.MALFORMED_RESPONSE);
    }
    Taken taken = take(challenge, PasskeyChallengeRecord.REGISTRATION, sessionBinding(session));
    if (taken.failure() != null) {
      return rejectedRegistration(taken.failure());
    }
    if (!session.accountId().equals(taken.row().accountId())) {
      return rejectedRegistration(PasskeyFailure.CHALLENGE_NOT_BOUND);
    }
    ServerProperty server = new ServerProperty(origins, settings.rpId(),
        new DefaultChallenge(challenge));
    try {
      manager.verify(data, new RegistrationParameters(server, ALGORITHMS,
          settings.userVerification() == UserVerification.REQUIRED, true));
    } catch (VerificationException e) {
      return rejectedRegistration(failureOf(e));
    } catch (RuntimeException e) {
      return rejectedRegistration(PasskeyFailure.MALFORMED_RESPONSE);
    }
    PasskeyRecord passkey;
    try {
      passkey = toRecord(data, session.accountId(), taken.row().userHandle(), name);
    } catch (RuntimeException e) {
      return rejectedRegistration(PasskeyFailure.MALFORMED_RESPONSE);
    }
    PasskeyAddResult added = registry.add(session, passkey);
    if (added instanceof PasskeyAddResult.Added ok) {
      return new PasskeyRegistrationResult.Registered(ok);
    }
    return rejectedRegistration(PasskeyFailure.ALREADY_REGISTERED);
  }

  private PasskeyRecord toRecord(RegistrationData data, String accountId, String userHandle,
      String name) {
    AuthenticatorData<?> auth = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData credential = auth.getAttestedCredentialData();
    UUID aaguid = credential.getAaguid() == null ? null : credential.getAaguid().getValue();
    Set<String> transports = new HashSet<>();
    if (data.getTransports() != null) {
      for (AuthenticatorTransport t : data.getTransports()) {
        // Unknown transports are hints only; a value we could not store is dropped.
        if (t != null && t.getValue() != null && TRANSPORT.matcher(t.getValue()).matches()
            && transports.size() < 8) {
          transports.add(t.getValue());
        }
      }
    }
    byte[] coseKey = converter.getCborConverter().writeValueAsBytes(credential.getCOSEKey());
    return new PasskeyRecord(B64.encodeToString(credential.getCredentialId()), accountId,
        userHandle, B64.encodeToString(coseKey), auth.getSignCount(), transports,
        auth.isFlagBE(), auth.isFlagBS(), auth.isFlagUV(),
        aaguid == null ? ZERO_AAGUID : aaguid.toString(), name, now(), null);
  }

  // ---------------------------------------------------------------- second factor

  /**
   * Options for {@code navigator.credentials.get} that answer a sign-in's second factor with one of
   * the account's passkeys ({@code allowCredentials} lists them).
   *
   * @param signInChallenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @return {@link PasskeyOptionsResult.Issued},
   *     {@link PasskeyOptionsResult.InvalidSignInChallenge} or
   *     {@link PasskeyOptionsResult.NoPasskeys}
   */
  public PasskeyOptionsResult secondFactorOptions(String signInChallenge) {
    Optional<SignInChallenge> found = signIn.findChallenge(signInChallenge);
    if (found.isEmpty()) {
      return new PasskeyOptionsResult.InvalidSignInChallenge();
    }
    List<PasskeyRecord> passkeys = store.listByAccount(found.get().accountId());
    if (passkeys.isEmpty()) {
      return new PasskeyOptionsResult.NoPasskeys();
    }
    Issued issued = issue(PasskeyChallengeRecord.SECOND_FACTOR,
        signInBinding(found.get()), found.get().accountId(), null);
    List<Json> allow = new ArrayList<>();
    passkeys.forEach(p -> allow.add(descriptor(p)));
    String json = requestOptions(issued, allow, settings.userVerification());
    return new PasskeyOptionsResult.Issued(new PasskeyOptions(json, issued.expiresAt(), null));
  }

  /**
   * Completes a sign-in's second factor with the browser's answer to {@link #secondFactorOptions}:
   * through {@link SignInService#completeSecondFactor(String, SecondFactorVerifier, String,
   * ClientInfo, String)}, so the sign-in challenge is counted, used once, and the session and
   * login history are made exactly as for a code.
   *
   * @param signInChallenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @param responseJson the assertion as JSON ({@code credential.toJSON()})
   * @param client the request's client
   * @param deviceToken the device cookie's value, or {@code null}
   * @return {@link PasskeySignInResult.Completed} with a multi-factor session, or
   *     {@link PasskeySignInResult.Rejected}
   */
  public PasskeySignInResult completeSecondFactor(String signInChallenge, String responseJson,
      ClientInfo client, String deviceToken) {
    Objects.requireNonNull(client, "client");
    SecondFactorAssertion verifier = new SecondFactorAssertion();
    SignInResult result = signIn.completeSecondFactor(signInChallenge, verifier, responseJson,
        client, deviceToken);
    if (result instanceof SignInResult.Rejected) {
      return new PasskeySignInResult.Rejected(verifier.failure == null
          ? PasskeyFailure.INVALID_SIGN_IN_CHALLENGE : verifier.failure);
    }
    return new PasskeySignInResult.Completed(result);
  }

  /** One attempt's verifier: remembers why it refused, so the caller can say so in a type. */
  private final class SecondFactorAssertion implements SecondFactorVerifier {
    private PasskeyFailure failure;

    @Override
    public String method() {
      return METHOD;
    }

    @Override
    public SecondFactorCheck verify(SignInChallenge challenge, String response,
        ClientInfo client) {
      failure = verifyAssertion(response, PasskeyChallengeRecord.SECOND_FACTOR,
          signInBinding(challenge), challenge.accountId(), settings.userVerification(), client)
          .failure();
      return failure == null ? new SecondFactorCheck.Accepted()
          : new SecondFactorCheck.Rejected(failure.code());
    }
  }

  // ---------------------------------------------------------------- passwordless

  /**
   * Options for a passwordless "Sign in with a passkey" (also for conditional UI, with
   * {@code mediation: "conditional"}): no {@code allowCredentials}, so the authenticator offers
   * the discoverable passkeys it holds for this RP; user verification required.
   *
   * @return options with a {@link PasskeyOptions#ceremony() ceremony token}: keep it in a
   *     short-lived HttpOnly cookie and pass it back to {@link #signIn}
   */
  public PasskeyOptions passwordlessOptions() {
    String ceremony = B64.encodeToString(randomBytes());
    Issued issued = issue(PasskeyChallengeRecord.PASSWORDLESS, ceremonyBinding(ceremony), null,
        null);
    String json = requestOptions(issued, null, UserVerification.REQUIRED);
    return new PasskeyOptions(json, issued.expiresAt(), Secret.of(ceremony));
  }

  /**
   * Signs in with the browser's answer to {@link #passwordlessOptions}: the assertion's user
   * handle names the account, the passkey must be that account's, and user verification must
   * have happened, so the sign-in is multi-factor on its own
   * ({@link SignInService#signInVerifiedMultiFactor}): no second factor is asked for.
   *
   * @param ceremony the token of {@link PasskeyOptions#ceremony()}
   * @param responseJson the assertion as JSON ({@code credential.toJSON()})
   * @param client the request's client
   * @param deviceToken the device cookie's value, or {@code null}
   * @return {@link PasskeySignInResult.Completed} or {@link PasskeySignInResult.Rejected}
   */
  public PasskeySignInResult signIn(String ceremony, String responseJson, ClientInfo client,
      String deviceToken) {
    Objects.requireNonNull(client, "client");
    if (ceremony == null || ceremony.isEmpty() || ceremony.length() > 64) {
      return new PasskeySignInResult.Rejected(PasskeyFailure.CHALLENGE_NOT_BOUND);
    }
    Verified v = verifyAssertion(responseJson, PasskeyChallengeRecord.PASSWORDLESS,
        ceremonyBinding(ceremony), null, UserVerification.REQUIRED, client);
    if (v.failure() != null) {
      return new PasskeySignInResult.Rejected(v.failure());
    }
    return new PasskeySignInResult.Completed(signIn.signInVerifiedMultiFactor(
        v.passkey().accountId(), METHOD, client, deviceToken));
  }

  // ---------------------------------------------------------------- re-authentication

  /**
   * Options for {@code navigator.credentials.get} that re-authenticate the signed-in user with one
   * of their passkeys, before a sensitive action ({@code allowCredentials} lists them).
   *
   * @return {@link PasskeyOptionsResult.Issued} or {@link PasskeyOptionsResult.NoPasskeys}
   */
  public PasskeyOptionsResult reauthenticationOptions(ValidatedSession session) {
    Objects.requireNonNull(session, "session");
    List<PasskeyRecord> passkeys = store.listByAccount(session.accountId());
    if (passkeys.isEmpty()) {
      return new PasskeyOptionsResult.NoPasskeys();
    }
    Issued issued = issue(PasskeyChallengeRecord.REAUTHENTICATION, sessionBinding(session),
        session.accountId(), null);
    List<Json> allow = new ArrayList<>();
    passkeys.forEach(p -> allow.add(descriptor(p)));
    String json = requestOptions(issued, allow, settings.userVerification());
    return new PasskeyOptionsResult.Issued(new PasskeyOptions(json, issued.expiresAt(), null));
  }

  /**
   * Verifies the answer to {@link #reauthenticationOptions} and raises the session's authentication
   * time, so sensitive actions ({@link SensitiveAction}) are allowed for their window; recorded as
   * {@code session.reauthenticated} with method {@code passkey}.
   *
   * @return {@link PasskeyReauthenticationResult.Reauthenticated} or
   *     {@link PasskeyReauthenticationResult.Rejected}
   */
  public PasskeyReauthenticationResult reauthenticate(ValidatedSession session,
      String responseJson, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    Verified v = verifyAssertion(responseJson, PasskeyChallengeRecord.REAUTHENTICATION,
        sessionBinding(session), session.accountId(), settings.userVerification(), client);
    if (v.failure() != null) {
      return new PasskeyReauthenticationResult.Rejected(v.failure());
    }
    return registry.reauthenticated(session, client)
        .<PasskeyReauthenticationResult>map(PasskeyReauthenticationResult.Reauthenticated::new)
        .orElseGet(PasskeyReauthenticationResult.SessionEnded::new);
  }

  // ---------------------------------------------------------------- housekeeping

  /**
   * Deletes challenges that expired more than {@code retention} ago, used or not. Run it from a
   * scheduled job; no ceremony depends on it.
   *
   * @return how many were deleted
   */
  public int purgeChallenges(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    return store.purgeChallenges(now().minus(retention));
  }

  // ---------------------------------------------------------------- shared steps

  /** A verified assertion's passkey, or why there is none. */
  private record Verified(PasskeyRecord passkey, PasskeyFailure failure) {
    static Verified failed(PasskeyFailure failure) {
      return new Verified(null, failure);
    }
  }

  /**
   * Parses, takes the challenge, finds the passkey, lets webauthn4j verify, then records the use.
   *
   * @param accountId the account the passkey must belong to, or {@code null} for passwordless (the
   *     user handle decides)
   */
  private Verified verifyAssertion(String responseJson, String purpose, String binding,
      String accountId, UserVerification uv, ClientInfo client) {
    AuthenticationData data;
    byte[] challenge;
    String credentialId;
    try {
      data = manager.parseAuthenticationResponseJSON(bounded(responseJson));
      challenge = data.getCollectedClientData().getChallenge().getValue();
      credentialId = B64.encodeToString(data.getCredentialId());
    } catch (RuntimeException e) {
      return Verified.failed(PasskeyFailure.MALFORMED_RESPONSE);
    }
    Taken taken = take(challenge, purpose, binding);
    if (taken.failure() != null) {
      return Verified.failed(taken.failure());
    }
    Optional<PasskeyRecord> found = credentialId.length() > PasskeyRecord.MAX_CREDENTIAL_ID_LENGTH
        ? Optional.empty() : store.findByCredentialId(credentialId);
    String expected = accountId != null ? accountId : taken.row().accountId();
    if (found.isEmpty() || (expected != null && !found.get().accountId().equals(expected))) {
      return Verified.failed(PasskeyFailure.UNKNOWN_CREDENTIAL);
    }
    PasskeyRecord passkey = found.get();
    if (accountId == null && !sameUserHandle(data.getUserHandle(), passkey.userHandle())) {
      return Verified.failed(PasskeyFailure.USER_HANDLE_MISMATCH);
    }
    ServerProperty server = new ServerProperty(origins, settings.rpId(),
        new DefaultChallenge(challenge));
    try {
      COSEKey key = converter.getCborConverter().readValue(
          B64_DECODER.decode(passkey.publicKey()), COSEKey.class);
      CredentialRecordImpl credential = new CredentialRecordImpl(new NoneAttestationStatement(),
          passkey.userVerified(), passkey.backupEligible(), passkey.backupState(),
          passkey.signCount(), new AttestedCredentialData(new AAGUID(UUID.fromString(
              passkey.aaguid())), B64_DECODER.decode(passkey.credentialId()), key),
          null, null, null, null);
      List<byte[]> allowed = accountId == null ? null
          : List.of(B64_DECODER.decode(passkey.credentialId()));
      manager.verify(data, new AuthenticationParameters(server, credential, allowed,
          uv == UserVerification.REQUIRED, true));
    } catch (VerificationException e) {
      return Verified.failed(failureOf(e));
    } catch (RuntimeException e) {
      return Verified.failed(PasskeyFailure.MALFORMED_RESPONSE);
    }
    AuthenticatorData<?> auth = data.getAuthenticatorData();
    PasskeyUseResult use = registry.recordUse(passkey, auth.getSignCount(), auth.isFlagBS(),
        client);
    if (use instanceof PasskeyUseResult.Used used) {
      return new Verified(used.passkey(), null);
    }
    return Verified.failed(PasskeyFailure.POSSIBLE_CLONE);
  }

  /** A challenge taken (used up), or why it could not be. */
  private record Taken(PasskeyChallengeRecord row, PasskeyFailure failure) {}

  /**
   * Finds the challenge a response answers, checks what it is for and bound to, and uses it up
   * atomically. Runs before the response is verified, so one response is verified at most once.
   */
  private Taken take(byte[] challenge, String purpose, String binding) {
    if (challenge == null || challenge.length != CHALLENGE_BYTES) {
      return new Taken(null, PasskeyFailure.UNKNOWN_CHALLENGE);
    }
    String hash = sha256Hex(challenge);
    Optional<PasskeyChallengeRecord> found = store.findChallenge(hash);
    if (found.isEmpty()) {
      return new Taken(null, PasskeyFailure.UNKNOWN_CHALLENGE);
    }
    PasskeyChallengeRecord row = found.get();
    boolean bound = row.purpose().equals(purpose) && MessageDigest.isEqual(
        row.bindingHash().getBytes(StandardCharsets.US_ASCII),
        binding.getBytes(StandardCharsets.US_ASCII));
    if (!bound) {
      return new Taken(null, PasskeyFailure.CHALLENGE_NOT_BOUND);
    }
    Instant now = now();
    if (row.consumedAt() != null) {
      return new Taken(null, PasskeyFailure.CHALLENGE_REPLAYED);
    }
    if (!now.isBefore(row.expiresAt())) {
      return new Taken(null, PasskeyFailure.CHALLENGE_EXPIRED);
    }
    if (!store.consumeChallenge(hash, purpose, binding, now)) {
      // Another request answered it first, or it expired in between.
      return new Taken(null, store.findChallenge(hash).map(r -> r.consumedAt() != null)
          .orElse(false) ? PasskeyFailure.CHALLENGE_REPLAYED : PasskeyFailure.CHALLENGE_EXPIRED);
    }
    return new Taken(row, null);
  }

  /** A challenge just issued. */
  private record Issued(String challenge, Instant expiresAt) {}

  private Issued issue(String purpose, String binding, String accountId, String userHandle) {
    byte[] challenge = randomBytes();
    Instant now = now();
    Instant expiresAt = now.plus(settings.challengeLifetime());
    store.insertChallenge(new PasskeyChallengeRecord(sha256Hex(challenge), purpose, binding,
        accountId, userHandle, now, expiresAt, null));
    return new Issued(B64.encodeToString(challenge), expiresAt);
  }

  private String requestOptions(Issued issued, List<Json> allow, UserVerification uv) {
    Json json = Json.object().string("challenge", issued.challenge())
        .number("timeout", settings.challengeLifetime().toMillis())
        .string("rpId", settings.rpId());
    if (allow != null) {
      json.array("allowCredentials", allow);
    } else {
      json.array("allowCredentials", List.of());
    }
    return json.string("userVerification", uv.code()).end();
  }

  private static Json descriptor(PasskeyRecord p) {
    return Json.object().string("type", "public-key").string("id", p.credentialId())
        .strings("transports", p.transports().stream().sorted().toList());
  }

  private static PasskeyFailure failureOf(VerificationException e) {
    if (e instanceof BadOriginException) {
      return PasskeyFailure.WRONG_ORIGIN;
    }
    if (e instanceof BadRpIdException) {
      return PasskeyFailure.WRONG_RP_ID;
    }
    if (e instanceof BadChallengeException) {
      return PasskeyFailure.UNKNOWN_CHALLENGE;
    }
    if (e instanceof BadSignatureException) {
      return PasskeyFailure.BAD_SIGNATURE;
    }
    if (e instanceof UserNotVerifiedException) {
      return PasskeyFailure.USER_VERIFICATION_MISSING;
    }
    if (e instanceof UserNotPresentException) {
      return PasskeyFailure.USER_NOT_PRESENT;
    }
    if (e instanceof NotAllowedAlgorithmException) {
      return PasskeyFailure.ALGORITHM_NOT_ALLOWED;
    }
    if (e instanceof NotAllowedCredentialIdException) {
      return PasskeyFailure.UNKNOWN_CREDENTIAL;
    }
    if (e instanceof BadAttestationStatementException || e instanceof CertificateException
        || e instanceof TrustAnchorNotFoundException
        || e instanceof SelfAttestationProhibitedException) {
      return PasskeyFailure.ATTESTATION_NOT_ACCEPTED;
    }
    return PasskeyFailure.VERIFICATION_FAILED;
  }

  private static boolean sameUserHandle(byte[] presented, String stored) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(B64.encodeToString(presented).getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
  }

  private static String bounded(String json) {
    if (json == null || json.length() > MAX_RESPONSE_LENGTH) {
      throw new IllegalArgumentException("response missing or longer than "
          + MAX_RESPONSE_LENGTH + " characters");
    }
    return json;
  }

  private static PasskeyRegistrationResult rejectedRegistration(PasskeyFailure reason) {
    return new PasskeyRegistrationResult.Rejected(reason);
  }

  private static String requireUserName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!PasskeyRecord.validName(value)) {
      throw new IllegalArgumentException("Invalid " + what + "; must be 1 to "
          + MAX_USER_NAME_LENGTH + " characters, not blank, without control characters");
    }
    return value;
  }

  // Bindings: the SHA-256 of what the challenge is bound to, with a prefix per kind, so a value of
  // one kind can never stand for another.
  private static String sessionBinding(ValidatedSession session) {
    return sha256Hex(("session:" + session.sessionId()).getBytes(StandardCharsets.UTF_8));
  }

  private static String signInBinding(SignInChallenge challenge) {
    return sha256Hex(("sign_in:" + challenge.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static String ceremonyBinding(String ceremony) {
    return sha256Hex(("ceremony:" + ceremony).getBytes(StandardCharsets.UTF_8));
  }

  private byte[] randomBytes() {
    byte[] b = new byte[CHALLENGE_BYTES];
    random.nextBytes(b);
    return b;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "Passkeys[" + settings + "]";
  }

  /** Collects what {@link Passkeys} needs. */
  public static final class Builder {
    private Latchkey latchkey;
    private PasskeySettings settings;

    private Builder() {}

    /**
     * The Latchkey instance whose stores, clock, sessions, sign-in flow and login history the
     * ceremonies use (required; it must have a passkey store: {@link Latchkey#passkeys()}).
     */
    public Builder latchkey(Latchkey value) {
      this.latchkey = value;
      return this;
    }

    /** The relying party and what it accepts (required). */
    public Builder settings(PasskeySettings value) {
      this.settings = value;
      return this;
    }

    /**
     * Builds the service.
     *
     * @throws NullPointerException naming a missing collaborator
     * @throws IllegalStateException when the Latchkey instance has no passkey store
     */
    public Passkeys build() {
      return new Passkeys(this);
    }
  }
}
