package dev.latchkey.passkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.passkey.PasskeyInfo;
import dev.latchkey.passkey.PasskeyRemoveResult;
import dev.latchkey.passkey.PasskeyRenameResult;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.totp.TotpSettings;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.store.inmemory.InMemoryStores;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The three ceremonies against real attestation and assertion objects, made by a software
 * authenticator, through a whole Latchkey on in-memory stores: every refusal the issue names (wrong
 * origin, wrong RP id, replayed and expired challenge, sign-count regression, missing user
 * verification, unknown credential) and the management rules around them.
 */
class PasskeysTest {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final String ORIGIN = "https://example.com";
  private static final String RP_ID = "example.com";
  private static final String PASSWORD = "correct horse battery staple 9";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5",
      "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final SecureRandom random = new SecureRandom();
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStores stores = InMemoryStores.create();
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  private Latchkey latchkey = latchkey(TwoFactorRequirement.never());
  private Passkeys passkeys = passkeys(PasskeySettings.builder()
      .relyingParty(RP_ID, "Example").origins(ORIGIN).build());

  private Latchkey latchkey(TwoFactorRequirement requirement) {
    var b = Latchkey.builder().stores(stores).clock(clock).random(random)
        .passwordHashing(FAST).eventListener(events::add);
    if (requirement != TwoFactorRequirement.never()) {
      // A requirement needs TOTP configured, even where passkeys meet it.
      b.twoFactorRequirement(requirement).keyRing(KeyRing.generate(random, "k1"))
          .totpSettings(TotpSettings.withIssuer("Example"));
    }
    return b.build();
  }

  private Passkeys passkeys(PasskeySettings settings) {
    return Passkeys.builder().latchkey(latchkey).settings(settings).build();
  }

  private SoftwareAuthenticator authenticator() {
    return new SoftwareAuthenticator(random, ORIGIN, RP_ID);
  }

  /** An account with a password, signed in with it (no passkey yet: a full session). */
  private ValidatedSession signedInWithPassword(String account) {
    latchkey.signIn().setPassword(account, PASSWORD);
    SignInResult r = latchkey.signIn().signIn(account, PASSWORD, CLIENT);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    return validate(((SignInResult.SignedIn) r).session().token().reveal());
  }

  private ValidatedSession validate(String token) {
    SessionValidation v = latchkey.sessions().validate(token);
    assertThat(v.isValid()).isTrue();
    return ((SessionValidation.Valid) v).session();
  }

  private String creationOptions(ValidatedSession session) {
    PasskeyOptionsResult r = passkeys.registrationOptions(session, "ada@example.com", "Ada");
    assertThat(r).isInstanceOf(PasskeyOptionsResult.Issued.class);
    return ((PasskeyOptionsResult.Issued) r).options().json();
  }

  /** Registers the authenticator's passkey; returns the session re-keyed by the change. */
  private ValidatedSession register(ValidatedSession session, SoftwareAuthenticator a) {
    PasskeyRegistrationResult r = passkeys.register(session, a.register(creationOptions(session)),
        "Laptop");
    assertThat(r).isInstanceOf(PasskeyRegistrationResult.Registered.class);
    return validate(((PasskeyRegistrationResult.Registered) r).added().sessions().newSession()
        .orElseThrow().token().reveal());
  }

  private String secondFactorOptions(String challenge) {
    PasskeyOptionsResult r = passkeys.secondFactorOptions(challenge);
    assertThat(r).isInstanceOf(PasskeyOptionsResult.Issued.class);
    return ((PasskeyOptionsResult.Issued) r).options().json();
  }

  /** Password sign-in of an account with a passkey: the sign-in challenge token. */
  private String passwordStep(String account) {
    SignInResult r = latchkey.signIn().signIn(account, PASSWORD, CLIENT);
    assertThat(r).isInstanceOf(SignInResult.SecondFactorRequired.class);
    return ((SignInResult.SecondFactorRequired) r).challenge().reveal();
  }

  private static PasskeyFailure failure(PasskeySignInResult r) {
    assertThat(r).isInstanceOf(PasskeySignInResult.Rejected.class);
    return ((PasskeySignInResult.Rejected) r).reason();
  }

