package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.Factor;
import dev.latchkey.password.PasswordChangeResult;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.RecordingStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordResetsTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String NEW_PASSWORD = "Battery-staple-42";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Firefox/128.0");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();
  static final RecoverySettings SETTINGS =
      RecoverySettings.builder(URI.create("https://app.example.com")).build();

  private final RecordingStores stores = new RecordingStores();
  private final DevOutbox outbox = DevOutbox.create(java.time.Clock.systemUTC());
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.stores(stores)
      .oneTimeCodeStore(InMemoryStores.create().oneTimeCodes()).passwordHashing(FAST)
      .messageSender(outbox).recoverySettings(SETTINGS));
  private final PasswordResets resets = f.latchkey.passwordResets();

  private String linkTo(String address) {
    var d = outbox.latestTo(address).orElseThrow();
    assertThat(d.message().purpose()).isEqualTo(MessagePurpose.PASSWORD_RESET_LINK);
    return d.message().content().reveal();
  }

  private static String tokenOf(String link) {
    assertThat(link).startsWith("https://app.example.com/reset-password?token=");
    return link.substring(link.indexOf("token=") + 6);
  }

  private String requestAndRead(String account, String address) {
    assertThat(resets.request(account, address, CLIENT, Locale.ENGLISH))
        .isEqualTo(new ResetRequestResult.Accepted());
    return tokenOf(linkTo(dev.latchkey.delivery.Destinations.normalizeEmail(address).orElseThrow()));
  }

  @Test
  void resetFromTheLinkSetsThePasswordAndSignsOutEverywhere() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    ValidatedSession one = f.session("alice");
    ValidatedSession two = f.session("alice");
    String token = requestAndRead("alice", "Alice@Example.COM");
    assertThat(outbox.latestTo("Alice@example.com")).isPresent();
    assertThat(resets.inspect(token)).hasValueSatisfying(l -> {
      assertThat(l.secondFactorRequired()).isFalse();
      assertThat(l.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(30)));
    });

    PasswordResetResult r = resets.complete(token, NEW_PASSWORD, null, null, CLIENT);

    assertThat(r).isEqualTo(new PasswordResetResult.Reset("alice", 2));
    assertThat(f.latchkey.sessions().list("alice", null)).isEmpty();
    assertThat(f.latchkey.sessions().validate(f.latchkey.sessions().create("bob", CLIENT).token()
        .reveal())).isInstanceOf(SessionValidation.Valid.class);
    assertThat(f.latchkey.signIn().signIn("alice", PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.Rejected.class);
    assertThat(f.latchkey.signIn().signIn("alice", NEW_PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(f.events).filteredOn(e -> e.type() == SecurityEventType.PASSWORD_RESET)
        .singleElement().satisfies(e -> {
          assertThat(e.accountId()).isEqualTo("alice");
          assertThat(e.details()).containsEntry("other_sessions_ended", "2");
        });
    assertThat(one.sessionId()).isNotEqualTo(two.sessionId());
  }

  @Test
  void aLinkWorksOnceAndDiesWhenThePasswordChangesOrANewOneIsSent() {
    f.latchkey.signIn().setPassword("bob", PASSWORD);
    String used = requestAndRead("bob", "bob@example.com");
    assertThat(resets.complete(used, NEW_PASSWORD, null, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
    assertThat(resets.complete(used, "Another-pass-77", null, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN));

    String old = requestAndRead("bob", "bob@example.com");
    ValidatedSession s = f.session("bob");
    assertThat(f.latchkey.passwords().change(s, NEW_PASSWORD, "Changed-meanwhile-5", null, CLIENT))
        .isInstanceOf(PasswordChangeResult.Changed.class);
    assertThat(resets.inspect(old)).isEmpty();
    assertThat(resets.complete(old, "Another-pass-77", null, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.PASSWORD_CHANGED));

    String first = requestAndRead("bob", "bob@example.com");
    String second = requestAndRead("bob", "bob@example.com");
    assertThat(resets.complete(first, "Another-pass-77", null, null, CLIENT))
        .as("replaced by the newer link")
        .isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(resets.complete(second, "Another-pass-77", null, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
  }

  @Test
  void aLinkExpiresAfterThirtyMinutes() {
    f.latchkey.signIn().setPassword("carol", PASSWORD);
    String token = requestAndRead("carol", "carol@example.com");
    f.clock.advance(Duration.ofMinutes(30));
    assertThat(resets.complete(token, NEW_PASSWORD, null, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.EXPIRED));
  }

  @Test
  void aWeakPasswordOrAMissingOrWrongCodeLeavesTheLinkWorking() {
    f.latchkey.signIn().setPassword("dave", PASSWORD);
    TwoFactorFixture.Enabled enabled = f.enable("dave");
    String token = requestAndRead("dave", "dave@example.com");
    assertThat(resets.inspect(token)).hasValueSatisfying(
        l -> assertThat(l.secondFactorRequired()).isTrue());

    PasswordResetResult weak = resets.complete(token, "short", null, null, CLIENT);
    assertThat(weak).isInstanceOf(PasswordResetResult.PasswordRejected.class);
    assertThat(((PasswordResetResult.PasswordRejected) weak).validation().violations())
        .isNotEmpty();
    assertThat(resets.complete(token, NEW_PASSWORD, null, null, CLIENT))
        .isEqualTo(new PasswordResetResult.SecondFactorRequired());
    assertThat(resets.complete(token, NEW_PASSWORD, f.wrongCodeNow(enabled.secret()), null,
        CLIENT)).isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.complete(token, NEW_PASSWORD, "aaaa-bbbb-cccc-dddd", null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidSecondFactor());

    assertThat(resets.complete(token, NEW_PASSWORD, f.appCodeNow(enabled.secret()), null, CLIENT))
        .isEqualTo(new PasswordResetResult.Reset("dave", 0));
    assertThat(f.events).filteredOn(e -> e.type() == SecurityEventType.PASSWORD_RESET)
        .singleElement().satisfies(e -> assertThat(e.details())
            .containsEntry("second_factor", "totp"));
  }

  @Test
  void aBackupCodeAlsoCompletesATwoFactorReset() {
    f.latchkey.signIn().setPassword("erin", PASSWORD);
    TwoFactorFixture.Enabled enabled = f.enable("erin");
    String token = requestAndRead("erin", "erin@example.com");
    String backup = enabled.backupCodes().codes().get(0);
    assertThat(resets.complete(token, NEW_PASSWORD, backup, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
    assertThat(f.backupCodes().remaining("erin")).isEqualTo(9);
  }

  @Test
  void wrongSecondFactorCodesAreAttemptLimited() {
    f.latchkey.signIn().setPassword("frank", PASSWORD);
    TwoFactorFixture.Enabled enabled = f.enable("frank");
    String token = requestAndRead("frank", "frank@example.com");
    PasswordResetResult last = null;
    for (int i = 0; i < 12 && !(last instanceof PasswordResetResult.Locked); i++) {
      last = resets.complete(token, NEW_PASSWORD, f.wrongCodeNow(enabled.secret()), null, CLIENT);
    }
    assertThat(last).isInstanceOf(PasswordResetResult.Locked.class);
    assertThat(((PasswordResetResult.Locked) last).retryAfterSeconds()).isPositive();
    assertThat(resets.complete(token, NEW_PASSWORD, f.appCodeNow(enabled.secret()), null, CLIENT))
        .as("locked: the right code is not even checked")
        .isInstanceOf(PasswordResetResult.Locked.class);
    assertThat(resets.inspect(token)).as("the link still works").isPresent();
  }

  @Test
  void aResetClearsThePasswordLockout() {
    f.latchkey.signIn().setPassword("gina", PASSWORD);
    for (int i = 0; i < 12; i++) {
      f.latchkey.signIn().signIn("gina", "wrong-" + i, CLIENT);
    }
    assertThat(f.latchkey.signIn().signIn("gina", PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.Locked.class);
    String token = requestAndRead("gina", "gina@example.com");
    assertThat(resets.complete(token, NEW_PASSWORD, null, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
    assertThat(f.latchkey.attemptLimiter().lockedNow(Factor.PASSWORD, "gina")).isEmpty();
    assertThat(f.latchkey.signIn().signIn("gina", NEW_PASSWORD,
        new ClientInfo("198.51.100.20", "Firefox/128.0")))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  /**
   * An unknown address answers the same and does the same store work as a known one, call by
   * call (counted with recording store wrappers); only the message is not sent.
   */
  @Test
  void anUnknownAddressCostsTheSameStoreCallsAndAnswersTheSame() {
    f.latchkey.signIn().setPassword("hana", PASSWORD);
    for (int i = 0; i < 3; i++) {
      stores.takeCalls();
      ResetRequestResult known = resets.request("hana", "hana@example.com",
          new ClientInfo("203.0.113.30", "x"), null);
      List<String> knownCalls = stores.takeCalls();
      ResetRequestResult unknown = resets.request(null, "nobody@example.com",
          new ClientInfo("203.0.113.31", "x"), null);
      List<String> unknownCalls = stores.takeCalls();
      assertThat(unknown).isEqualTo(known).isEqualTo(new ResetRequestResult.Accepted());
      assertThat(unknownCalls).containsExactlyElementsOf(knownCalls);
      assertThat(knownCalls).contains("CredentialStore.find", "AccountTokenStore.revoke",
          "AccountTokenStore.issue", "AttemptStore.compareAndSet");
    }
    assertThat(outbox.latestTo("nobody@example.com")).isEmpty();
    assertThat(outbox.messages()).hasSize(3);
  }

  @Test
  void requestsAreSendLimitedPerAddressAndPerClientTheSameForUnknownAddresses() {
    ResetRequestResult last = null;
    for (int i = 0; i < 6; i++) {
      last = resets.request(null, "nobody@example.com", new ClientInfo("203.0.113." + i, "x"),
          null);
    }
    assertThat(last).isInstanceOf(ResetRequestResult.RateLimited.class);
    assertThat(((ResetRequestResult.RateLimited) last).limit()).isEqualTo(LinkSendLimit.ADDRESS);
    for (int i = 0; i < 21; i++) {
      last = resets.request(null, "n" + i + "@example.com", CLIENT, null);
    }
    assertThat(last).isInstanceOf(ResetRequestResult.RateLimited.class);
    assertThat(((ResetRequestResult.RateLimited) last).limit()).isEqualTo(LinkSendLimit.CLIENT);
    assertThat(resets.request(null, "not an address", CLIENT, null))
        .isEqualTo(new ResetRequestResult.InvalidEmail());
  }

  @Test
  void aDecoyRowCannotBeUsedAsALink() {
    resets.request(null, "nobody@example.com", CLIENT, null);
    assertThat(stores.unwrapped().accountTokens().revoke(AccountTokenRecord.DECOY_ACCOUNT_ID,
        AccountTokenRecord.PASSWORD_RESET)).isEqualTo(1);
  }

  /** Of many concurrent resets with one link, exactly one sets its password. */
  @Test
  void concurrentResetsWithOneLinkHaveOneWinner() throws Exception {
    f.latchkey.signIn().setPassword("ivan", PASSWORD);
    String token = requestAndRead("ivan", "ivan@example.com");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PasswordResetResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String pw = "Parallel-pass-" + (100 + i);
        results.add(pool.submit(() -> {
          start.await();
          return resets.complete(token, pw, null, null, CLIENT);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<PasswordResetResult> r : results) {
        wins += r.get(60, TimeUnit.SECONDS) instanceof PasswordResetResult.Reset ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theAttemptDecisionTypeIsUntouched() {
    // The reset counts codes through the TOTP and backup-code services: no limiter of its own
    // that could drift from theirs.
    assertThat(f.latchkey.attemptLimiter().tryAttempt(Factor.TOTP, "nobody", null))
        .isInstanceOf(AttemptDecision.Permitted.class);
  }
}
