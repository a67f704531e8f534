package dev.latchkey.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.RecordingStores;
import dev.latchkey.store.inmemory.RecordingStores.When;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second step is all or nothing (issue 9, item 5): a store that fails on purpose at each step
 * of {@code completeSecondFactor} — spending the code, completing the challenge, storing the
 * session, appending an event — never leaves the user without their code and without a session.
 * They try again with the same challenge and the same code, and it works.
 */
class SecondStepAllOrNothingTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "Mozilla/5.0 Firefox");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final RecordingStores stores = new RecordingStores();
  private final TwoFactorFixture f =
      TwoFactorFixture.create(b -> b.stores(stores).passwordHashing(FAST));
  private final SignInService signIn = f.latchkey.signIn();
  private TwoFactorFixture.Enabled on;

  enum Kind { TOTP, BACKUP_CODE }

  @BeforeEach
  void bobHasTwoFactor() {
    signIn.setPassword("bob", PASSWORD);
    on = f.enable("bob");
  }

  private String challenge() {
    SignInResult r = signIn.signIn("bob", PASSWORD, CLIENT);
    return ((SignInResult.SecondFactorRequired) r).challenge().reveal();
  }

  private String code(Kind kind) {
    return kind == Kind.TOTP ? f.appCodeNow(on.secret()) : on.backupCodes().codes().get(0);
  }

  /** Every step of the second factor that writes, for each kind of code, failing before it acts. */
  static Stream<Arguments> failingSteps() {
    return Stream.of(
        Arguments.of(Kind.TOTP, "TotpStore.acceptStep", 1),
        Arguments.of(Kind.TOTP, "ChallengeStore.consume", 1),
        Arguments.of(Kind.TOTP, "SessionStore.insert", 1),
        Arguments.of(Kind.TOTP, "SecurityEventStore.append", 1), // sign_in.succeeded
        Arguments.of(Kind.BACKUP_CODE, "BackupCodeStore.consume", 1),
        Arguments.of(Kind.BACKUP_CODE, "SecurityEventStore.append", 1), // backup_code.used
        Arguments.of(Kind.BACKUP_CODE, "ChallengeStore.consume", 1),
        Arguments.of(Kind.BACKUP_CODE, "SessionStore.insert", 1),
        Arguments.of(Kind.BACKUP_CODE, "SecurityEventStore.append", 2)); // sign_in.succeeded
  }

  @ParameterizedTest(name = "{0}: {1} #{2} fails")
  @MethodSource("failingSteps")
  void aStoreFailingAtAnyStepCostsNeitherTheCodeNorTheChallenge(Kind kind, String call,
      int nth) {
    String challenge = challenge();
    String code = code(kind);
    stores.failOn(call, nth, When.BEFORE);

    assertThatThrownBy(() -> signIn.completeSecondFactor(challenge, code, CLIENT))
        .isInstanceOf(StoreException.class);

    assertThat(stores.faultSpent()).as("the planned failure struck").isTrue();
    assertThat(f.latchkey.sessions().list("bob", null)).isEmpty();
    assertThat(f.backupCodes().remaining("bob")).isEqualTo(10);
    assertThat(signIn.findChallenge(challenge)).as("the challenge is still live").isPresent();
    assertThat(f.events).noneMatch(e -> e.type() == SecurityEventType.SIGN_IN_SUCCEEDED);

    SignInResult again = signIn.completeSecondFactor(challenge, code, CLIENT);
    assertThat(again).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(f.backupCodes().remaining("bob")).isEqualTo(kind == Kind.TOTP ? 10 : 9);
    assertThat(f.latchkey.sessions().list("bob", null)).hasSize(1);
  }

  /**
   * The event store fails after it stored the sign-in: the session is discarded, and the code and
   * the challenge are given back all the same.
   */
  @ParameterizedTest
  @MethodSource("kinds")
  void aSignInWhoseEventFailsAfterTheWriteIsUndoneToo(Kind kind) {
    String challenge = challenge();
    String code = code(kind);
    stores.failOn("SecurityEventStore.append", kind == Kind.TOTP ? 1 : 2, When.AFTER);

    assertThatThrownBy(() -> signIn.completeSecondFactor(challenge, code, CLIENT))
        .isInstanceOf(StoreException.class);
    assertThat(f.latchkey.sessions().list("bob", null)).isEmpty();
    assertThat(f.backupCodes().remaining("bob")).isEqualTo(10);

    assertThat(signIn.completeSecondFactor(challenge, code, CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  static Stream<Kind> kinds() {
    return Stream.of(Kind.values());
  }

  /**
   * Completing the challenge fails in a way that leaves unknown whether it happened (the store
   * did it, then the connection broke). The code, which is known to be spent, is given back; the
   * challenge is not touched, since undoing a completion this call may not have made could undo
   * another request's. The user starts over with the password and the same code.
   */
  @ParameterizedTest
  @MethodSource("kinds")
  void aChallengeCompletionOfUnknownOutcomeStillGivesTheCodeBack(Kind kind) {
    String challenge = challenge();
    String code = code(kind);
    stores.failOn("ChallengeStore.consume", 1, When.AFTER);

    assertThatThrownBy(() -> signIn.completeSecondFactor(challenge, code, CLIENT))
        .isInstanceOf(StoreException.class);
    assertThat(f.backupCodes().remaining("bob")).isEqualTo(10);
    assertThat(signIn.completeSecondFactor(challenge, code, CLIENT))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE));

    assertThat(signIn.completeSecondFactor(challenge(), code, CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  /** A backup code whose use is given back is recorded as given back. */
  @Test
  void aRestoredBackupCodeIsRecorded() {
    String challenge = challenge();
    stores.failOn("SessionStore.insert", 1, When.BEFORE);
    assertThatThrownBy(() -> signIn.completeSecondFactor(challenge, code(Kind.BACKUP_CODE),
        CLIENT)).isInstanceOf(StoreException.class);
    assertThat(f.events).filteredOn(e -> e.accountId().equals("bob"))
        .extracting(e -> e.type()).endsWith(SecurityEventType.BACKUP_CODE_USED,
            SecurityEventType.BACKUP_CODE_RESTORED);
    assertThat(f.events.get(f.events.size() - 1).details()).containsEntry("remaining", "10");
  }
}
