package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.LOCATOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.events.EventQuery;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.password.PasswordChangeResult;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.totp.TotpEnrollment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Events never carry secrets, and a listener that throws never breaks anything. */
class SecurityEventHygieneTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String NEW_PASSWORD = "Battery-staple-42!";

  @Test
  void eventsNeverContainThePasswordsCodesTokensOrKeysUsed() {
    TwoFactorFixture f = TwoFactorFixture.create(b -> b.ipLocator(LOCATOR));
    SignInService signIn = f.latchkey.signIn();
    List<String> secrets = new ArrayList<>();
    secrets.add(PASSWORD);
    secrets.add(NEW_PASSWORD);
    secrets.add("Wrong-guess-77");

    signIn.setPassword("alice", PASSWORD);
    signIn.signIn("alice", "Wrong-guess-77", HOME);
    SignInResult.SignedIn in = (SignInResult.SignedIn) signIn.signIn("alice", PASSWORD, HOME);
    String token = in.session().token().reveal();
    secrets.add(token);
    ValidatedSession session =
        ((SessionValidation.Valid) f.latchkey.sessions().validate(token)).session();
    assertThat(f.latchkey.passwords().change(session, PASSWORD, NEW_PASSWORD,
        PasswordContext.empty(), HOME)).isInstanceOf(PasswordChangeResult.Changed.class);

    TotpEnrollment enrollment = f.begin("alice");
    String secret = enrollment.secret().reveal();
    secrets.add(secret);
    String confirmCode = f.appCodeNow(secret);
    secrets.add(confirmCode);
    dev.latchkey.totp.ConfirmResult.Confirmed confirmed =
        (dev.latchkey.totp.ConfirmResult.Confirmed) f.totp().confirm(f.session("alice"), confirmCode, HOME);
    secrets.addAll(confirmed.backupCodes().codes());
    f.clock.advance(Duration.ofSeconds(30));

    SignInResult.SecondFactorRequired challenge =
        (SignInResult.SecondFactorRequired) signIn.signIn("alice", NEW_PASSWORD, HOME);
    secrets.add(challenge.challenge().reveal());
    String wrongCode = f.wrongCodeNow(secret);
    secrets.add(wrongCode);
    signIn.completeSecondFactor(challenge.challenge().reveal(), wrongCode, HOME);
    String backup = confirmed.backupCodes().codes().get(2);
    SignInResult.SignedIn mfa = (SignInResult.SignedIn)
        signIn.completeSecondFactor(challenge.challenge().reveal(), backup, HOME);
    secrets.add(mfa.session().token().reveal());

    CreatedApiKey key = f.latchkey.apiKeys().create("alice", ApiKeySpec.builder().name("ci").build());
    secrets.add(key.key().reveal());
    ApiKeyRotateResult.Rotated rotated =
        (ApiKeyRotateResult.Rotated) f.latchkey.apiKeys().rotate("alice", key.id(), Duration.ZERO);
    secrets.add(rotated.replacement().key().reveal());
    f.latchkey.apiKeys().revokeLeaked(rotated.replacement().key().reveal());
    String regenerated = f.backupCodes().regenerate("alice").toString();
    assertThat(f.latchkey.reauthenticator().withPassword(f.session("alice"), NEW_PASSWORD, HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    String reset = "Reset-after-recovery-31";
    secrets.add(reset);
    signIn.setPassword("alice", reset);
    f.session("alice");
    f.latchkey.sessions().revokeAll("alice");

    List<SecurityEvent> stored =
        f.latchkey.loginHistory().page("alice", EventQuery.firstPage(100)).events();
    assertThat(stored).extracting(SecurityEvent::type).contains(
        SecurityEventType.SIGN_IN_FAILED, SecurityEventType.SIGN_IN_SUCCEEDED,
        SecurityEventType.PASSWORD_CHANGED, SecurityEventType.TOTP_ENABLED,
        SecurityEventType.BACKUP_CODE_USED, SecurityEventType.API_KEY_CREATED,
        SecurityEventType.API_KEY_ROTATED, SecurityEventType.API_KEY_REVOKED,
        SecurityEventType.BACKUP_CODES_REGENERATED, SecurityEventType.SESSION_REVOKED,
        SecurityEventType.SESSION_REAUTHENTICATED, SecurityEventType.PASSWORD_RESET);
    StringBuilder everything = new StringBuilder(regenerated);
    for (SecurityEvent e : stored) {
      everything.append(e).append('\n');
      e.details().forEach((k, v) -> everything.append(k).append('=').append(v).append('\n'));
    }
    f.events.forEach(e -> everything.append(e).append('\n'));
    String text = everything.toString();
    for (String s : secrets) {
      assertThat(text).as("a secret of length %d", s.length()).doesNotContain(s);
      String compact = s.replace("-", "");
      if (compact.length() >= 6) {
        assertThat(text.toLowerCase()).doesNotContain(compact.toLowerCase());
      }
    }
  }

  @Test
  void aListenerThatThrowsNeverFailsASignInAndTheEventIsStillKept() {
    AtomicInteger calls = new AtomicInteger();
    TwoFactorFixture f = TwoFactorFixture.create(b -> b.eventListener(e -> {
      calls.incrementAndGet();
      throw new IllegalStateException("mail server down");
    }));
    SignInService signIn = f.latchkey.signIn();
    signIn.setPassword("alice", PASSWORD);
    assertThat(signIn.signIn("alice", "wrong", HOME)).isInstanceOf(SignInResult.Rejected.class);
    SignInResult r = signIn.signIn("alice", PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    String token = ((SignInResult.SignedIn) r).session().token().reveal();
    assertThat(f.latchkey.sessions().validate(token).isValid()).isTrue();
    ValidatedSession s = ((SessionValidation.Valid) f.latchkey.sessions().validate(token)).session();
    assertThat(f.latchkey.sessions().signOut(s, HOME).isRevoked()).isTrue();
    TwoFactorFixture.Enabled on = f.enable("bob");
    assertThat(on.backupCodes().codes()).hasSize(10);
    assertThat(calls.get()).isEqualTo(4);
    assertThat(f.latchkey.loginHistory().page("alice", EventQuery.firstPage(10)).events())
        .hasSize(3);
  }
}
