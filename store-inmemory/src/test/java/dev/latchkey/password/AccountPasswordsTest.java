package dev.latchkey.password;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.SignInService;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountPasswordsTest {
  private static final String OLD = "Correct-horse-9";
  private static final String NEW = "Battery-staple-42!";

  private final TwoFactorFixture f = TwoFactorFixture.create();
  private final SignInService signIn = f.latchkey.signIn();
  private final AccountPasswords passwords = f.latchkey.passwords();

  private ValidatedSession session(String account, String password, ClientInfo client) {
    SignInResult r = signIn.signIn(account, password, client);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    return validate(((SignInResult.SignedIn) r).session());
  }

  private ValidatedSession validate(NewSession s) {
    return ((SessionValidation.Valid) f.latchkey.sessions().validate(s.token().reveal())).session();
  }

  @Test
  void changeEndsEveryOtherSessionButNotTheCurrentOne() {
    signIn.setPassword("alice", OLD);
    ValidatedSession laptop = session("alice", OLD, HOME);
    SignInResult.SignedIn phone = (SignInResult.SignedIn) signIn.signIn("alice", OLD, STRANGER);
    SignInResult.SignedIn tablet = (SignInResult.SignedIn) signIn.signIn("alice", OLD, STRANGER);
    PasswordChangeResult r =
        passwords.change(laptop, OLD, NEW, PasswordContext.empty(), HOME);
    assertThat(r).isInstanceOf(PasswordChangeResult.Changed.class);
    assertThat(((PasswordChangeResult.Changed) r).otherSessionsEnded()).isEqualTo(2);
    assertThat(r.code()).isEqualTo("changed");
    assertThat(f.latchkey.sessions().validate(phone.session().token().reveal()))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
    assertThat(f.latchkey.sessions().validate(tablet.session().token().reveal()).isValid())
        .isFalse();
    assertThat(f.latchkey.sessions().list(laptop)).extracting(s -> s.id())
        .containsExactly(laptop.sessionId());
    // The new password signs in; the old one no longer does.
    assertThat(signIn.signIn("alice", OLD, HOME)).isInstanceOf(SignInResult.Rejected.class);
    assertThat(signIn.signIn("alice", NEW, HOME)).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void changeIsRecordedWithTheClientAndTheSessionThatMadeIt() {
    signIn.setPassword("alice", OLD);
    ValidatedSession s = session("alice", OLD, HOME);
    signIn.signIn("alice", OLD, STRANGER);
    f.events.clear();
    passwords.change(s, OLD, NEW, PasswordContext.empty(), HOME);
    SecurityEvent changed = f.events.stream()
        .filter(e -> e.type() == SecurityEventType.PASSWORD_CHANGED).findFirst().orElseThrow();
    assertThat(changed.sessionId()).isEqualTo(s.sessionId());
    assertThat(changed.ipAddress()).isEqualTo(HOME.ipAddress());
    assertThat(changed.details()).containsEntry("other_sessions_ended", "1");
    // One event says it all: the ended sessions are its other_sessions_ended.
    assertThat(f.events).extracting(SecurityEvent::type)
        .containsExactly(SecurityEventType.PASSWORD_CHANGED);
  }

  @Test
  void otherSessionsCanBeKeptByANamedOption() {
    TwoFactorFixture keep = TwoFactorFixture.create(b -> b.sessionSettings(
        SessionSettings.builder().keepOtherSessionsOnFactorChange().build()));
    keep.latchkey.signIn().setPassword("alice", OLD);
    SignInResult.SignedIn a = (SignInResult.SignedIn) keep.latchkey.signIn().signIn("alice", OLD,
        HOME);
    SignInResult.SignedIn b = (SignInResult.SignedIn) keep.latchkey.signIn().signIn("alice", OLD,
        HOME);
    ValidatedSession current = ((SessionValidation.Valid) keep.latchkey.sessions()
        .validate(a.session().token().reveal())).session();
    assertThat(keep.latchkey.passwords().endsOtherSessions()).isFalse();
    PasswordChangeResult changed = keep.latchkey.passwords().change(current, OLD, NEW, null, HOME);
    assertThat(((PasswordChangeResult.Changed) changed).otherSessionsEnded()).isZero();
    assertThat(keep.latchkey.sessions().validate(b.session().token().reveal()).isValid()).isTrue();
  }

  @Test
  void wrongCurrentPasswordsCountTowardTheLockAndTheSixthIsLocked() {
    signIn.setPassword("alice", OLD);
    ValidatedSession s = session("alice", OLD, HOME);
    for (int i = 0; i < 5; i++) {
      assertThat(passwords.change(s, "guess-" + i, NEW, PasswordContext.empty(), HOME))
          .isEqualTo(new PasswordChangeResult.WrongCurrentPassword());
    }
    PasswordChangeResult sixth = passwords.change(s, OLD, NEW, PasswordContext.empty(), HOME);
    assertThat(sixth).isInstanceOf(PasswordChangeResult.Locked.class);
    assertThat(((PasswordChangeResult.Locked) sixth).retryAfterSeconds()).isEqualTo(30);
    assertThat(sixth.code()).isEqualTo("locked");
    // Nothing changed, and sign-in has its own counter.
    assertThat(signIn.signIn("alice", OLD, HOME)).isInstanceOf(SignInResult.SignedIn.class);
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(passwords.change(s, OLD, NEW, PasswordContext.empty(), HOME))
        .isInstanceOf(PasswordChangeResult.Changed.class);
  }

  @Test
  void theLockIsAlsoPerClientAddress() {
    int free = AttemptPolicy.DEFAULT_CLIENT_FREE_ATTEMPTS;
    int accounts = free / 5 + 1;
    ValidatedSession[] sessions = new ValidatedSession[accounts];
    for (int i = 0; i < accounts; i++) {
      signIn.setPassword("user" + i, OLD);
      sessions[i] = session("user" + i, OLD, STRANGER);
    }
    // Five wrong guesses on each account but the last: every account within its allowance, but
    // the client address has used its free failures.
    for (int i = 0; i < free; i++) {
      assertThat(passwords.change(sessions[i / 5], "guess-" + i, NEW, null, STRANGER))
          .isEqualTo(new PasswordChangeResult.WrongCurrentPassword());
    }
    assertThat(passwords.change(sessions[accounts - 1], OLD, NEW, null, STRANGER))
        .isInstanceOf(PasswordChangeResult.Locked.class);
    assertThat(passwords.change(sessions[accounts - 1], OLD, NEW, null, HOME))
        .isInstanceOf(PasswordChangeResult.Changed.class);
  }

  @Test
  void policyViolationsAreReturnedAndNothingChanges() {
    signIn.setPassword("alice", OLD);
    ValidatedSession s = session("alice", OLD, HOME);
    PasswordContext context = PasswordContext.builder().email("alice.liddell@example.com")
        .name("Alice Liddell").build();
    PasswordChangeResult same = passwords.change(s, OLD, OLD, context, HOME);
    assertThat(same).isInstanceOf(PasswordChangeResult.Rejected.class);
    assertThat(((PasswordChangeResult.Rejected) same).validation()
        .has(PasswordViolation.Code.SAME_AS_CURRENT)).isTrue();
    PasswordChangeResult weak = passwords.change(s, OLD, "short", context, HOME);
    assertThat(((PasswordChangeResult.Rejected) weak).validation().codes())
        .contains(PasswordViolation.Code.TOO_SHORT);
    PasswordChangeResult named = passwords.change(s, OLD, "Liddell-2026!", context, HOME);
    assertThat(((PasswordChangeResult.Rejected) named).validation().codes())
        .containsExactly(PasswordViolation.Code.CONTAINS_CONTEXT_WORD);
    assertThat(named.code()).isEqualTo("rejected");
    assertThat(named.toString()).doesNotContain("Liddell-2026!");
    assertThat(signIn.signIn("alice", OLD, HOME)).isInstanceOf(SignInResult.SignedIn.class);
    // Right current password each time: the counter never reached a lock.
    assertThat(passwords.change(s, OLD, NEW, context, HOME))
        .isInstanceOf(PasswordChangeResult.Changed.class);
  }

  @Test
  void aConfiguredPolicyApplies() {
    TwoFactorFixture strict = TwoFactorFixture.create(b -> b.passwordPolicy(PasswordPolicy.strong()));
    strict.latchkey.signIn().setPassword("alice", OLD);
    SignInResult.SignedIn in = (SignInResult.SignedIn) strict.latchkey.signIn().signIn("alice",
        OLD, HOME);
    ValidatedSession s = ((SessionValidation.Valid) strict.latchkey.sessions()
        .validate(in.session().token().reveal())).session();
    assertThat(strict.latchkey.passwords().policy()).isEqualTo(PasswordPolicy.strong());
    assertThat(strict.latchkey.passwords().change(s, OLD, "Abcdef-12!", null, HOME))
        .isInstanceOf(PasswordChangeResult.Rejected.class);
  }

  @Test
  void anAccountWithoutAPasswordCannotChangeOne() {
    NewSession oauth = f.latchkey.sessions().create("gina", HOME);
    PasswordChangeResult r =
        passwords.change(validate(oauth), "anything", NEW, PasswordContext.empty(), HOME);
    assertThat(r).isEqualTo(
        new PasswordChangeResult.NotAllowed(PasswordChangeResult.Reason.NO_PASSWORD));
    assertThat(r.code()).isEqualTo("no_password");
  }

  @Test
  void aConcurrentChangeMakesTheCurrentPasswordStale() {
    signIn.setPassword("alice", OLD);
    ValidatedSession s = session("alice", OLD, HOME);
    assertThat(passwords.change(s, OLD, NEW, null, HOME))
        .isInstanceOf(PasswordChangeResult.Changed.class);
    assertThat(passwords.change(s, OLD, "Another-one-77!", null, HOME))
        .isEqualTo(new PasswordChangeResult.WrongCurrentPassword());
  }

  @Test
  void restrictedSessionsMayNotChangeOrSetPasswords() {
    TwoFactorFixture enforced =
        TwoFactorFixture.create(b -> b.twoFactorRequirement(TwoFactorRequirement.always()));
    enforced.latchkey.signIn().setPassword("alice", OLD);
    SignInResult r = enforced.latchkey.signIn().signIn("alice", OLD, HOME);
    NewSession restricted = ((SignInResult.EnrollmentRequired) r).session();
    ValidatedSession v = ((SessionValidation.Valid) enforced.latchkey.sessions()
        .validate(restricted.token().reveal())).session();
    assertThat(enforced.latchkey.passwords().change(v, OLD, NEW, null, HOME)).isEqualTo(
        new PasswordChangeResult.NotAllowed(PasswordChangeResult.Reason.SESSION_RESTRICTED));
    assertThat(enforced.latchkey.passwords().set(v, NEW, null, HOME)).isEqualTo(
        new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.SESSION_RESTRICTED));
  }

  @Test
  void settingAPasswordNeedsARecentSignIn() {
    NewSession oauth = f.latchkey.sessions().create("gina", HOME);
    ValidatedSession s = validate(oauth);
    f.clock.advance(AccountPasswords.DEFAULT_MAX_AUTH_AGE.plusSeconds(1));
    PasswordSetResult stale = passwords.set(s, NEW, null, HOME);
    assertThat(stale).isEqualTo(
        new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.REAUTHENTICATION_REQUIRED));
    assertThat(stale.code()).isEqualTo("reauthentication_required");
    assertThat(passwords.set(s, NEW, null, HOME, Duration.ofMinutes(30)))
        .isInstanceOf(PasswordSetResult.Set.class);
    assertThat(signIn.signIn("gina", NEW, HOME)).isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void settingAPasswordIsRecordedAndOnlyWhenThereIsNone() {
    NewSession oauth = f.latchkey.sessions().create("gina", HOME);
    ValidatedSession s = validate(oauth);
    assertThat(passwords.hasPassword(s)).isFalse();
    assertThat(passwords.set(s, "weak", null, HOME))
        .isInstanceOf(PasswordSetResult.Rejected.class);
    assertThat(passwords.set(s, NEW, null, HOME)).isInstanceOf(PasswordSetResult.Set.class);
    assertThat(passwords.hasPassword(s)).isTrue();
    assertThat(passwords.set(s, "Yet-another-99!", null, HOME)).isEqualTo(
        new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.ALREADY_HAS_PASSWORD));
    assertThat(f.events).extracting(SecurityEvent::type)
        .containsExactly(SecurityEventType.PASSWORD_SET);
    assertThat(f.events.get(0).sessionId()).isEqualTo(s.sessionId());
  }

  @Test
  void maxAuthAgeMustBePositiveAndAtMostADay() {
    ValidatedSession s = validate(f.latchkey.sessions().create("gina", HOME));
    assertThatThrownBy(() -> passwords.set(s, NEW, null, HOME, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> passwords.set(s, NEW, null, HOME, Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT24H");
  }

  @Test
  void registerValidatesAgainstThePolicyAndStoresOnlyValidPasswords() {
    PasswordContext ctx = PasswordContext.builder().email("hank@example.com").build();
    PasswordValidation bad = signIn.register("hank", "Hank-2026-x!", ctx);
    assertThat(bad.codes()).containsExactly(PasswordViolation.Code.CONTAINS_CONTEXT_WORD);
    assertThat(signIn.hasPassword("hank")).isFalse();
    assertThat(signIn.register("hank", NEW, ctx).isValid()).isTrue();
    assertThat(signIn.signIn("hank", NEW, HOME)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(signIn.register("ivy", "password", null).isValid()).isFalse();
  }
}
