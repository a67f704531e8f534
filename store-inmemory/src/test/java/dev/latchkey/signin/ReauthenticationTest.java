package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyCreateResult;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.connected.ConnectedAccountLinkResult;
import dev.latchkey.connected.ConnectedAccountUnlinkResult;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.limits.Factor;
import dev.latchkey.password.PasswordSetResult;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.RecentAuthentication;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.totp.DisableResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 3: sensitive actions need a recent authentication. A session that signed in more
 * than the window ago (10 minutes by default) gets a typed {@code ReauthenticationRequired} from
 * each sensitive call, with nothing changed and nothing counted; re-entering the password or a code
 * ({@link Reauthenticator}, attempt-limited like sign-in) raises its authentication time and the
 * call goes through.
 */
class ReauthenticationTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final Duration STALE = RecentAuthentication.DEFAULT_WINDOW.plusSeconds(1);

  private final TwoFactorFixture f = TwoFactorFixture.create();
  private final Reauthenticator reauth = f.latchkey.reauthenticator();

  /** A session of {@code account} that signed in longer ago than the default window. */
  private ValidatedSession stale(String account) {
    ValidatedSession s = f.session(account);
    f.clock.advance(STALE);
    return s;
  }

  private static ApiKeySpec key(Permission permission) {
    return ApiKeySpec.builder().name("ci").permission(permission).build();
  }

  private boolean counted(Factor factor, String account) {
    return f.stores.attempts().find(factor.code(), "account:" + account).isPresent();
  }

  // ---- API keys ---------------------------------------------------------------------------------

  @Test
  void aStaleSessionMustReauthenticateBeforeCreatingAPowerfulApiKey() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    ValidatedSession s = stale("alice");
    for (Permission powerful : new Permission[] {Permission.READ_WRITE, Permission.ADMIN}) {
      assertThat(f.latchkey.apiKeys().create(s, key(powerful)))
          .isEqualTo(new ApiKeyCreateResult.ReauthenticationRequired());
    }
    ApiKeySpec scoped = ApiKeySpec.builder().name("ci").scopes("messages:send").build();
    assertThat(f.latchkey.apiKeys().create(s, scoped).code())
        .isEqualTo("reauthentication_required");
    assertThat(f.latchkey.apiKeys().list("alice")).isEmpty();
    // A read-only key without scopes reads nothing it could not already read: no re-entry needed.
    assertThat(f.latchkey.apiKeys().create(s, key(Permission.READ_ONLY)))
        .isInstanceOf(ApiKeyCreateResult.Created.class);

    assertThat(reauth.withPassword(s, PASSWORD, HOME))
        .isEqualTo(new ReauthenticationResult.Reauthenticated(f.clock.instant()));
    ValidatedSession raised = f.revalidate(s);
    assertThat(raised.authenticatedAt()).isEqualTo(f.clock.instant());
    ApiKeyCreateResult admin = f.latchkey.apiKeys().create(raised, key(Permission.ADMIN));
    assertThat(admin).isInstanceOf(ApiKeyCreateResult.Created.class);
    assertThat(((ApiKeyCreateResult.Created) admin).key().info().permission())
        .isEqualTo(Permission.ADMIN);
  }

  @Test
  void aFreshSignInNeedsNoReauthentication() {
    ValidatedSession s = f.session("alice");
    f.clock.advance(RecentAuthentication.DEFAULT_WINDOW);
    assertThat(f.latchkey.apiKeys().create(s, key(Permission.ADMIN)))
        .isInstanceOf(ApiKeyCreateResult.Created.class);
  }

  @Test
  void rotatingAPowerfulKeyNeedsARecentAuthenticationButAReadOnlyOneDoesNot() {
    ValidatedSession fresh = f.session("alice");
    String admin = ((ApiKeyCreateResult.Created) f.latchkey.apiKeys()
        .create(fresh, key(Permission.ADMIN))).key().id();
    String readOnly = ((ApiKeyCreateResult.Created) f.latchkey.apiKeys()
        .create(fresh, key(Permission.READ_ONLY))).key().id();
    f.clock.advance(STALE);
    assertThat(f.latchkey.apiKeys().rotate(fresh, admin, Duration.ZERO))
        .isEqualTo(new ApiKeyRotateResult.ReauthenticationRequired());
    assertThat(f.latchkey.apiKeys().rotate(fresh, readOnly, Duration.ZERO))
        .isInstanceOf(ApiKeyRotateResult.Rotated.class);
    // Another account's key id says nothing either way.
    assertThat(f.latchkey.apiKeys().rotate(f.session("bob"), admin, Duration.ZERO))
        .isEqualTo(new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.NOT_FOUND));
  }

  // ---- two-factor authentication --------------------------------------------------------------

  @Test
  void aStaleSessionCannotDisableTwoFactorAndItsCodeIsNeitherCheckedNorCounted() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    ValidatedSession s = stale("alice");
    String code = f.appCodeNow(on.secret());
    DisableResult r = f.totp().disable(s, code, HOME);
    assertThat(r).isEqualTo(new DisableResult.ReauthenticationRequired());
    assertThat(((DisableResult.ReauthenticationRequired) r).code())
        .isEqualTo("reauthentication_required");
    assertThat(r.isDisabled()).isFalse();
    assertThat(f.totp().isEnabled("alice")).isTrue();
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
    assertThat(f.totp().disable(s, on.backupCodes().codes().get(0), HOME))
        .isEqualTo(new DisableResult.ReauthenticationRequired());
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);

    assertThat(reauth.withCode(s, on.backupCodes().codes().get(1), HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(f.totp().disable(f.revalidate(s), code, HOME).isDisabled()).isTrue();
  }

  @Test
  void aMultiFactorDisableCountsTheLastAuthenticationNotTheSessionsCreation() {
    f.enable("alice");
    ValidatedSession mfa = session("alice", Assurance.MULTI_FACTOR);
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(f.totp().disable(mfa, Duration.ofMinutes(5)))
        .isEqualTo(new DisableResult.ReauthenticationRequired());
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    // setPassword is a reset: it ended the session. Sign in again, wait, re-authenticate.
    ValidatedSession again = session("alice", Assurance.MULTI_FACTOR);
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(reauth.withPassword(again, PASSWORD, HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(f.totp().disable(f.revalidate(again), Duration.ofMinutes(5)).isDisabled())
        .isTrue();
  }

  @Test
  void aStaleSessionCannotRegenerateBackupCodes() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    ValidatedSession s = stale("alice");
    assertThat(f.totp().regenerateBackupCodes(s, f.appCodeNow(on.secret()), HOME))
        .isEqualTo(new RegenerateResult.ReauthenticationRequired());
    assertThat(f.backupCodes().regenerate(s))
        .isEqualTo(new RegenerateResult.ReauthenticationRequired());
    assertThat(counted(Factor.TOTP, "alice")).isFalse();
    // The old codes still work: nothing changed.
    assertThat(f.backupCodes().consume("alice", on.backupCodes().codes().get(0), HOME)
        .isConsumed()).isTrue();
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(reauth.withCode(s, f.appCodeNow(on.secret()), HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(f.backupCodes().regenerate(f.revalidate(s)))
        .isInstanceOf(RegenerateResult.Regenerated.class);
  }

  // ---- sign-in methods --------------------------------------------------------------------------

  @Test
  void aStaleSessionCannotLinkOrUnlinkASignInMethod() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    f.latchkey.connectedAccounts().link("alice", "github", "583231", null);
    ValidatedSession s = stale("alice");
    assertThat(f.latchkey.connectedAccounts().unlink(s, "github"))
        .isEqualTo(new ConnectedAccountUnlinkResult.ReauthenticationRequired());
    assertThat(f.latchkey.connectedAccounts().link(s, "google", "g-1", null))
        .isEqualTo(new ConnectedAccountLinkResult.ReauthenticationRequired());
    assertThat(f.latchkey.connectedAccounts().list("alice")).hasSize(1);
    assertThat(reauth.withPassword(s, PASSWORD, HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(f.latchkey.connectedAccounts().unlink(f.revalidate(s), "github"))
        .isInstanceOf(ConnectedAccountUnlinkResult.Unlinked.class);
  }

  @Test
  void settingAFirstPasswordCountsTheLastAuthenticationToo() {
    f.enable("gina");
    ValidatedSession s = f.session("gina");
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(f.latchkey.passwords().set(s, "Battery-staple-42!", null, HOME)).isEqualTo(
        new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.REAUTHENTICATION_REQUIRED));
    // A provider-only account has no password to re-enter, but a code will do.
    assertThat(reauth.withPassword(s, "anything", HOME))
        .isEqualTo(new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.NO_PASSWORD));
  }

  // ---- the re-authentication call ---------------------------------------------------------------

  @Test
  void wrongPasswordsAreCountedOnTheSignInCounterAndTheSixthIsLocked() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    ValidatedSession s = stale("alice");
    for (int i = 0; i < 5; i++) {
      assertThat(reauth.withPassword(s, "guess-" + i, STRANGER)).isEqualTo(
          new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_PASSWORD));
    }
    ReauthenticationResult sixth = reauth.withPassword(s, PASSWORD, STRANGER);
    assertThat(sixth).isInstanceOf(ReauthenticationResult.Locked.class);
    assertThat(((ReauthenticationResult.Locked) sixth).retryAfterSeconds()).isEqualTo(30);
    assertThat(sixth.code()).isEqualTo("too_many_attempts");
    // One allowance for the account, as at the sign-in form: a stolen session gets no extra.
    assertThat(f.latchkey.signIn().signIn("alice", PASSWORD, HOME))
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(f.latchkey.apiKeys().create(s, key(Permission.ADMIN)))
        .isEqualTo(new ApiKeyCreateResult.ReauthenticationRequired());
  }

  @Test
  void aTotpCodeReauthenticatesOnceAndABackupCodeIsSpent() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    ValidatedSession s = stale("alice");
    String code = f.appCodeNow(on.secret());
    assertThat(reauth.withCode(s, code, HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(reauth.withCode(s, code, HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE));
    String backup = on.backupCodes().codes().get(3);
    assertThat(reauth.withCode(s, backup.toUpperCase(), HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(9);
    assertThat(reauth.withCode(s, backup, HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE));
    assertThat(reauth.withCode(s, "not a code", HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE));
    assertThat(reauth.withCode(s, null, HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE));
  }

  @Test
  void wrongCodesAreLimitedLikeAtSignIn() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    ValidatedSession s = stale("alice");
    String wrong = f.wrongCodeNow(on.secret());
    for (int i = 0; i < 5; i++) {
      assertThat(reauth.withCode(s, wrong, STRANGER).code()).isEqualTo("invalid_code");
    }
    assertThat(reauth.withCode(s, f.appCodeNow(on.secret()), STRANGER))
        .isInstanceOf(ReauthenticationResult.Locked.class);
  }

  @Test
  void aRevokedSessionIsNotRaised() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    ValidatedSession s = stale("alice");
    f.latchkey.sessions().revokeAll("alice");
    assertThat(reauth.withPassword(s, PASSWORD, HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.SESSION_ENDED));
    assertThat(f.stores.sessions().findById(s.sessionId()).orElseThrow().authenticatedAt())
        .isEqualTo(s.authenticatedAt());
  }

  @Test
  void withoutTwoFactorCodesAreRefusedAndPasswordsWork() {
    MutableClock clock = new MutableClock(TwoFactorFixture.START);
    Latchkey plain = Latchkey.builder().stores(InMemoryStores.create()).clock(clock).build();
    plain.signIn().setPassword("alice", PASSWORD);
    String token = plain.sessions().create("alice", HOME).token().reveal();
    ValidatedSession s = ((dev.latchkey.session.SessionValidation.Valid) plain.sessions()
        .validate(token)).session();
    assertThat(plain.reauthenticator().withCode(s, "123456", HOME)).isEqualTo(
        new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE));
    assertThat(plain.reauthenticator().withPassword(s, PASSWORD, HOME))
        .isInstanceOf(ReauthenticationResult.Reauthenticated.class);
  }

  @Test
  void reauthenticationIsRecordedWithItsMethodAndNeverTheSecret() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    ValidatedSession s = stale("alice");
    f.events.clear();
    reauth.withPassword(s, "Wrong-guess-1", HOME);
    reauth.withPassword(s, PASSWORD, HOME);
    assertThat(f.events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.SIGN_IN_FAILED, SecurityEventType.SESSION_REAUTHENTICATED);
    assertThat(f.events.get(0).details())
        .containsEntry("factor", "password").containsEntry("step", "reauthentication");
    assertThat(f.events.get(1).details()).containsEntry("method", "password");
    assertThat(f.events.get(1).sessionId()).isEqualTo(s.sessionId());
    assertThat(f.events.toString()).doesNotContain(PASSWORD).doesNotContain("Wrong-guess-1");
  }

  // ---- the rule ---------------------------------------------------------------------------------

  @Test
  void windowsArePerActionAndHostsCheckTheirOwnActions() {
    TwoFactorFixture g = TwoFactorFixture.create(b -> b.sessionSettings(SessionSettings.builder()
        .recentAuthentication(RecentAuthentication.builder()
            .window(Duration.ofMinutes(30))
            .window(SensitiveAction.DISABLE_TWO_FACTOR, Duration.ofMinutes(2)).build())
        .build()));
    TwoFactorFixture.Enabled on = g.enable("alice");
    ValidatedSession s = g.session("alice");
    g.clock.advance(Duration.ofMinutes(3));
    assertThat(g.totp().disable(s, g.appCodeNow(on.secret()), HOME))
        .isEqualTo(new DisableResult.ReauthenticationRequired());
    assertThat(g.latchkey.apiKeys().create(s, key(Permission.ADMIN)))
        .isInstanceOf(ApiKeyCreateResult.Created.class);
    assertThat(g.latchkey.sessions().isRecentlyAuthenticated(s, SensitiveAction.CHANGE_EMAIL))
        .isTrue();
    g.clock.advance(Duration.ofMinutes(28));
    assertThat(g.latchkey.sessions().isRecentlyAuthenticated(s, SensitiveAction.CHANGE_EMAIL))
        .isFalse();
  }

  private ValidatedSession session(String account, Assurance assurance) {
    return f.session(account, assurance);
  }
}
