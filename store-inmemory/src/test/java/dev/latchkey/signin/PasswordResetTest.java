package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.limits.Factor;
import dev.latchkey.password.PasswordChangeResult;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 6: the reset path ({@link SignInService#setPassword} after an account recovery)
 * used to keep every session and the account's lock, so after a reset the user was still
 * {@code Locked}. A reset now ends every session of the account and clears its password counters.
 */
class PasswordResetTest {
  private static final String OLD = "Correct-horse-9";
  private static final String RESET = "Recovered-staple-42!";

  private final TwoFactorFixture f = TwoFactorFixture.create();
  private final SignInService signIn = f.latchkey.signIn();

  private NewSession signedIn(String account, String password) {
    return ((SignInResult.SignedIn) signIn.signIn(account, password, HOME)).session();
  }

  @Test
  void aResetEndsEverySessionOfTheAccountAndSaysHowMany() {
    signIn.setPassword("alice", OLD);
    signIn.setPassword("bob", OLD);
    NewSession laptop = signedIn("alice", OLD);
    NewSession stolen = signedIn("alice", OLD);
    NewSession bobs = signedIn("bob", OLD);
    f.events.clear();

    assertThat(signIn.setPassword("alice", RESET)).isEqualTo(2);

    for (NewSession s : List.of(laptop, stolen)) {
      assertThat(f.latchkey.sessions().validate(s.token().reveal()))
          .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
    }
    assertThat(f.latchkey.sessions().validate(bobs.token().reveal()).isValid()).isTrue();
    assertThat(f.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(SecurityEventType.PASSWORD_RESET);
      assertThat(e.accountId()).isEqualTo("alice");
      assertThat(e.details()).containsEntry("other_sessions_ended", "2");
    });
    assertThat(f.events.toString()).doesNotContain(RESET);
  }

  @Test
  void afterAResetTheUserIsNoLongerLockedOut() {
    signIn.setPassword("alice", OLD);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.signIn("alice", "attacker-guess-" + i, STRANGER))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    assertThat(signIn.signIn("alice", OLD, HOME)).isInstanceOf(SignInResult.Locked.class);

    signIn.setPassword("alice", RESET);

    // No wait: the lock earned by guesses at the old password went with it.
    assertThat(signIn.signIn("alice", RESET, HOME)).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aResetAlsoClearsTheCurrentPasswordCounter() {
    signIn.setPassword("alice", OLD);
    var session = f.validated(signedIn("alice", OLD).token().reveal());
    for (int i = 0; i < 5; i++) {
      f.latchkey.passwords().change(session, "guess-" + i, "Whatever-new-77!", null, HOME);
    }
    assertThat(f.stores.attempts()
        .find(Factor.CURRENT_PASSWORD.code(), "account:alice")).isPresent();
    signIn.setPassword("alice", RESET);
    assertThat(f.stores.attempts()
        .find(Factor.CURRENT_PASSWORD.code(), "account:alice")).isEmpty();
    var fresh = f.validated(signedIn("alice", RESET).token().reveal());
    assertThat(f.latchkey.passwords().change(fresh, RESET, "Whatever-new-77!", null, HOME))
        .isInstanceOf(PasswordChangeResult.Changed.class);
  }

  /**
   * A reset proves control of the recovery channel, not of the authenticator: clearing the code
   * counters would give whoever holds the mailbox fresh guesses at the second factor each reset.
   */
  @Test
  void aResetKeepsTheSecondFactorCounters() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    String wrong = f.wrongCodeNow(on.secret());
    for (int i = 0; i < 5; i++) {
      f.totp().verify("alice", wrong, STRANGER);
    }
    signIn.setPassword("alice", RESET);
    assertThat(f.stores.attempts().find(Factor.TOTP.code(), "account:alice")).isPresent();
    assertThat(f.totp().verify("alice", f.appCodeNow(on.secret()), HOME))
        .isInstanceOf(dev.latchkey.totp.TotpVerification.Locked.class);
  }

  @Test
  void aFirstPasswordAtSignUpRecordsNothing() {
    assertThat(signIn.setPassword("new-user", OLD)).isZero();
    assertThat(f.events).isEmpty();
  }

  @Test
  void keepingOtherSessionsAlsoKeepsThemOnAResetButTheLockIsStillCleared() {
    TwoFactorFixture keep = TwoFactorFixture.create(b -> b.sessionSettings(
        SessionSettings.builder().keepOtherSessionsOnFactorChange().build()));
    SignInService keepSignIn = keep.latchkey.signIn();
    keepSignIn.setPassword("alice", OLD);
    NewSession s = ((SignInResult.SignedIn) keepSignIn.signIn("alice", OLD, HOME)).session();
    for (int i = 0; i < 6; i++) {
      keepSignIn.signIn("alice", "guess-" + i, STRANGER);
    }
    assertThat(keepSignIn.setPassword("alice", RESET)).isZero();
    assertThat(keep.latchkey.sessions().validate(s.token().reveal()).isValid()).isTrue();
    assertThat(keepSignIn.signIn("alice", RESET, HOME)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(keep.events).extracting(SecurityEvent::type)
        .contains(SecurityEventType.PASSWORD_RESET);
  }
}
