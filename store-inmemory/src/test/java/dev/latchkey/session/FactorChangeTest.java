package dev.latchkey.session;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.connected.ConnectedAccountLinkResult;
import dev.latchkey.connected.ConnectedAccountUnlinkResult;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.password.PasswordChangeResult;
import dev.latchkey.password.PasswordSetResult;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.DisableResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 2: every change of a factor ends every other session of the account (a stolen one
 * included) and re-keys the session that made it, whose new token is in the typed result; the
 * change's event says how many sessions ended. Each test has a victim session (the one making the
 * change) and a stolen one (the attacker's copy of another session of the account).
 */
class FactorChangeTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String NEW_PASSWORD = "Battery-staple-42!";

  private final TwoFactorFixture f = TwoFactorFixture.create();
  private final SessionRegistry sessions = f.latchkey.sessions();

  private NewSession signedIn(String account, dev.latchkey.client.ClientInfo client) {
    return sessions.create(account, client);
  }

  private ValidatedSession validated(NewSession s) {
    return f.validated(s.token().reveal());
  }

  /**
   * The stolen session is dead, the victim's old token is dead, the victim's new token works with
   * the same id and expiry, and the change's event counts one ended session.
   */
  private void assertStolenEndedAndVictimRekeyed(NewSession victim, NewSession stolen,
      SessionRenewal renewal, SecurityEventType type) {
    assertThat(renewal.otherSessionsEnded()).isEqualTo(1);
    assertThat(sessions.validate(stolen.token().reveal()))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
    assertThat(sessions.validate(victim.token().reveal()))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.UNKNOWN));
    NewSession renewed = renewal.newSession().orElseThrow();
    assertThat(renewed.id()).isEqualTo(victim.id());
    assertThat(renewed.expiresAt()).isEqualTo(victim.expiresAt());
    assertThat(renewed.token().reveal()).isNotEqualTo(victim.token().reveal());
    assertThat(sessions.validate(renewed.token().reveal()).isValid()).isTrue();
    assertThat(renewal.toString()).doesNotContain(renewed.token().reveal());
    List<SecurityEvent> ofType = f.events.stream().filter(e -> e.type() == type).toList();
    assertThat(ofType).last().satisfies(e -> {
      assertThat(e.details()).containsEntry("other_sessions_ended", "1");
      assertThat(e.sessionId()).isEqualTo(victim.id());
    });
  }

  @Test
  void enablingTwoFactorEndsTheOtherSessionsAndRekeysTheCurrentOneAsMultiFactor() {
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    String secret = f.begin("alice").secret().reveal();
    ConfirmResult r = f.totp().confirm(validated(victim), f.appCodeNow(secret), HOME);
    SessionRenewal renewal = ((ConfirmResult.Confirmed) r).sessions();
    assertStolenEndedAndVictimRekeyed(victim, stolen, renewal, SecurityEventType.TOTP_ENABLED);
    assertThat(renewal.newSession().orElseThrow().assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    assertThat(validated(renewal.newSession().orElseThrow()).assurance())
        .isEqualTo(Assurance.MULTI_FACTOR);
  }

  /** The demo's finding: a stolen session survived 2FA being switched off, then minted a key. */
  @Test
  void disablingTwoFactorEndsTheStolenSessionSoItCanMintNothing() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    DisableResult r = f.totp().disable(validated(victim), f.appCodeNow(on.secret()), HOME);
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((DisableResult.Disabled) r).sessions(),
        SecurityEventType.TOTP_DISABLED);
    // The host validates every request: the stolen cookie no longer gets a ValidatedSession, so
    // nothing (an API key, a new factor) can be done with it.
    assertThat(sessions.validate(stolen.token().reveal()).isValid()).isFalse();
  }

  @Test
  void disablingTwoFactorOnARecentMultiFactorSessionEndsTheOthersToo() {
    f.enable("alice");
    NewSession victim = sessions.create("alice", HOME, Assurance.MULTI_FACTOR);
    NewSession stolen = signedIn("alice", STRANGER);
    DisableResult r = f.totp().disable(validated(victim), Duration.ofMinutes(5));
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((DisableResult.Disabled) r).sessions(),
        SecurityEventType.TOTP_DISABLED);
  }

  @Test
  void regeneratingBackupCodesWithACodeEndsTheOtherSessions() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    RegenerateResult r =
        f.totp().regenerateBackupCodes(validated(victim), f.appCodeNow(on.secret()), HOME);
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((RegenerateResult.Regenerated) r).sessions(),
        SecurityEventType.BACKUP_CODES_REGENERATED);
  }

  @Test
  void regeneratingBackupCodesWithARecentSessionEndsTheOtherSessions() {
    f.enable("alice");
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    RegenerateResult r = f.backupCodes().regenerate(validated(victim));
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((RegenerateResult.Regenerated) r).sessions(),
        SecurityEventType.BACKUP_CODES_REGENERATED);
  }

  @Test
  void linkingASignInMethodEndsTheOtherSessions() {
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    ConnectedAccountLinkResult r = f.latchkey.connectedAccounts()
        .link(validated(victim), "github", "583231", null);
    assertStolenEndedAndVictimRekeyed(victim, stolen,
        ((ConnectedAccountLinkResult.Linked) r).sessions(),
        SecurityEventType.CONNECTED_ACCOUNT_ADDED);
  }

  @Test
  void unlinkingASignInMethodEndsTheOtherSessions() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    f.latchkey.connectedAccounts().link("alice", "github", "583231", null);
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    ConnectedAccountUnlinkResult r =
        f.latchkey.connectedAccounts().unlink(validated(victim), "github");
    assertStolenEndedAndVictimRekeyed(victim, stolen,
        ((ConnectedAccountUnlinkResult.Unlinked) r).sessions(),
        SecurityEventType.CONNECTED_ACCOUNT_REMOVED);
  }

  @Test
  void changingThePasswordEndsTheOtherSessionsAndRekeysTheCurrentOne() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    PasswordChangeResult r = f.latchkey.passwords().change(validated(victim), PASSWORD,
        NEW_PASSWORD, null, HOME);
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((PasswordChangeResult.Changed) r).sessions(),
        SecurityEventType.PASSWORD_CHANGED);
  }

  @Test
  void settingAFirstPasswordEndsTheOtherSessions() {
    NewSession victim = signedIn("gina", HOME);
    NewSession stolen = signedIn("gina", STRANGER);
    PasswordSetResult r = f.latchkey.passwords().set(validated(victim), NEW_PASSWORD, null, HOME);
    assertStolenEndedAndVictimRekeyed(victim, stolen, ((PasswordSetResult.Set) r).sessions(),
        SecurityEventType.PASSWORD_SET);
  }

  @Test
  void otherAccountsKeepTheirSessions() {
    NewSession victim = signedIn("alice", HOME);
    NewSession bob = signedIn("bob", HOME);
    f.latchkey.connectedAccounts().link(validated(victim), "github", "583231", null);
    assertThat(sessions.validate(bob.token().reveal()).isValid()).isTrue();
  }

  @Test
  void aChangeOnTheHostsAuthorityEndsEverySessionOfTheAccount() {
    f.enable("alice");
    NewSession one = signedIn("alice", HOME);
    NewSession two = signedIn("alice", STRANGER);
    RegenerateResult r = f.backupCodes().regenerate("alice");
    SessionRenewal renewal = ((RegenerateResult.Regenerated) r).sessions();
    assertThat(renewal.otherSessionsEnded()).isEqualTo(2);
    assertThat(renewal.newSession()).isEmpty();
    assertThat(sessions.validate(one.token().reveal()).isValid()).isFalse();
    assertThat(sessions.validate(two.token().reveal()).isValid()).isFalse();
  }

  @Test
  void keepingOtherSessionsIsANamedWeakerSettingAndTheCurrentOneIsStillRekeyed() {
    TwoFactorFixture keep = TwoFactorFixture.create(b -> b.sessionSettings(
        SessionSettings.builder().keepOtherSessionsOnFactorChange().build()));
    NewSession victim = keep.latchkey.sessions().create("alice", HOME);
    NewSession other = keep.latchkey.sessions().create("alice", STRANGER);
    ConnectedAccountLinkResult r = keep.latchkey.connectedAccounts()
        .link(keep.validated(victim.token().reveal()), "github", "583231", null);
    SessionRenewal renewal = ((ConnectedAccountLinkResult.Linked) r).sessions();
    assertThat(renewal.otherSessionsEnded()).isZero();
    assertThat(keep.latchkey.sessions().validate(other.token().reveal()).isValid()).isTrue();
    assertThat(keep.latchkey.sessions().validate(victim.token().reveal()).isValid()).isFalse();
    assertThat(keep.latchkey.sessions()
        .validate(renewal.newSession().orElseThrow().token().reveal()).isValid()).isTrue();
    assertThat(keep.events).last().satisfies(
        e -> assertThat(e.details()).containsEntry("other_sessions_ended", "0"));
  }

  @Test
  void aSessionRekeyedMeanwhileGetsNoNewTokenButTheOthersStillEnd() {
    NewSession victim = signedIn("alice", HOME);
    NewSession stolen = signedIn("alice", STRANGER);
    ValidatedSession before = validated(victim);
    // Another request of the same browser re-keyed it first (a second factor change, say).
    assertThat(sessions.rotate(victim.token().reveal(), Assurance.SINGLE_FACTOR).code())
        .isEqualTo("rotated");
    SessionRenewal renewal = sessions.afterFactorChange(before);
    assertThat(renewal.newSession()).isEmpty();
    assertThat(renewal.otherSessionsEnded()).isEqualTo(1);
    assertThat(sessions.validate(stolen.token().reveal()).isValid()).isFalse();
  }
}
