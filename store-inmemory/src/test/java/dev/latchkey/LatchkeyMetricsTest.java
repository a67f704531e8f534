package dev.latchkey;

import static dev.latchkey.metrics.RecordingMetrics.STEP_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeyCacheSettings;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.internal.Tokens;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.metrics.RecordingMetrics;
import dev.latchkey.metrics.RecordingMetrics.Lockout;
import dev.latchkey.metrics.RecordingMetrics.Timing;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.SignInService;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each operation, reached through {@link Latchkey} as a host reaches it, reports the right
 * operation and outcome to the metrics hook; and without a hook, none is called.
 */
class LatchkeyMetricsTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "curl/8.5.0");
  private static final String PASSWORD = "Correct-horse-9";

  private final RecordingMetrics metrics = new RecordingMetrics();

  private TwoFactorFixture fixture(UnaryOperator<Latchkey.Builder> customize) {
    return TwoFactorFixture.create(b -> customize.apply(b.metrics(metrics)));
  }

  @Test
  void withoutAHookTheNoOpDefaultIsWiredIn() {
    Latchkey plain = Latchkey.builder().stores(InMemoryStores.create()).build();
    assertThat(plain.metrics()).isSameAs(LatchkeyMetrics.none());

    Latchkey measured =
        Latchkey.builder().stores(InMemoryStores.create()).metrics(metrics).build();
    assertThat(measured.metrics()).isSameAs(metrics);
  }

  @Test
  void aNullHookIsRefusedByName() {
    assertThatThrownBy(() -> Latchkey.builder().metrics(null))
        .isInstanceOf(NullPointerException.class).hasMessage("metrics");
  }

  @Nested
  class SessionValidation {
    private final TwoFactorFixture f = fixture(UnaryOperator.identity());
    private final SessionRegistry sessions = f.latchkey.sessions();

    private String newToken() {
      return sessions.create("alice", CLIENT).token().reveal();
    }

    @Test
    void eachReasonIsReportedOnceWithItsDuration() {
      String valid = newToken();
      String revoked = newToken();
      sessions.revokeAll("bob");
      sessions.discard(sessions.create("bob", CLIENT));
      metrics.clear();

      sessions.validate(valid);
      sessions.validate("not a token!");
      sessions.validate(Tokens.bearer(new SecureRandom()));
      sessions.revokeAll("alice");
      sessions.validate(revoked);

      assertThat(metrics.timings()).containsExactly(
          new Timing(Operation.SESSION_VALIDATION, Outcome.VALID, STEP_NANOS),
          new Timing(Operation.SESSION_VALIDATION, Outcome.MALFORMED, STEP_NANOS),
          new Timing(Operation.SESSION_VALIDATION, Outcome.UNKNOWN, STEP_NANOS),
          new Timing(Operation.SESSION_VALIDATION, Outcome.REVOKED, STEP_NANOS));
    }

    @Test
    void idleAndAbsoluteExpiryAreTheirOwnOutcomes() {
      String idle = newToken();
      f.clock.advance(SessionSettings.DEFAULT_IDLE_TIMEOUT);
      String old = newToken();
      f.clock.advance(SessionSettings.DEFAULT_ABSOLUTE_TIMEOUT);
      metrics.clear();

      sessions.validate(idle);
      sessions.validate(old);

      // Past both limits, the absolute one is the reason given.
      assertThat(metrics.outcomes(Operation.SESSION_VALIDATION))
          .containsExactly(Outcome.EXPIRED, Outcome.EXPIRED);

      String fresh = newToken();
      f.clock.advance(SessionSettings.DEFAULT_IDLE_TIMEOUT);
      metrics.clear();
      sessions.validate(fresh);
      assertThat(metrics.outcomes(Operation.SESSION_VALIDATION))
          .containsExactly(Outcome.IDLE_EXPIRED);
    }

    @Test
    void rotationChecksTheOldTokenWithoutCountingAValidation() {
      String token = newToken();
      metrics.clear();

      sessions.rotate(token, Assurance.MULTI_FACTOR);

      assertThat(metrics.timings()).isEmpty();
    }

    @Test
    void aFailingStoreIsAnErrorAndStillThrows() {
      SessionStore broken = (SessionStore) Proxy.newProxyInstance(
          SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class},
          (proxy, method, args) -> {
            throw new StoreException("session store down");
          });
      Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).sessionStore(broken)
          .metrics(metrics).build();

      assertThatThrownBy(() -> latchkey.sessions().validate(Tokens.bearer(new SecureRandom())))
          .isInstanceOf(StoreException.class);

      assertThat(metrics.outcomes(Operation.SESSION_VALIDATION)).containsExactly(Outcome.ERROR);
    }
  }

  @Nested
  class ApiKeyAuthentication {
    private final TwoFactorFixture f = fixture(b -> b.apiKeySettings(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().build()).build()));
    private final ApiKeyService apiKeys = f.latchkey.apiKeys();

    private String newKey(ApiKeySpec spec) {
      return apiKeys.create("owner-1", spec).key().reveal();
    }

    private String newKey() {
      return newKey(ApiKeySpec.builder().name("ci").permission(Permission.READ_ONLY).build());
    }

    @Test
    void eachReasonIsReportedPreciselyEvenWhereTheCallerIsToldOnlyInvalid() {
      String good = newKey();
      String revoked = newKey();
      String expiring = newKey(ApiKeySpec.builder().name("short").permission(Permission.READ_ONLY)
          .expiresAt(f.clock.instant().plus(Duration.ofHours(1))).build());
      String unknown = TwoFactorFixture.create().latchkey.apiKeys()
          .create("owner-1", ApiKeySpec.builder().name("elsewhere").build()).key().reveal();
      apiKeys.revokeLeaked(revoked);
      f.clock.advance(Duration.ofHours(2));
      metrics.clear();

      apiKeys.authenticate("Bearer " + good);
      apiKeys.authenticate(null);
      apiKeys.authenticate("Basic dXNlcjpwYXNz");
      apiKeys.authenticate("Bearer lk_live_short");
      apiKeys.authenticate("Bearer " + withOneCharacterChanged(good));
      apiKeys.authenticate("Bearer " + unknown);
      apiKeys.authenticate("Bearer " + revoked);
      apiKeys.authenticate("Bearer " + expiring);

      assertThat(metrics.outcomes(Operation.API_KEY_AUTHENTICATION)).containsExactly(
          Outcome.AUTHENTICATED, Outcome.MISSING, Outcome.WRONG_SCHEME, Outcome.MALFORMED,
          Outcome.BAD_CHECKSUM, Outcome.UNKNOWN, Outcome.REVOKED, Outcome.EXPIRED);
      assertThat(metrics.timings()).extracting(Timing::nanos).containsOnly(STEP_NANOS);
    }

    @Test
    void aBareKeyIsReportedOnceToo() {
      String good = newKey();
      metrics.clear();

      apiKeys.authenticateKey(good);
      apiKeys.authenticateKey(null);

      assertThat(metrics.outcomes(Operation.API_KEY_AUTHENTICATION))
          .containsExactly(Outcome.AUTHENTICATED, Outcome.MISSING);
    }

    @Test
    void theCacheReportsAMissThenHitsAndNothingForKeysThatFailTheChecksum() {
      String good = newKey();
      metrics.clear();

      apiKeys.authenticate("Bearer " + good);
      apiKeys.authenticate("Bearer " + good);
      apiKeys.authenticate("Bearer " + good);
      apiKeys.authenticate("Bearer " + withOneCharacterChanged(good));

      assertThat(metrics.cacheLookups()).containsExactly(false, true, true);
    }

    @Test
    void withoutTheCacheNoLookupIsReported() {
      TwoFactorFixture uncached = fixture(UnaryOperator.identity());
      String good = uncached.latchkey.apiKeys().create("owner-1",
          ApiKeySpec.builder().name("ci").build()).key().reveal();

      uncached.latchkey.apiKeys().authenticate("Bearer " + good);

      assertThat(metrics.cacheLookups()).isEmpty();
      assertThat(metrics.outcomes(Operation.API_KEY_AUTHENTICATION))
          .containsExactly(Outcome.AUTHENTICATED);
    }

    /** The same shape, one random character different: the checksum no longer matches. */
    private String withOneCharacterChanged(String key) {
      int i = "lk_live_".length() + 3;
      char changed = key.charAt(i) == 'a' ? 'b' : 'a';
      return key.substring(0, i) + changed + key.substring(i + 1);
    }
  }

  @Nested
  class SignIn {
    private final TwoFactorFixture f = fixture(UnaryOperator.identity());
    private final SignInService signIn = f.latchkey.signIn();

    @Test
    void thePasswordStepReportsItsOutcomeAndTheHashingInsideIt() {
      signIn.setPassword("alice", PASSWORD);
      metrics.clear();

      signIn.signIn("alice", PASSWORD, CLIENT);

      // Clock readings: sign-in (1), verify (2), wait (3, 4), verify ends (5), sign-in ends (6).
      assertThat(metrics.timings()).containsExactly(
          new Timing(Operation.HASH_PERMIT_WAIT, Outcome.ACQUIRED, STEP_NANOS),
          new Timing(Operation.PASSWORD_VERIFY, Outcome.MATCH, 3 * STEP_NANOS),
          new Timing(Operation.SIGN_IN, Outcome.SIGNED_IN, 5 * STEP_NANOS));
    }

    @Test
    void anUnknownNameReportsExactlyWhatAWrongPasswordReports() {
      signIn.setPassword("alice", PASSWORD);
      metrics.clear();
      signIn.signIn("alice", "wrong", CLIENT);
      List<Timing> wrongPassword = metrics.timings();
      metrics.clear();

      signIn.signIn(null, "nobody@example.com", "wrong", CLIENT);

      assertThat(metrics.timings()).isEqualTo(wrongPassword);
      assertThat(wrongPassword).extracting(Timing::outcome).containsExactly(
          Outcome.ACQUIRED, Outcome.MISMATCH, Outcome.INVALID_CREDENTIALS);
    }

    @Test
    void aLockedAccountIsReportedAsLockedAndAsALockout() {
      signIn.setPassword("alice", PASSWORD);
      for (int i = 0; i < AttemptPolicy.DEFAULT_FREE_ATTEMPTS; i++) {
        signIn.signIn("alice", "guess" + i, CLIENT);
      }
      metrics.clear();

      signIn.signIn("alice", PASSWORD, CLIENT);

      // Refused before any hashing.
      assertThat(metrics.timings()).extracting(Timing::operation, Timing::outcome)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.SIGN_IN, Outcome.LOCKED));
      assertThat(metrics.lockouts())
          .containsExactly(new Lockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, false));
    }

    @Test
    void withTwoFactorThePasswordStepOwesASecondFactorAndTheSecondStepReportsItsOutcomes() {
      signIn.setPassword("bob", PASSWORD);
      TwoFactorFixture.Enabled on = f.enable("bob");
      metrics.clear();

      SignInResult first = signIn.signIn("bob", PASSWORD, CLIENT);
      String challenge = ((SignInResult.SecondFactorRequired) first).challenge().reveal();
      signIn.completeSecondFactor("no-such-challenge", f.appCodeNow(on.secret()), CLIENT);
      signIn.completeSecondFactor(challenge, f.wrongCodeNow(on.secret()), CLIENT);
      signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT);

      assertThat(metrics.outcomes(Operation.SIGN_IN))
          .containsExactly(Outcome.SECOND_FACTOR_REQUIRED);
      assertThat(metrics.outcomes(Operation.SIGN_IN_SECOND_FACTOR)).containsExactly(
          Outcome.INVALID_CHALLENGE, Outcome.INVALID_CODE, Outcome.SIGNED_IN);
    }

    @Test
    void tooManyWrongCodesLockTheSecondStep() {
      signIn.setPassword("bob", PASSWORD);
      TwoFactorFixture.Enabled on = f.enable("bob");
      // Five wrong codes over two challenges (each challenge allows five of its own).
      for (int i = 0; i < AttemptPolicy.DEFAULT_FREE_ATTEMPTS; i++) {
        String challenge = challengeFor("bob");
        signIn.completeSecondFactor(challenge, f.wrongCodeNow(on.secret()), CLIENT);
      }
      String challenge = challengeFor("bob");
      metrics.clear();

      signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT);

      assertThat(metrics.outcomes(Operation.SIGN_IN_SECOND_FACTOR)).containsExactly(Outcome.LOCKED);
      assertThat(metrics.lockouts())
          .containsExactly(new Lockout(LimitedFactor.TOTP, LockScope.ACCOUNT, false));
    }

    @Test
    void anAccountThatMustEnrolIsReportedAsEnrollmentRequired() {
      TwoFactorFixture enforced = fixture(b -> b.twoFactorRequirement(TwoFactorRequirement.always()));
      enforced.latchkey.signIn().setPassword("carol", PASSWORD);
      metrics.clear();

      enforced.latchkey.signIn().signIn("carol", PASSWORD, CLIENT);

      assertThat(metrics.outcomes(Operation.SIGN_IN)).containsExactly(Outcome.ENROLLMENT_REQUIRED);
    }

    @Test
    void settingAPasswordReportsAHash() {
      signIn.setPassword("dave", PASSWORD);

      assertThat(metrics.outcomes(Operation.PASSWORD_HASH)).containsExactly(Outcome.HASHED);
      assertThat(metrics.outcomes(Operation.HASH_PERMIT_WAIT)).containsExactly(Outcome.ACQUIRED);
    }

    private String challengeFor(String account) {
      SignInResult r = signIn.signIn(account, PASSWORD, CLIENT);
      return ((SignInResult.SecondFactorRequired) r).challenge().reveal();
    }
  }

  @Nested
  class Lockouts {

    @Test
    void aClientAddressThatGuessesAcrossAccountsIsLockedAsAClient() {
      AttemptPolicy twoPerClient = AttemptPolicy.builder().freeAttempts(2)
          .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofMinutes(1))
          .forgetAfter(Duration.ofHours(1)).build();
      TwoFactorFixture f =
          fixture(b -> b.attemptPolicies(AttemptPolicy.perAccount(), twoPerClient));
      SignInService signIn = f.latchkey.signIn();

      signIn.signIn(null, "a@example.com", "guess", CLIENT);
      signIn.signIn(null, "b@example.com", "guess", CLIENT);
      signIn.signIn(null, "c@example.com", "guess", CLIENT);

      assertThat(metrics.lockouts())
          .containsExactly(new Lockout(LimitedFactor.PASSWORD, LockScope.CLIENT, false));
    }

    @Test
    void aKnownDeviceIsLockedOnItsOwnAllowance() {
      TwoFactorFixture f = fixture(UnaryOperator.identity());
      SignInService signIn = f.latchkey.signIn();
      signIn.setPassword("alice", PASSWORD);
      SignInResult.SignedIn in =
          (SignInResult.SignedIn) signIn.signIn("alice", null, PASSWORD, CLIENT, null);
      String device = in.deviceToken().orElseThrow().token().reveal();
      for (int i = 0; i < AttemptPolicy.DEFAULT_FREE_ATTEMPTS; i++) {
        signIn.signIn("alice", null, "guess" + i, CLIENT, device);
      }
      metrics.clear();

      signIn.signIn("alice", null, PASSWORD, CLIENT, device);

      assertThat(metrics.lockouts())
          .containsExactly(new Lockout(LimitedFactor.PASSWORD, LockScope.KNOWN_DEVICE, false));
    }

    @Test
    void aCounterAtItsHardStopSaysSo() {
      AttemptPolicy strict = AttemptPolicy.builder().freeAttempts(1).hardStop(2)
          .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1)).build();
      TwoFactorFixture f = fixture(b -> b.attemptPolicies(strict, AttemptPolicy.perClient()));
      SignInService signIn = f.latchkey.signIn();
      signIn.setPassword("alice", PASSWORD);
      signIn.signIn("alice", "guess1", CLIENT);
      f.clock.advance(Duration.ofSeconds(1));
      signIn.signIn("alice", "guess2", CLIENT);

      signIn.signIn("alice", PASSWORD, CLIENT);

      assertThat(metrics.lockouts())
          .containsExactly(new Lockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, true));
    }
  }
}
