package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.totp.ConfirmResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host's two-factor requirement: grace period, enrollment-only sessions, every path. */
class TwoFactorEnforcementTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final Instant GRACE_ENDS = TwoFactorFixture.START.plus(Duration.ofDays(7));

  /** Admins must have 2FA now; members after a week; guests never. */
  private static final TwoFactorRequirement RULE = account -> switch (account) {
    case "admin" -> TwoFactorRequirement.Requirement.required();
    case "member" -> TwoFactorRequirement.Requirement.requiredAfter(GRACE_ENDS);
    default -> TwoFactorRequirement.Requirement.notRequired();
  };

  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.twoFactorRequirement(RULE));
  private final SignInService signIn = f.latchkey.signIn();

  {
    for (String account : Set.of("admin", "member", "guest")) {
      signIn.setPassword(account, PASSWORD);
    }
  }

  private ValidatedSession validate(NewSession s) {
    SessionValidation v = f.latchkey.sessions().validate(s.token().reveal());
    assertThat(v.isValid()).isTrue();
    return ((SessionValidation.Valid) v).session();
  }

  @Test
  void anAccountThatNeedNotHaveTwoFactorSignsInNormally() {
    SignInResult r = signIn.signIn("guest", PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) r).twoFactorEnrollmentDueBy()).isEmpty();
    assertThat(validate(((SignInResult.SignedIn) r).session()).isFullyAuthenticated()).isTrue();
  }

  @Test
  void duringTheGracePeriodSignInSucceedsAndSaysWhenEnrolmentIsDue() {
    SignInResult r = signIn.signIn("member", PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    SignInResult.SignedIn in = (SignInResult.SignedIn) r;
    assertThat(in.twoFactorEnrollmentDueBy()).contains(GRACE_ENDS);
    assertThat(in.toString()).contains("twoFactorEnrollmentDueBy").doesNotContain(
        in.session().token().reveal());
    ValidatedSession s = validate(in.session());
    assertThat(s.assurance()).isEqualTo(Assurance.SINGLE_FACTOR);
    assertThat(s.isFullyAuthenticated()).isTrue();
    assertThat(s.enrollmentOnly()).isFalse();
  }

  @Test
  void afterTheGracePeriodTheSessionIsEnrollmentOnly() {
    f.clock.set(GRACE_ENDS);
    SignInResult r = signIn.signIn("member", PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.EnrollmentRequired.class);
    assertThat(r.toString()).doesNotContain(
        ((SignInResult.EnrollmentRequired) r).session().token().reveal());
  }

  @Test
  void aRequiredAccountWithoutTwoFactorGetsARestrictedSessionThatValidates() {
    SignInResult r = signIn.signIn("admin", PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.EnrollmentRequired.class);
    NewSession restricted = ((SignInResult.EnrollmentRequired) r).session();
    assertThat(restricted.assurance()).isEqualTo(Assurance.ENROLLMENT_ONLY);
    ValidatedSession s = validate(restricted);
    assertThat(s.enrollmentOnly()).isTrue();
    assertThat(s.isFullyAuthenticated()).isFalse();
    assertThat(s.assurance()).isEqualTo(Assurance.ENROLLMENT_ONLY);
    // It is listed (the user can see and end it) and recorded as a restricted sign-in.
    assertThat(f.latchkey.sessions().list(s)).singleElement()
        .satisfies(info -> assertThat(info.assurance()).isEqualTo(Assurance.ENROLLMENT_ONLY));
    SecurityEvent e = f.events.get(f.events.size() - 1);
    assertThat(e.type()).isEqualTo(SecurityEventType.SIGN_IN_SUCCEEDED);
    assertThat(e.details()).containsEntry("restricted", "enrollment_only");
    // Disabling 2FA by recent authentication needs a multi-factor session, not this one.
    assertThat(s.assurance()).isNotEqualTo(Assurance.MULTI_FACTOR);
  }

  @Test
  void aWrongPasswordIsStillRejectedForARequiredAccount() {
    assertThat(signIn.signIn("admin", "wrong", HOME))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS));
  }

  @Test
  void enrollingWithTheRestrictedSessionRekeysItIntoAFullSession() {
    NewSession restricted =
        ((SignInResult.EnrollmentRequired) signIn.signIn("admin", PASSWORD, HOME)).session();
    ValidatedSession s = validate(restricted);
    String secret = f.begin(s.accountId()).secret().reveal();
    ConfirmResult confirmed = f.totp().confirm(s, f.appCodeNow(secret), HOME);
    assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
    // The confirmation itself re-keyed the session: no separate rotate call, none needed.
    NewSession full =
        ((ConfirmResult.Confirmed) confirmed).sessions().newSession().orElseThrow();
    assertThat(full.id()).isEqualTo(restricted.id());
    ValidatedSession upgraded = validate(full);
    assertThat(upgraded.isFullyAuthenticated()).isTrue();
    assertThat(upgraded.assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    assertThat(f.latchkey.sessions().validate(restricted.token().reveal()).isValid()).isFalse();
    // From now on the account signs in with its second factor.
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(signIn.signIn("admin", PASSWORD, HOME))
        .isInstanceOf(SignInResult.SecondFactorRequired.class);
  }

  @Test
  void anAccountThatAlreadyHasTwoFactorGetsItsChallengeAsUsual() {
    TwoFactorFixture.Enabled on = f.enable("admin");
    SignInResult r = signIn.signIn("admin", PASSWORD, HOME);
    String challenge = ((SignInResult.SecondFactorRequired) r).challenge().reveal();
    SignInResult done = signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), HOME);
    assertThat(done).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) done).twoFactorEnrollmentDueBy()).isEmpty();
    assertThat(validate(((SignInResult.SignedIn) done).session()).assurance())
        .isEqualTo(Assurance.MULTI_FACTOR);
  }

  @Test
  void providerSignInsHonourTheRequirementToo() {
    assertThat(signIn.signInVerified("admin", "github", HOME))
        .isInstanceOf(SignInResult.EnrollmentRequired.class);
    SignInResult member = signIn.signInVerified("member", "google", HOME);
    assertThat(((SignInResult.SignedIn) member).twoFactorEnrollmentDueBy()).contains(GRACE_ENDS);
    assertThat(f.events.get(f.events.size() - 1).details()).containsEntry("method", "google");
    f.enable("guest");
    assertThat(signIn.signInVerified("guest", "google", HOME))
        .isInstanceOf(SignInResult.SecondFactorRequired.class);
    assertThatThrownBy(() -> signIn.signInVerified("guest", "Not A Method", HOME))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequirementWithoutTwoFactorConfiguredFailsAtBuild() {
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create())
        .twoFactorRequirement(TwoFactorRequirement.always()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("keyRing");
  }

  @Test
  void aRuleReturningNullFailsTheSignInWithoutASession() {
    TwoFactorFixture broken = TwoFactorFixture.create(b -> b.twoFactorRequirement(a -> null));
    broken.latchkey.signIn().setPassword("x", PASSWORD);
    assertThatThrownBy(() -> broken.latchkey.signIn().signIn("x", PASSWORD, HOME))
        .isInstanceOf(NullPointerException.class);
    assertThat(broken.latchkey.sessions().list("x", null)).isEmpty();
  }
}