  private static PasskeyFailure failure(PasskeyRegistrationResult r) {
    assertThat(r).isInstanceOf(PasskeyRegistrationResult.Rejected.class);
    return ((PasskeyRegistrationResult.Rejected) r).reason();
  }

  private static SignInResult.SignedIn signedIn(PasskeySignInResult r) {
    assertThat(r).isInstanceOf(PasskeySignInResult.Completed.class);
    SignInResult result = ((PasskeySignInResult.Completed) r).result();
    assertThat(result).isInstanceOf(SignInResult.SignedIn.class);
    return (SignInResult.SignedIn) result;
  }

  private List<SecurityEventType> eventTypes() {
    return events.stream().map(SecurityEvent::type).toList();
  }

  // ------------------------------------------------------------------ options

  @Test
  void creationOptionsAreBase64UrlJsonWithEveryRequiredMember() {
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator first = authenticator();
    session = register(session, first);
    JsonNode o = SoftwareAuthenticator.JSON.readTree(creationOptions(session));
    assertThat(o.get("rp").get("id").asString()).isEqualTo(RP_ID);
    assertThat(o.get("rp").get("name").asString()).isEqualTo("Example");
    assertThat(o.get("user").get("name").asString()).isEqualTo("ada@example.com");
    assertThat(o.get("user").get("displayName").asString()).isEqualTo("Ada");
    // The user handle is random (not the account id) and the same for every passkey of the account.
    assertThat(o.get("user").get("id").asString()).matches("[A-Za-z0-9_-]{43}")
        .isEqualTo(stores.passkeys().listByAccount("acct-1").get(0).userHandle());
    assertThat(java.util.Base64.getUrlDecoder().decode(o.get("challenge").asString()))
        .hasSize(32);
    assertThat(o.get("pubKeyCredParams").findValues("alg")).extracting(JsonNode::asLong)
        .containsExactly(-7L, -8L, -257L);
    assertThat(o.get("timeout").asLong()).isEqualTo(300_000L);
    assertThat(o.get("excludeCredentials").get(0).get("id").asString())
        .isEqualTo(first.credentialIdB64());
    assertThat(o.get("excludeCredentials").get(0).get("type").asString()).isEqualTo("public-key");
    assertThat(o.get("authenticatorSelection").get("residentKey").asString())
        .isEqualTo("preferred");
    assertThat(o.get("authenticatorSelection").get("userVerification").asString())
        .isEqualTo("preferred");
    assertThat(o.get("attestation").asString()).isEqualTo("none");
  }

