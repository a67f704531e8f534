package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every call that checks a code limits its own attempts, per account and per client, with the
 * counters sign-in uses: the sixth wrong code in a row is refused unchecked with a typed
 * {@code Locked}, and a right code (once the wait is over) clears the account's count.
 */
class CodeAttemptLimitsTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0");
  private static final ClientInfo OTHER = new ClientInfo("198.51.100.4", "Mozilla/5.0");
  private static final Duration FIRST_WAIT = Duration.ofSeconds(30);

  private final TwoFactorFixture f = TwoFactorFixture.create();

  private boolean counted(Factor factor, String account) {
    return f.stores.attempts().find(factor.code(), "account:" + account).isPresent();
  }

  @Test
  void theSixthWrongConfirmCodeIsLockedAndARightCodeClearsTheCount() {
    String secret = f.begin("alice").secret().reveal();
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().confirm(f.session("alice"), f.wrongCodeNow(secret), CLIENT))
          .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.INVALID_CODE));
    }
    // Locked before anything is checked: even the right code does not enable 2FA now.
    ConfirmResult locked = f.totp().confirm(f.session("alice"), f.appCodeNow(secret), CLIENT);
    assertThat(locked).isEqualTo(new ConfirmResult.Locked(FIRST_WAIT));
    assertThat(((ConfirmResult.Locked) locked).retryAfterSeconds()).isEqualTo(30);
    assertThat(((ConfirmResult.Locked) locked).code()).isEqualTo("too_many_attempts");
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.stores.totp().findByAccount("alice").orElseThrow().lastAcceptedStep())
        .isEqualTo(-1);

    f.clock.advance(FIRST_WAIT);
    assertThat(f.totp().confirm(f.session("alice"), f.appCodeNow(secret), CLIENT))
        .isInstanceOf(ConfirmResult.Confirmed.class);
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
  }

  @Test
  void theSixthWrongDisableCodeIsLockedAndARightCodeClearsTheCount() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().disable(f.session("alice"), f.wrongCodeNow(on.secret()), CLIENT))
          .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.INVALID_CODE));
    }
    DisableResult locked = f.totp().disable(f.session("alice"), f.appCodeNow(on.secret()), CLIENT);
    assertThat(locked).isEqualTo(new DisableResult.Locked(FIRST_WAIT));
    assertThat(locked.isDisabled()).isFalse();
    assertThat(((DisableResult.Locked) locked).retryAfterSeconds()).isEqualTo(30);
    assertThat(f.totp().isEnabled("alice")).isTrue();

    f.clock.advance(FIRST_WAIT);
    assertThat(f.totp().disable(f.session("alice"), f.appCodeNow(on.secret()), CLIENT))
        .isInstanceOf(DisableResult.Disabled.class);
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
  }

  @Test
  void theSixthWrongBackupCodeAtDisableIsLockedAndARightOneClearsTheCount() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    String wrong = "2222-3333-4444-5555";
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().disable(f.session("alice"), wrong, CLIENT))
          .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.INVALID_CODE));
    }
    String right = on.backupCodes().codes().get(0);
    assertThat(f.totp().disable(f.session("alice"), right, CLIENT))
        .isEqualTo(new DisableResult.Locked(FIRST_WAIT));
    // Unchecked, so unspent.
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    // The backup-code counter is its own: a TOTP code is still checked.
    assertThat(counted(Factor.TOTP, "alice")).isFalse();

    f.clock.advance(FIRST_WAIT);
    assertThat(f.totp().disable(f.session("alice"), right, CLIENT)).isInstanceOf(DisableResult.Disabled.class);
    assertThat(counted(Factor.BACKUP_CODE, "alice")).isFalse();
  }

  @Test
  void theSixthWrongRegenerateCodeIsLockedAndARightCodeClearsTheCount() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    List<String> old = on.backupCodes().codes();
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().regenerateBackupCodes(f.session("alice"), f.wrongCodeNow(on.secret()), CLIENT))
          .isEqualTo(new RegenerateResult.Rejected(RegenerateResult.Reason.INVALID_CODE));
    }
    RegenerateResult locked =
        f.totp().regenerateBackupCodes(f.session("alice"), f.appCodeNow(on.secret()), CLIENT);
    assertThat(locked).isEqualTo(new RegenerateResult.Locked(FIRST_WAIT));
    assertThat(((RegenerateResult.Locked) locked).retryAfterSeconds()).isEqualTo(30);
    assertThat(f.stores.backupCodes().list("alice")).hasSize(10);

    f.clock.advance(FIRST_WAIT);
    RegenerateResult done =
        f.totp().regenerateBackupCodes(f.session("alice"), f.appCodeNow(on.secret()), CLIENT);
    assertThat(done).isInstanceOf(RegenerateResult.Regenerated.class);
    assertThat(((RegenerateResult.Regenerated) done).codes().codes())
        .doesNotContainAnyElementsOf(old);
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
    // Cleared: five more wrong codes are checked (and refused), not locked.
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().regenerateBackupCodes(f.session("alice"), f.wrongCodeNow(on.secret()), CLIENT))
          .isInstanceOf(RegenerateResult.Rejected.class);
    }
  }

  @Test
  void regenerateRefusalsAreTypedAndKeepTheOldCodes() {
    assertThat(f.totp().regenerateBackupCodes(f.session("nobody"), "123456", CLIENT))
        .isEqualTo(new RegenerateResult.NotEnabled());
    TwoFactorFixture.Enabled on = f.enable("alice");
    assertThat(f.totp().regenerateBackupCodes(f.session("alice"), on.backupCodes().codes().get(0), CLIENT))
        .isEqualTo(new RegenerateResult.Rejected(RegenerateResult.Reason.MALFORMED_CODE));
    String code = f.appCodeNow(on.secret());
    assertThat(f.totp().regenerateBackupCodes(f.session("alice"), code, CLIENT))
        .isInstanceOf(RegenerateResult.Regenerated.class);
    assertThat(f.totp().regenerateBackupCodes(f.session("alice"), code, CLIENT))
        .isEqualTo(new RegenerateResult.Rejected(RegenerateResult.Reason.REPLAYED));
    assertThat(RegenerateResult.Reason.INVALID_CODE.code()).isEqualTo("invalid_code");
  }

  @Test
  void theSixthWrongVerifyOrConsumeIsLocked() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    for (int i = 0; i < 5; i++) {
      assertThat(f.totp().verify("alice", f.wrongCodeNow(on.secret()), CLIENT).isAccepted())
          .isFalse();
      assertThat(f.backupCodes().consume("alice", "2222-3333-4444-5555", CLIENT).isConsumed())
          .isFalse();
    }
    TotpVerification totp = f.totp().verify("alice", f.appCodeNow(on.secret()), CLIENT);
    assertThat(totp).isEqualTo(new TotpVerification.Locked(FIRST_WAIT));
    assertThat(totp.isAccepted()).isFalse();
    BackupCodeVerification backup =
        f.backupCodes().consume("alice", on.backupCodes().codes().get(0), CLIENT);
    assertThat(backup).isEqualTo(new BackupCodeVerification.Locked(FIRST_WAIT));
    assertThat(backup.isConsumed()).isFalse();
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
  }

  @Test
  void malformedInputIsRefusedWithoutBeingCounted() {
    String secret = f.begin("alice").secret().reveal();
    for (int i = 0; i < 20; i++) {
      assertThat(f.totp().confirm(f.session("alice"), "not a code", CLIENT))
          .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.MALFORMED_CODE));
    }
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
    assertThat(f.totp().confirm(f.session("alice"), f.appCodeNow(secret), CLIENT))
        .isInstanceOf(ConfirmResult.Confirmed.class);
  }

  @Test
  void oneClientAddressGuessingAcrossAccountsIsLockedToo() {
    // Per client: the default free failures, whatever the accounts.
    int free = AttemptPolicy.DEFAULT_CLIENT_FREE_ATTEMPTS;
    for (int i = 0; i < free; i++) {
      assertThat(f.totp().verify("nobody-" + i, "123456", CLIENT))
          .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.NOT_ENROLLED));
    }
    assertThat(f.totp().verify("nobody-" + free, "123456", CLIENT))
        .isInstanceOf(TotpVerification.Locked.class);
    assertThat(f.totp().verify("nobody-" + free, "123456", OTHER))
        .isInstanceOf(TotpVerification.Rejected.class);
  }

  @Test
  void settingsCodesAndSignInCodesShareTheAccountsCounters() {
    String password = "Correct-horse-9";
    f.latchkey.signIn().setPassword("bob", password);
    TwoFactorFixture.Enabled on = f.enable("bob");
    for (int i = 0; i < 3; i++) {
      f.totp().disable(f.session("bob"), f.wrongCodeNow(on.secret()), CLIENT);
    }
    for (int i = 0; i < 2; i++) {
      f.totp().regenerateBackupCodes(f.session("bob"), f.wrongCodeNow(on.secret()), OTHER);
    }
    String challenge = ((SignInResult.SecondFactorRequired) f.latchkey.signIn()
        .signIn("bob", password, OTHER)).challenge().reveal();
    assertThat(f.latchkey.signIn().completeSecondFactor(challenge, f.appCodeNow(on.secret()),
        OTHER)).isEqualTo(new SignInResult.Locked(FIRST_WAIT));
  }
}
