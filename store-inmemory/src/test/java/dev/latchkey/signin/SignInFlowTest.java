package dev.latchkey.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.session.Assurance;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignInFlowTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Safari/605.1.15");
  private static final String PASSWORD = "Correct-horse-9";

  private final TwoFactorFixture f = TwoFactorFixture.create();
  private final SignInService signIn = f.latchkey.signIn();

  private String challengeFor(String account) {
    SignInResult r = signIn.signIn(account, PASSWORD, CLIENT);
    assertThat(r).isInstanceOf(SignInResult.SecondFactorRequired.class);
    return ((SignInResult.SecondFactorRequired) r).challenge().reveal();
  }

  @Test
  void signInWithoutTwoFactorGivesASingleFactorSession() {
    signIn.setPassword("alice", PASSWORD);
    SignInResult r = signIn.signIn("alice", PASSWORD, CLIENT);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) r).session().assurance()).isEqualTo(Assurance.SINGLE_FACTOR);
  }

  @Test
  void wrongPasswordAndUnknownAccountAreIndistinguishable() {
    signIn.setPassword("alice", PASSWORD);
    assertThat(signIn.signIn("alice", "wrong", CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS));
    assertThat(signIn.signIn(null, "wrong", CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS));
    assertThat(signIn.signIn("nobody", PASSWORD, CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS));
  }

  @Test
  void passwordGuessesAreLockedAfterTheFreeAllowanceAndUnlockAfterTheWait() {
    signIn.setPassword("alice", PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.signIn("alice", "guess" + i, CLIENT))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    SignInResult locked = signIn.signIn("alice", PASSWORD, CLIENT);
    assertThat(locked).isInstanceOf(SignInResult.Locked.class);
    assertThat(((SignInResult.Locked) locked).retryAfterSeconds()).isEqualTo(30);
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(signIn.signIn("alice", PASSWORD, CLIENT)).isInstanceOf(SignInResult.SignedIn.class);
    // Success resets: five more free guesses.
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.signIn("alice", "again" + i, CLIENT))
          .isInstanceOf(SignInResult.Rejected.class);
    }
  }

  @Test
  void withTwoFactorThePasswordAloneGivesAChallengeNotASession() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String challenge = challengeFor("bob");
    // A challenge is not a session: the session registry has never seen its token.
    assertThat(f.latchkey.sessions().validate(challenge))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.UNKNOWN));
    assertThat(f.latchkey.sessions().list("bob", null)).isEmpty();
    assertThat(f.stores.sessions().findByTokenHash(
        dev.latchkey.internal.Hashing.sha256Hex(challenge))).isEmpty();
    assertThat(signIn.findChallenge(challenge)).hasValueSatisfying(c -> {
      assertThat(c.accountId()).isEqualTo("bob");
      assertThat(c.client()).isEqualTo(CLIENT);
      assertThat(c.expiresAt()).isEqualTo(c.createdAt().plus(
          SignInSettings.DEFAULT_CHALLENGE_LIFETIME));
      assertThat(c.toString()).doesNotContain(challenge);
    });

    SignInResult done = signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT);
    assertThat(done).isInstanceOf(SignInResult.SignedIn.class);
    SignInResult.SignedIn in = (SignInResult.SignedIn) done;
    assertThat(in.session().assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    assertThat(f.latchkey.sessions().validate(in.session().token().reveal()).isValid()).isTrue();
    // The challenge is single-use.
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE));
  }

  @Test
  void aTotpCodeIsAcceptedOnceEvenAcrossTwoChallenges() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String code = f.appCodeNow(on.secret());
    assertThat(signIn.completeSecondFactor(challengeFor("bob"), code, CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(signIn.completeSecondFactor(challengeFor("bob"), code, CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
  }

  @Test
  void aBackupCodeCompletesSignInOnceInAnySpelling() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String backup = on.backupCodes().codes().get(3);
    assertThat(signIn.completeSecondFactor(challengeFor("bob"), backup.toUpperCase(), CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(signIn.completeSecondFactor(challengeFor("bob"), backup.replace("-", ""), CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    assertThat(f.backupCodes().remaining("bob")).isEqualTo(9);
  }

  @Test
  void aChallengeIsVoidAfterFiveWrongCodes() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String challenge = challengeFor("bob");
    String wrong = f.wrongCodeNow(on.secret());
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.completeSecondFactor(challenge, wrong, CLIENT))
          .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    }
    assertThat(signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE));
  }

  @Test
  void newChallengesDoNotResetTheAccountsSecondFactorCount() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String wrong = f.wrongCodeNow(on.secret());
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.completeSecondFactor(challengeFor("bob"), wrong, CLIENT))
          .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    }
    assertThat(signIn.completeSecondFactor(challengeFor("bob"), f.appCodeNow(on.secret()), CLIENT))
        .isInstanceOf(SignInResult.Locked.class);
  }

  @Test
  void aChallengeExpires() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String challenge = challengeFor("bob");
    f.clock.advance(SignInSettings.DEFAULT_CHALLENGE_LIFETIME);
    assertThat(signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE));
  }

  @Test
  void garbageChallengesAndCodesAreTypedRejections() {
    signIn.setPassword("bob", PASSWORD);
    f.enable("bob");
    String challenge = challengeFor("bob");
    for (String junk : new String[] {null, "", " ", "x".repeat(100_000), "١٢٣٤٥٦", "\u0000"}) {
      assertThat(signIn.completeSecondFactor(junk, "123456", CLIENT))
          .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE));
    }
    assertThat(signIn.completeSecondFactor(challenge, "١٢٣٤٥٦", CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    assertThat(signIn.completeSecondFactor(challenge, null, CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
  }

  @Test
  void twoRequestsRacingWithOneChallengeNeverBothGetASession() throws Exception {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String challenge = challengeFor("bob");
    List<String> codes = on.backupCodes().codes();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SignInResult>> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String code = codes.get(i);
        results.add(pool.submit(() -> {
          start.await();
          return signIn.completeSecondFactor(challenge, code, CLIENT);
        }));
      }
      start.countDown();
      int sessions = 0;
      for (Future<SignInResult> r : results) {
        sessions += r.get(30, TimeUnit.SECONDS) instanceof SignInResult.SignedIn ? 1 : 0;
      }
      assertThat(sessions).isEqualTo(1);
      // The losers' codes were never used: every one that was spent before losing is given back.
      assertThat(f.backupCodes().remaining("bob")).isEqualTo(9);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aChallengeCanBeConsumedOnlyOnceAndRecordsNothing() {
    // A session can never be passed as a challenge: SignInChallenge is its own type.
    signIn.setPassword("bob", PASSWORD);
    f.enable("bob");
    String challenge = challengeFor("bob");
    SignInChallenge pending = signIn.findChallenge(challenge).orElseThrow();
    assertThat(signIn.challenges().complete(pending)).isTrue();
    assertThat(signIn.challenges().complete(pending)).isFalse();
    assertThat(signIn.findChallenge(challenge)).isEmpty();
    // Consuming a challenge records nothing: only completed sign-ins are history.
    assertThat(f.events).noneMatch(e -> e.type() == dev.latchkey.events.SecurityEventType.SESSION_REVOKED);
  }


  @Test
  void aDiscardedSessionStopsWorkingWithoutAnEvent() {
    dev.latchkey.session.NewSession s = f.latchkey.sessions().create("alice", CLIENT);
    int before = f.events.size();
    assertThat(f.latchkey.sessions().discard(s)).isTrue();
    assertThat(f.latchkey.sessions().validate(s.token().reveal()).isValid()).isFalse();
    assertThat(f.events).hasSize(before);
  }

  @Test
  void unknownLoginNamesLockExactlyLikeRealAccounts() {
    signIn.setPassword("alice", PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.signIn("alice", "alice@example.com", "guess" + i, CLIENT))
          .isInstanceOf(SignInResult.Rejected.class);
      assertThat(signIn.signIn(null, "nobody@example.com", "guess" + i, CLIENT))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    assertThat(signIn.signIn("alice", "alice@example.com", "guess", CLIENT))
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(signIn.signIn(null, " NOBODY@example.com", "guess", CLIENT))
        .as("the same name, differently spelled, shares the counter")
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(signIn.signIn(null, "someone-else@example.com", "guess", CLIENT))
        .isInstanceOf(SignInResult.Rejected.class);
  }
}