  @Test
  void passwordlessOptionsAllowAnyDiscoverableCredentialAndRequireUserVerification() {
    PasskeyOptions options = passkeys.passwordlessOptions();
    JsonNode o = SoftwareAuthenticator.JSON.readTree(options.json());
    assertThat(o.get("allowCredentials").isEmpty()).isTrue();
    assertThat(o.get("rpId").asString()).isEqualTo(RP_ID);
    assertThat(o.get("userVerification").asString()).isEqualTo("required");
    assertThat(options.ceremony()).isPresent();
    assertThat(options.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(options.toString()).doesNotContain(options.ceremony().get().reveal());
  }

  @Test
  void challengesAreFreshRandomAndStoredOnlyAsHashes() {
    PasskeyOptions a = passkeys.passwordlessOptions();
    PasskeyOptions b = passkeys.passwordlessOptions();
    String ca = SoftwareAuthenticator.JSON.readTree(a.json()).get("challenge").asString();
    String cb = SoftwareAuthenticator.JSON.readTree(b.json()).get("challenge").asString();
    assertThat(ca).isNotEqualTo(cb);
    byte[] raw = java.util.Base64.getUrlDecoder().decode(ca);
    assertThat(stores.passkeys().findChallenge(Passkeys.sha256Hex(raw))).isPresent();
  }

  // ------------------------------------------------------------------ registration

  @Test
  void registrationStoresTheCredentialAndEndsOtherSessions() {
    ValidatedSession other = signedInWithPassword("acct-1");
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    register(session, a);

    PasskeyRecord stored = stores.passkeys().findByCredentialId(a.credentialIdB64()).orElseThrow();
    assertThat(stored.accountId()).isEqualTo("acct-1");
    assertThat(stored.name()).isEqualTo("Laptop");
    assertThat(stored.signCount()).isZero();
    assertThat(stored.transports()).containsExactlyInAnyOrder("internal", "hybrid");
    assertThat(stored.backupEligible()).isTrue();
    assertThat(stored.backupState()).isFalse();
    assertThat(stored.userVerified()).isTrue();
    assertThat(stored.aaguid()).isEqualTo("00000000-0000-0000-0000-000000000000");
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(stored.lastUsedAt()).isNull();
    assertThat(latchkey.passkeys().list("acct-1")).extracting(PasskeyInfo::name)
        .containsExactly("Laptop");
    assertThat(latchkey.sessions().validate(other.sessionId()).isValid()).isFalse();
    assertThat(eventTypes()).contains(SecurityEventType.PASSKEY_ADDED);
  }

  @Test
  void registrationFromAnotherOriginIsRejected() {
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    a.origin = "https://example.com.evil.test";
    assertThat(failure(passkeys.register(session, a.register(creationOptions(session)), "x")))
        .isEqualTo(PasskeyFailure.WRONG_ORIGIN);
    assertThat(stores.passkeys().listByAccount("acct-1")).isEmpty();
  }

  @Test
  void registrationForAnotherRpIdIsRejected() {
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    a.rpId = "evil.test";
    assertThat(failure(passkeys.register(session, a.register(creationOptions(session)), "x")))
        .isEqualTo(PasskeyFailure.WRONG_RP_ID);
  }

  @Test
  void registrationAnsweredTwiceIsAReplay() {
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    String response = a.register(creationOptions(session));
    PasskeyRegistrationResult first = passkeys.register(session, response, "Laptop");
    assertThat(first).isInstanceOf(PasskeyRegistrationResult.Registered.class);
    ValidatedSession renewed = validate(((PasskeyRegistrationResult.Registered) first).added()
        .sessions().newSession().orElseThrow().token().reveal());
    assertThat(failure(passkeys.register(renewed, response, "Laptop")))
        .isEqualTo(PasskeyFailure.CHALLENGE_REPLAYED);
  }

  @Test
  void registrationAfterTheChallengeExpiredIsRejected() {
    ValidatedSession session = signedInWithPassword("acct-1");
    String response = authenticator().register(creationOptions(session));
    clock.advance(Duration.ofMinutes(5));
    assertThat(failure(passkeys.register(session, response, "Laptop")))
        .isEqualTo(PasskeyFailure.CHALLENGE_EXPIRED);
  }

  @Test
  void registrationAnsweredFromAnotherSessionIsNotBound() {
    ValidatedSession asker = signedInWithPassword("acct-1");
    ValidatedSession other = signedInWithPassword("acct-2");
    String response = authenticator().register(creationOptions(asker));
    assertThat(failure(passkeys.register(other, response, "Laptop")))
        .isEqualTo(PasskeyFailure.CHALLENGE_NOT_BOUND);
    // The challenge is still there for its own session.
    assertThat(passkeys.register(asker, response, "Laptop"))
        .isInstanceOf(PasskeyRegistrationResult.Registered.class);
  }

  @Test
  void registrationWithoutUserVerificationWhenRequiredIsRejected() {
    passkeys = passkeys(PasskeySettings.builder().relyingParty(RP_ID, "Example").origins(ORIGIN)
        .userVerification(UserVerification.REQUIRED).build());
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    a.userVerified = false;
    assertThat(failure(passkeys.register(session, a.register(creationOptions(session)), "x")))
        .isEqualTo(PasskeyFailure.USER_VERIFICATION_MISSING);
  }

  @Test
  void attestationOtherThanNoneIsNotAcceptedByDefault() {
    ValidatedSession session = signedInWithPassword("acct-1");
    SoftwareAuthenticator a = authenticator();
    a.packedAttestation = true;
    assertThat(failure(passkeys.register(session, a.register(creationOptions(session)), "x")))
        .isEqualTo(PasskeyFailure.ATTESTATION_NOT_ACCEPTED);
  }

  @Test
  void registrationNeedsARecentAuthentication() {
    ValidatedSession session = signedInWithPassword("acct-1");
    clock.advance(Duration.ofMinutes(11));
    assertThat(passkeys.registrationOptions(session, "ada@example.com", null))
        .isInstanceOf(PasskeyOptionsResult.ReauthenticationRequired.class);
  }

  @Test
  void malformedAndOversizedResponsesAreTypedRefusals() {
    ValidatedSession session = signedInWithPassword("acct-1");
    creationOptions(session);
    for (String bad : new String[] {null, "", "{", "{\"id\":\"x\"}", "[]",
        "x".repeat(Passkeys.MAX_RESPONSE_LENGTH + 1)}) {
      assertThat(failure(passkeys.register(session, bad, "Laptop")))
          .isEqualTo(PasskeyFailure.MALFORMED_RESPONSE);
      assertThat(failure(passkeys.signIn("ceremony", bad, CLIENT, null)))
          .isEqualTo(PasskeyFailure.MALFORMED_RESPONSE);
    }
    assertThat(failure(passkeys.register(session, "{}", " "))).isEqualTo(
        PasskeyFailure.INVALID_NAME);
  }

  @Test
  void aCredentialRegisteredByAnotherAccountIsRefused() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    ValidatedSession other = signedInWithPassword("acct-2");
    assertThat(failure(passkeys.register(other, a.register(creationOptions(other)), "Mine")))
        .isEqualTo(PasskeyFailure.ALREADY_REGISTERED);
  }

  // ------------------------------------------------------------------ passwordless

  @Test
  void passwordlessSignInGivesAMultiFactorSessionAndRecordsTheUse() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    clock.advance(Duration.ofMinutes(1));
    PasskeyOptions options = passkeys.passwordlessOptions();
    SignInResult.SignedIn in = signedIn(passkeys.signIn(options.ceremony().get().reveal(),
        a.assertion(options.json()), CLIENT, null));
    assertThat(in.session().accountId()).isEqualTo("acct-1");
    assertThat(in.session().assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    PasskeyRecord used = stores.passkeys().findByCredentialId(a.credentialIdB64()).orElseThrow();
    assertThat(used.signCount()).isEqualTo(1);
    assertThat(used.lastUsedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(events).filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_SUCCEEDED)
        .last().extracting(e -> e.details().get("method")).isEqualTo("passkey");
  }

  @Test
  void passwordlessAssertionFromAnotherOriginIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.origin = "http://example.com";
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        a.assertion(options.json()), CLIENT, null))).isEqualTo(PasskeyFailure.WRONG_ORIGIN);
  }

  @Test
  void passwordlessAssertionForAnotherRpIdIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.rpId = "login.example.com";
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        a.assertion(options.json()), CLIENT, null))).isEqualTo(PasskeyFailure.WRONG_RP_ID);
  }

  @Test
  void aReplayedAssertionIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    PasskeyOptions options = passkeys.passwordlessOptions();
    String ceremony = options.ceremony().get().reveal();
    String response = a.assertion(options.json());
    signedIn(passkeys.signIn(ceremony, response, CLIENT, null));
    assertThat(failure(passkeys.signIn(ceremony, response, CLIENT, null)))
        .isEqualTo(PasskeyFailure.CHALLENGE_REPLAYED);
  }

  @Test
  void anAssertionAfterTheChallengeExpiredIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    PasskeyOptions options = passkeys.passwordlessOptions();
    String response = a.assertion(options.json());
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(), response, CLIENT,
        null))).isEqualTo(PasskeyFailure.CHALLENGE_EXPIRED);
  }

  @Test
  void anAssertionWithAnotherCeremonyTokenIsNotBound() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    PasskeyOptions mine = passkeys.passwordlessOptions();
    PasskeyOptions theirs = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(theirs.ceremony().get().reveal(),
        a.assertion(mine.json()), CLIENT, null))).isEqualTo(PasskeyFailure.CHALLENGE_NOT_BOUND);
  }

  @Test
  void aSignCountThatDoesNotMoveForwardIsAPossibleCloneWithAnEvent() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    PasskeyOptions first = passkeys.passwordlessOptions();
    signedIn(passkeys.signIn(first.ceremony().get().reveal(),
        a.assertionWithCounter(first.json(), 5), CLIENT, null));
    // A copy of the key that still counts from before: 3 after 5.
    PasskeyOptions second = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(second.ceremony().get().reveal(),
        a.assertionWithCounter(second.json(), 3), CLIENT, null)))
        .isEqualTo(PasskeyFailure.POSSIBLE_CLONE);
    SecurityEvent clone = events.stream()
        .filter(e -> e.type() == SecurityEventType.PASSKEY_CLONE_SUSPECTED).findFirst()
        .orElseThrow();
    assertThat(clone.accountId()).isEqualTo("acct-1");
    assertThat(clone.details()).containsEntry("stored_count", "5")
        .containsEntry("received_count", "3");
    assertThat(stores.passkeys().findByCredentialId(a.credentialIdB64()).orElseThrow()
        .signCount()).isEqualTo(5);
    // The same counter again is no better.
    PasskeyOptions third = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(third.ceremony().get().reveal(),
        a.assertionWithCounter(third.json(), 5), CLIENT, null)))
        .isEqualTo(PasskeyFailure.POSSIBLE_CLONE);
  }

  @Test
  void anAuthenticatorWithoutACounterIsNotAClone() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    for (int i = 0; i < 2; i++) {
      PasskeyOptions o = passkeys.passwordlessOptions();
      signedIn(passkeys.signIn(o.ceremony().get().reveal(), a.assertionWithCounter(o.json(), 0),
          CLIENT, null));
    }
  }

  @Test
  void passwordlessWithoutUserVerificationIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.userVerified = false;
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        a.assertion(options.json()), CLIENT, null)))
        .isEqualTo(PasskeyFailure.USER_VERIFICATION_MISSING);
  }

  @Test
  void anUnknownCredentialIsRejected() {
    register(signedInWithPassword("acct-1"), authenticator());
    SoftwareAuthenticator stranger = authenticator();
    stranger.userHandle = new byte[32];
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        stranger.assertion(options.json()), CLIENT, null)))
        .isEqualTo(PasskeyFailure.UNKNOWN_CREDENTIAL);
  }

  @Test
  void aUserHandleThatIsNotThePasskeysIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.userHandle = new byte[32];
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        a.assertion(options.json()), CLIENT, null)))
        .isEqualTo(PasskeyFailure.USER_HANDLE_MISMATCH);
  }

  @Test
  void aSignatureByAnotherKeyIsRejected() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    SoftwareAuthenticator forger = new SoftwareAuthenticator(random, ORIGIN, RP_ID);
    // Same credential id and user handle, another private key.
    System.arraycopy(a.credentialId, 0, forger.credentialId, 0, a.credentialId.length);
    forger.userHandle = a.userHandle;
    PasskeyOptions options = passkeys.passwordlessOptions();
    assertThat(failure(passkeys.signIn(options.ceremony().get().reveal(),
        forger.assertion(options.json()), CLIENT, null)))
        .isEqualTo(PasskeyFailure.BAD_SIGNATURE);
  }

  // ------------------------------------------------------------------ second factor

  @Test
  void aPasskeyIsOwedAfterThePasswordAndCompletesTheSignIn() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    String challenge = passwordStep("acct-1");
    JsonNode options = SoftwareAuthenticator.JSON.readTree(secondFactorOptions(challenge));
    assertThat(options.get("allowCredentials").get(0).get("id").asString())
        .isEqualTo(a.credentialIdB64());
    SignInResult.SignedIn in = signedIn(passkeys.completeSecondFactor(challenge,
        a.assertion(options.toString()), CLIENT, null));
    assertThat(in.session().assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    // The sign-in challenge is used up.
    assertThat(latchkey.signIn().findChallenge(challenge)).isEmpty();
  }

  @Test
  void aSecondFactorAnsweredWithAnotherAccountsPasskeyIsRejected() {
    SoftwareAuthenticator mine = authenticator();
    SoftwareAuthenticator theirs = authenticator();
    register(signedInWithPassword("acct-1"), mine);
    register(signedInWithPassword("acct-2"), theirs);
    String challenge = passwordStep("acct-1");
    String options = secondFactorOptions(challenge);
    assertThat(failure(passkeys.completeSecondFactor(challenge, theirs.assertion(options),
        CLIENT, null))).isEqualTo(PasskeyFailure.UNKNOWN_CREDENTIAL);
    assertThat(events).filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_FAILED)
        .last().satisfies(e -> assertThat(e.details()).containsEntry("factor", "passkey")
            .containsEntry("reason", "unknown_credential"));
  }

  @Test
  void aSecondFactorAssertionForAnotherSignInIsNotBound() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    String first = passwordStep("acct-1");
    String second = passwordStep("acct-1");
    String response = a.assertion(secondFactorOptions(first));
    assertThat(failure(passkeys.completeSecondFactor(second, response, CLIENT, null)))
        .isEqualTo(PasskeyFailure.CHALLENGE_NOT_BOUND);
  }

  @Test
  void aSecondFactorWithoutUserVerificationIsAcceptedWhenPreferredOnly() {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.userVerified = false;
    String challenge = passwordStep("acct-1");
    signedIn(passkeys.completeSecondFactor(challenge, a.assertion(secondFactorOptions(challenge)),
        CLIENT, null));
  }

  @Test
  void aSecondFactorWithoutUserVerificationWhenRequiredIsRejected() {
    passkeys = passkeys(PasskeySettings.builder().relyingParty(RP_ID, "Example").origins(ORIGIN)
        .userVerification(UserVerification.REQUIRED).build());
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    a.userVerified = false;
    String challenge = passwordStep("acct-1");
    assertThat(failure(passkeys.completeSecondFactor(challenge,
        a.assertion(secondFactorOptions(challenge)), CLIENT, null)))
        .isEqualTo(PasskeyFailure.USER_VERIFICATION_MISSING);
  }

  @Test
  void aVoidSignInChallengeIsTyped() {
    assertThat(passkeys.secondFactorOptions("not-a-challenge"))
        .isInstanceOf(PasskeyOptionsResult.InvalidSignInChallenge.class);
    assertThat(failure(passkeys.completeSecondFactor("not-a-challenge", "{}", CLIENT, null)))
        .isEqualTo(PasskeyFailure.INVALID_SIGN_IN_CHALLENGE);
  }

  @Test
  void aPasskeyMeetsTheTwoFactorRequirement() {
    latchkey = latchkey(TwoFactorRequirement.always());
    passkeys = passkeys(passkeys.settings());
    latchkey.signIn().setPassword("acct-1", PASSWORD);
    // Without a second factor: a restricted session only.
    assertThat(latchkey.signIn().signIn("acct-1", PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.EnrollmentRequired.class);
    ValidatedSession session = validate(
        latchkey.signIn().signInVerified("acct-1", "google", CLIENT) instanceof
            SignInResult.EnrollmentRequired e ? e.session().token().reveal() : "");
    register(session, authenticator());
    assertThat(latchkey.signIn().signIn("acct-1", PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.SecondFactorRequired.class);
  }

  // ------------------------------------------------------------------ management

  @Test
  void renameAndRemoveWithTheirRules() {
    SoftwareAuthenticator a = authenticator();
    SoftwareAuthenticator b = authenticator();
    ValidatedSession session = register(signedInWithPassword("acct-1"), a);
    clock.advance(Duration.ofSeconds(1)); // listed oldest first
    session = register(session, b);
    assertThat(latchkey.passkeys().rename(session, a.credentialIdB64(), "YubiKey"))
        .isInstanceOf(PasskeyRenameResult.Renamed.class);
    assertThat(latchkey.passkeys().rename(session, a.credentialIdB64(), "\u0007"))
        .isInstanceOf(PasskeyRenameResult.InvalidName.class);
    assertThat(latchkey.passkeys().list("acct-1")).extracting(PasskeyInfo::name)
        .containsExactly("YubiKey", "Laptop");

    clock.advance(Duration.ofMinutes(11));
    assertThat(latchkey.passkeys().remove(session, a.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.ReauthenticationRequired.class);
    assertThat(latchkey.sessions().markReauthenticated(session)).isPresent();
    session = validate(latchkey.signIn().signIn("acct-1", PASSWORD, CLIENT)
        instanceof SignInResult.SecondFactorRequired r ? completeWith(r, b) : "");
    assertThat(latchkey.passkeys().remove(session, "unknown"))
        .isInstanceOf(PasskeyRemoveResult.NotFound.class);
    assertThat(latchkey.passkeys().remove(session, a.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.Removed.class);
    // The password is still a way in, so the last passkey may go too.
    ValidatedSession renewed = validate(latchkey.signIn().signIn("acct-1", PASSWORD, CLIENT)
        instanceof SignInResult.SecondFactorRequired r ? completeWith(r, b) : "");
    assertThat(latchkey.passkeys().remove(renewed, b.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.Removed.class);
    assertThat(eventTypes()).contains(SecurityEventType.PASSKEY_RENAMED,
        SecurityEventType.PASSKEY_REMOVED);
  }

  private String completeWith(SignInResult.SecondFactorRequired r, SoftwareAuthenticator a) {
    String challenge = r.challenge().reveal();
    return signedIn(passkeys.completeSecondFactor(challenge,
        a.assertion(secondFactorOptions(challenge)), CLIENT, null)).session().token().reveal();
  }

  @Test
  void theLastPasskeyOfAnAccountWithoutPasswordIsNeverRemoved() {
    SignInResult r = latchkey.signIn().signInVerified("acct-p", "magic_link", CLIENT);
    ValidatedSession session = validate(((SignInResult.SignedIn) r).session().token().reveal());
    SoftwareAuthenticator a = authenticator();
    session = register(session, a);
    assertThat(latchkey.passkeys().remove(session, a.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.LastSignInMethod.class);
    assertThat(latchkey.passkeys().hasPasskeys("acct-p")).isTrue();
  }

  @Test
  void aPasskeyReauthenticatesTheSessionForSensitiveActions() {
    SignInResult r = latchkey.signIn().signInVerified("acct-p", "magic_link", CLIENT);
    ValidatedSession session = validate(((SignInResult.SignedIn) r).session().token().reveal());
    SoftwareAuthenticator a = authenticator();
    SoftwareAuthenticator b = authenticator();
    session = register(session, a);
    PasskeyRegistrationResult second = passkeys.register(session,
        b.register(creationOptions(session)), "Phone");
    String token = ((PasskeyRegistrationResult.Registered) second).added().sessions().newSession()
        .orElseThrow().token().reveal();
    session = validate(token);
    clock.advance(Duration.ofMinutes(11));
    assertThat(latchkey.passkeys().remove(session, a.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.ReauthenticationRequired.class);
    assertThat(passkeys.registrationOptions(session, "ada@example.com", null))
        .isInstanceOf(PasskeyOptionsResult.ReauthenticationRequired.class);

    PasskeyOptionsResult options = passkeys.reauthenticationOptions(session);
    String json = ((PasskeyOptionsResult.Issued) options).options().json();
    PasskeyReauthenticationResult done = passkeys.reauthenticate(session, b.assertion(json),
        CLIENT);
    assertThat(done).isInstanceOf(PasskeyReauthenticationResult.Reauthenticated.class);
    assertThat(((PasskeyReauthenticationResult.Reauthenticated) done).at())
        .isEqualTo(clock.instant());
    assertThat(events).filteredOn(e -> e.type() == SecurityEventType.SESSION_REAUTHENTICATED)
        .last().extracting(e -> e.details().get("method")).isEqualTo("passkey");
    // The session as validated now carries the new authentication time.
    session = validate(token);
    ValidatedSession fresh = validate(latchkey.signIn().signInVerified("acct-p", "magic_link",
        CLIENT) instanceof SignInResult.SecondFactorRequired c ? completeWith(c, b) : "");
    PasskeyRemoveResult removed = latchkey.passkeys().remove(session, a.credentialIdB64());
    assertThat(removed).isInstanceOf(PasskeyRemoveResult.Removed.class);
    session = validate(((PasskeyRemoveResult.Removed) removed).sessions().newSession()
        .orElseThrow().token().reveal());
    assertThat(fresh.accountId()).isEqualTo("acct-p");
    // The same response again is a replay; another session's challenge is not bound to this one.
    assertThat(((PasskeyReauthenticationResult.Rejected) passkeys.reauthenticate(session,
        b.assertion(json), CLIENT)).reason()).isEqualTo(PasskeyFailure.CHALLENGE_REPLAYED);
    String forFresh = ((PasskeyOptionsResult.Issued) passkeys.reauthenticationOptions(fresh))
        .options().json();
    assertThat(((PasskeyReauthenticationResult.Rejected) passkeys.reauthenticate(session,
        b.assertion(forFresh), CLIENT)).reason()).isEqualTo(PasskeyFailure.CHALLENGE_NOT_BOUND);
  }

  @Test
  void aPasskeyIsAWayInSoTheLastProviderMayBeDisconnectedButNotBoth() {
    SignInResult r = latchkey.signIn().signInVerified("acct-g", "google", CLIENT);
    ValidatedSession session = validate(((SignInResult.SignedIn) r).session().token().reveal());
    var linked = latchkey.connectedAccounts().link(session, "google", "g-123", null);
    assertThat(linked.code()).isEqualTo("linked");
    session = validate(((dev.latchkey.connected.ConnectedAccountLinkResult.Linked) linked)
        .sessions().newSession().orElseThrow().token().reveal());
    SoftwareAuthenticator a = authenticator();
    session = register(session, a);
    var unlinked = latchkey.connectedAccounts().unlink(session, "google");
    assertThat(unlinked.code()).isEqualTo("unlinked");
    session = validate(((dev.latchkey.connected.ConnectedAccountUnlinkResult.Unlinked) unlinked)
        .sessions().newSession().orElseThrow().token().reveal());
    assertThat(latchkey.passkeys().remove(session, a.credentialIdB64()))
        .isInstanceOf(PasskeyRemoveResult.LastSignInMethod.class);
  }

  @Test
  void concurrentUsesOfOnePasskeyWithTheSameCounterHaveOneWinner() throws Exception {
    SoftwareAuthenticator a = authenticator();
    register(signedInWithPassword("acct-1"), a);
    PasskeyRecord stored = stores.passkeys().findByCredentialId(a.credentialIdB64())
        .orElseThrow();
    int threads = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<dev.latchkey.passkey.PasskeyUseResult>> results =
          new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return latchkey.passkeys().recordUse(stored, 1, false, CLIENT);
        }));
      }
      start.countDown();
      int used = 0;
      for (var f : results) {
        used += f.get(60, java.util.concurrent.TimeUnit.SECONDS)
            instanceof dev.latchkey.passkey.PasskeyUseResult.Used ? 1 : 0;
      }
      assertThat(used).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void settingsRefuseContradictionsByName() {
    assertThatThrownBy(() -> PasskeySettings.builder().relyingParty("https://example.com", "E")
        .origins(ORIGIN).build()).hasMessageContaining("Invalid RP id https://example.com");
    assertThatThrownBy(() -> PasskeySettings.builder().relyingParty(RP_ID, "E")
        .origins("https://example.org").build())
        .hasMessageContaining("Invalid origin https://example.org for RP id example.com");
    assertThatThrownBy(() -> PasskeySettings.builder().relyingParty(RP_ID, "E")
        .origins("http://example.com").build()).hasMessageContaining("Invalid origin");
    assertThatThrownBy(() -> PasskeySettings.builder().relyingParty(RP_ID, "E").build())
        .hasMessageContaining("No origins");
    assertThatThrownBy(() -> PasskeySettings.builder().relyingParty(RP_ID, "E").origins(ORIGIN)
        .challengeLifetime(Duration.ofHours(1)).build())
        .hasMessageContaining("Invalid challengeLifetime PT1H");
    assertThat(PasskeySettings.builder().relyingParty("localhost", "Dev")
        .origins("http://localhost:7070").build().origins())
        .containsExactly("http://localhost:7070");
  }
}
