package dev.latchkey.connected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.connected.ConnectedAccountLinkResult.Reason;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The service over the in-memory stores: sealed results, codes, validation, the last-method rule. */
class ConnectedAccountsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456789Z");
  private static final String ARGON = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

  private final InMemoryStores stores = InMemoryStores.create();
  private final ConnectedAccountStore store = stores.connectedAccounts();
  private final CredentialStore credentials = stores.credentials();
  private final MutableClock clock = new MutableClock(T0);
  private final RecordingEvents events = new RecordingEvents();
  private final SessionRegistry sessions = SessionRegistry.using(stores.sessions(), clock,
      new SecureRandom(), SessionSettings.defaults(), IpLocator.none());
  private final ConnectedAccounts service = ConnectedAccounts.create(store, credentials, sessions,
      clock,
      SecurityEventRecorder.create(stores.securityEvents(), events, clock, new SecureRandom(),
          DeviceNamer.userAgentParser(), IpLocator.none()));

  /** A session of {@code account} that signed in just now. */
  private ValidatedSession session(String account) {
    String token = sessions.create(account, ClientInfo.unknown()).token().reveal();
    return ((SessionValidation.Valid) sessions.validate(token)).session();
  }

  // Linking.

  @Test
  void linkThenListAndFindAccountSeeIt() {
    ConnectedAccountLinkResult r =
        service.link("acct-1", "google", "109876543210", "ada@example.com");
    ConnectedAccount expected =
        new ConnectedAccount("google", "109876543210", "ada@example.com", T0.plusNanos(-456_789));
    assertThat(r).isInstanceOfSatisfying(ConnectedAccountLinkResult.Linked.class,
        l -> assertThat(l.account()).isEqualTo(expected));
    assertThat(r.isLinked()).isTrue();
    assertThat(r.code()).isEqualTo("linked");
    assertThat(service.list("acct-1")).containsExactly(expected);
    assertThat(service.findAccount("google", "109876543210")).contains("acct-1");
  }

  @Test
  void linkWithoutEmailKeepsNone() {
    assertThat(service.link("acct-1", "github", "583231", null).isLinked()).isTrue();
    assertThat(service.list("acct-1").get(0).email()).isNull();
  }

  @Test
  void linkingTheSameIdentityAgainIsAlreadyLinkedAndChangesNothing() {
    service.link("acct-1", "google", "g-1", "old@example.com");
    clock.advance(Duration.ofMinutes(1));
    ConnectedAccountLinkResult r = service.link("acct-1", "google", "g-1", "new@example.com");
    assertThat(r).isEqualTo(new ConnectedAccountLinkResult.AlreadyLinkedToThisAccount());
    assertThat(r.isLinked()).isFalse();
    assertThat(r.code()).isEqualTo("already_linked");
    assertThat(service.list("acct-1")).singleElement()
        .satisfies(a -> assertThat(a.email()).isEqualTo("old@example.com"));
  }

  @Test
  void anIdentityOfAnotherAccountIsRefusedWithoutSayingWhichAccount() {
    service.link("acct-1", "google", "g-1", null);
    ConnectedAccountLinkResult r = service.link("acct-2", "google", "g-1", null);
    assertThat(r).isEqualTo(new ConnectedAccountLinkResult.LinkedToAnotherAccount());
    assertThat(r.code()).isEqualTo("linked_to_another_account");
    assertThat(r.toString()).doesNotContain("acct-1");
    assertThat(service.list("acct-2")).isEmpty();
    assertThat(service.findAccount("google", "g-1")).contains("acct-1");
  }

  @Test
  void aSecondIdentityAtTheSameProviderIsRefused() {
    service.link("acct-1", "google", "g-1", null);
    ConnectedAccountLinkResult r = service.link("acct-1", "google", "g-2", null);
    assertThat(r).isEqualTo(new ConnectedAccountLinkResult.ProviderAlreadyLinked());
    assertThat(r.code()).isEqualTo("provider_already_linked");
    assertThat(service.findAccount("google", "g-2")).isEmpty();
    assertThat(service.link("acct-1", "github", "g-2", null).isLinked()).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "Google", "GOOGLE", "-google", "_google", "goo gle", "google ",
      "g@", "g.com", "gööгле", "../etc", "abcdefghijklmnopqrstuvwxyz0123456"})
  void aMalformedProviderIsInvalidAndNeverStored(String provider) {
    ConnectedAccountLinkResult r = service.link("acct-1", provider, "s-1", null);
    assertThat(r).isEqualTo(invalid(Reason.INVALID_PROVIDER));
    assertThat(r.code()).isEqualTo("invalid_provider");
    assertThat(service.list("acct-1")).isEmpty();
    assertThat(service.findAccount(provider, "s-1")).isEmpty();
    assertThat(service.unlink(session("acct-1"), provider))
        .isEqualTo(new ConnectedAccountUnlinkResult.NotLinked());
  }

  @ParameterizedTest
  @ValueSource(strings = {"google", "github", "0", "azure-ad", "my_idp", "x",
      "abcdefghijklmnopqrstuvwxyz012345"})
  void aWellFormedProviderIsAccepted(String provider) {
    assertThat(service.link("acct-1", provider, "s-1", null).isLinked()).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "has space", "tab\there", "new\nline", "nul\u0000",
      "caf\u00e9", "\u6771", "\uD83D\uDE80", "\u007f"})
  void aMalformedSubjectIsInvalid(String subject) {
    ConnectedAccountLinkResult r = service.link("acct-1", "google", subject, null);
    assertThat(r).isEqualTo(invalid(Reason.INVALID_SUBJECT));
    assertThat(r.code()).isEqualTo("invalid_subject");
    assertThat(service.findAccount("google", subject)).isEmpty();
  }

  @Test
  void subjectsUpToTheLimitAreAcceptedAndLongerOnesAreNot() {
    String longest = "s".repeat(ConnectedAccounts.MAX_SUBJECT_LENGTH);
    assertThat(service.link("acct-1", "google", longest + "x", null))
        .isEqualTo(invalid(Reason.INVALID_SUBJECT));
    assertThat(service.link("acct-1", "google", longest, null).isLinked()).isTrue();
    assertThat(service.link("acct-2", "github", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", null)
        .isLinked()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "ab", "@example.com", "ada@", "ada example@x.org",
      "ada@example.com ", "ada@exa\nmple.com", "ada@\u0000x.org", "ada\u00a0@x.org",
      "\uD800@x.org"})
  void aMalformedEmailIsInvalid(String email) {
    ConnectedAccountLinkResult r = service.link("acct-1", "google", "g-1", email);
    assertThat(r).isEqualTo(invalid(Reason.INVALID_EMAIL));
    assertThat(r.code()).isEqualTo("invalid_email");
    assertThat(service.list("acct-1")).isEmpty();
  }

  @Test
  void emailsUpToTheLimitAreAcceptedIncludingUnicode() {
    String longest = "a".repeat(64) + "@" + "b".repeat(ConnectedAccounts.MAX_EMAIL_LENGTH - 65);
    assertThat(longest).hasSize(320);
    assertThat(service.link("acct-1", "google", "g-1", longest + "b"))
        .isEqualTo(invalid(Reason.INVALID_EMAIL));
    assertThat(service.link("acct-1", "google", "g-1", longest).isLinked()).isTrue();
    assertThat(service.link("acct-1", "github", "h-1", "用户@例子.广告").isLinked()).isTrue();
    assertThat(service.link("acct-1", "apple", "a-1", "\uD83D\uDE80@x.org").isLinked()).isTrue();
  }

  @Test
  void theProviderIsCheckedFirstThenTheSubjectThenTheEmail() {
    assertThat(service.link("acct-1", "Bad", "", "x")).isEqualTo(
        invalid(Reason.INVALID_PROVIDER));
    assertThat(service.link("acct-1", "google", "", "x")).isEqualTo(
        invalid(Reason.INVALID_SUBJECT));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {""})
  void aMissingAccountIdIsTheHostsMistake(String accountId) {
    assertThatThrownBy(() -> service.link(accountId, "google", "g", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
    assertThatThrownBy(() -> service.unlink((ValidatedSession) null, "google"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> service.list(accountId)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.unlinkAll(accountId))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOverlongAccountIdIsTheHostsMistake() {
    String tooLong = "a".repeat(ConnectedAccounts.MAX_ACCOUNT_ID_LENGTH + 1);
    assertThatThrownBy(() -> service.link(tooLong, "google", "g", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(service.link(tooLong.substring(1), "google", "g", null).isLinked()).isTrue();
  }

  // Finding the account for "sign in with ...".

  @Test
  void findAccountMatchesTheExactSubjectAndNeverTheEmail() {
    service.link("acct-1", "google", "AbC", "ada@example.com");
    assertThat(service.findAccount("google", "AbC")).contains("acct-1");
    assertThat(service.findAccount("google", "abc")).isEmpty();
    assertThat(service.findAccount("github", "AbC")).isEmpty();
    assertThat(service.findAccount("google", "ada@example.com")).isEmpty();
  }

  // Unlinking and the last sign-in method.

  @Test
  void withoutPasswordTheOnlyProviderCannotBeDisconnected() {
    service.link("acct-1", "google", "g-1", null);
    ConnectedAccountUnlinkResult r = service.unlink(session("acct-1"), "google");
    assertThat(r).isEqualTo(new ConnectedAccountUnlinkResult.LastSignInMethod());
    assertThat(r.code()).isEqualTo("last_sign_in_method");
    assertThat(r.isUnlinked()).isFalse();
    assertThat(service.list("acct-1")).hasSize(1);
    assertThat(events.unlinked).isEmpty();
  }

  @Test
  void withAPasswordTheOnlyProviderCanBeDisconnected() {
    service.link("acct-1", "google", "g-1", null);
    credentials.put(new PasswordCredential("acct-1", ARGON, T0));
    ConnectedAccountUnlinkResult r = service.unlink(session("acct-1"), "google");
    assertThat(r).isInstanceOf(ConnectedAccountUnlinkResult.Unlinked.class);
    assertThat(r.code()).isEqualTo("unlinked");
    assertThat(r.isUnlinked()).isTrue();
    assertThat(service.list("acct-1")).isEmpty();
    assertThat(service.findAccount("google", "g-1")).isEmpty();
  }

  @Test
  void withoutPasswordAnotherProviderIsEnough() {
    service.link("acct-1", "google", "g-1", null);
    service.link("acct-1", "github", "h-1", null);
    assertThat(service.unlink(session("acct-1"), "github"))
        .isInstanceOf(ConnectedAccountUnlinkResult.Unlinked.class);
    assertThat(service.unlink(session("acct-1"), "google"))
        .isEqualTo(new ConnectedAccountUnlinkResult.LastSignInMethod());
  }

  @Test
  void disconnectingWhatIsNotConnectedIsNotLinked() {
    ConnectedAccountUnlinkResult r = service.unlink(session("acct-1"), "google");
    assertThat(r).isEqualTo(new ConnectedAccountUnlinkResult.NotLinked());
    assertThat(r.code()).isEqualTo("not_linked");
    service.link("acct-2", "google", "g-2", null);
    credentials.put(new PasswordCredential("acct-1", ARGON, T0));
    assertThat(service.unlink(session("acct-1"), "google"))
        .isEqualTo(new ConnectedAccountUnlinkResult.NotLinked());
    assertThat(service.list("acct-2")).hasSize(1);
  }

  @Test
  void twoConcurrentDisconnectsOfTheLastTwoProvidersNeverBothSucceed() throws Exception {
    for (int round = 0; round < 50; round++) {
      String account = "acct-" + round;
      service.link(account, "google", "g-" + round, null);
      service.link(account, "github", "h-" + round, null);
      ValidatedSession google = session(account);
      ValidatedSession github = session(account);
      List<ConnectedAccountUnlinkResult> results = race(
          () -> service.unlink(google, "google"), () -> service.unlink(github, "github"));
      assertThat(results).as("round %d", round).extracting(ConnectedAccountUnlinkResult::code)
          .containsExactlyInAnyOrder("unlinked", "last_sign_in_method");
      assertThat(service.list(account)).hasSize(1);
    }
  }

  @Test
  void unlinkAllFreesTheIdentitiesWithoutTheLastMethodRule() {
    service.link("acct-1", "google", "g-1", null);
    service.link("acct-1", "github", "h-1", null);
    assertThat(service.unlinkAll("acct-1")).isEqualTo(2);
    assertThat(service.list("acct-1")).isEmpty();
    assertThat(service.link("acct-2", "google", "g-1", null).isLinked()).isTrue();
    assertThat(service.unlinkAll("acct-1")).isZero();
  }

  // Events.

  @Test
  void onlyChangesAreRecordedAfterTheyAreStored() {
    service.link("acct-1", "google", "g-1", "ada@example.com");
    service.link("acct-1", "google", "g-1", null);
    service.link("acct-2", "google", "g-1", null);
    service.link("acct-1", "Bad", "g-1", null);
    assertThat(events.linked).containsExactly("acct-1 google");
    credentials.put(new PasswordCredential("acct-1", ARGON, T0));
    clock.advance(Duration.ofSeconds(5));
    service.unlink(session("acct-1"), "github");
    service.unlink(session("acct-1"), "google");
    service.unlink(session("acct-1"), "google");
    assertThat(events.unlinked)
        .containsExactly("acct-1 google " + T0.plusSeconds(5).truncatedTo(ChronoUnit.MILLIS));
    assertThat(stores.securityEvents().exists("acct-1",
        SecurityEventType.CONNECTED_ACCOUNT_REMOVED.code(), null, null)).isTrue();
  }

  @Test
  void aThrowingListenerNeverFailsTheChange() {
    SecurityEventListener broken = e -> {
      throw new IllegalStateException("listener down");
    };
    ConnectedAccounts withBroken = ConnectedAccounts.create(store, credentials, sessions, clock,
        SecurityEventRecorder.create(stores.securityEvents(), broken, clock, new SecureRandom(),
            DeviceNamer.userAgentParser(), IpLocator.none()));
    assertThat(withBroken.link("acct-1", "google", "g-1", null).isLinked()).isTrue();
    assertThat(withBroken.link("acct-1", "github", "h-1", null).isLinked()).isTrue();
    assertThat(withBroken.unlink(session("acct-1"), "google"))
        .isInstanceOf(ConnectedAccountUnlinkResult.Unlinked.class);
    assertThat(service.list("acct-1")).extracting(ConnectedAccount::provider)
        .containsExactly("github");
  }

  @Test
  void whenTheHistoryCannotBeWrittenTheCallFailsAndTheChangeStands() {
    ConnectedAccounts withoutTable = ConnectedAccounts.create(store, credentials, sessions, clock,
        SecurityEventRecorder.create(new UnwritableEventStore(), events, clock,
            new SecureRandom(), DeviceNamer.userAgentParser(), IpLocator.none()));
    assertThatThrownBy(() -> withoutTable.link("acct-1", "google", "g-1", null))
        .isInstanceOf(StoreException.class);
    assertThat(service.list("acct-1")).extracting(ConnectedAccount::provider)
        .containsExactly("google");
    credentials.put(new PasswordCredential("acct-1", ARGON, T0));
    assertThatThrownBy(() -> withoutTable.unlink(session("acct-1"), "google"))
        .isInstanceOf(StoreException.class);
    assertThat(service.list("acct-1")).isEmpty();
    // The listener hears only what was stored.
    assertThat(events.linked).isEmpty();
    assertThat(events.unlinked).isEmpty();
    // Retrying after the failure is safe: the change is already done.
    assertThat(service.unlink(session("acct-1"), "google"))
        .isEqualTo(new ConnectedAccountUnlinkResult.NotLinked());
  }

  @Test
  void aRecorderWithoutHistoryStillLinks() {
    ConnectedAccounts plain = ConnectedAccounts.create(store, credentials, sessions, clock,
        SecurityEventRecorder.withoutHistory(SecurityEventListener.none(), clock,
            new SecureRandom(), DeviceNamer.userAgentParser(), IpLocator.none()));
    assertThat(plain.link("acct-1", "google", "g-1", null).isLinked()).isTrue();
    assertThat(plain.toString()).contains("ConnectedAccounts");
  }

  @Test
  void everyCodeIsStable() {
    assertThat(List.of(Reason.values())).extracting(Reason::code)
        .containsExactly("invalid_provider", "invalid_subject", "invalid_email");
    assertThat(List.of(ConnectedAccountStore.InsertOutcome.values()))
        .extracting(ConnectedAccountStore.InsertOutcome::code).containsExactly("inserted",
            "already_linked_to_this_account", "linked_to_another_account",
            "provider_already_linked");
    assertThat(List.of(ConnectedAccountStore.UnlinkOutcome.values()))
        .extracting(ConnectedAccountStore.UnlinkOutcome::code)
        .containsExactly("unlinked", "not_linked", "last_sign_in_method");
  }

  private static ConnectedAccountLinkResult invalid(Reason reason) {
    return new ConnectedAccountLinkResult.Invalid(reason);
  }

  @SafeVarargs
  private static <T> List<T> race(Callable<T>... tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records what the listener hears, as short strings. */
  private static final class RecordingEvents implements SecurityEventListener {
    final List<String> linked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> unlinked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SecurityEvent e) {
      String provider = e.details().get("provider");
      if (e.type() == SecurityEventType.CONNECTED_ACCOUNT_ADDED) {
        linked.add(e.accountId() + " " + provider);
      } else if (e.type() == SecurityEventType.CONNECTED_ACCOUNT_REMOVED) {
        unlinked.add(e.accountId() + " " + provider + " " + e.at());
      }
    }
  }

  /** An event store whose table is missing: every call fails. */
  private static final class UnwritableEventStore implements SecurityEventStore {
    @Override
    public void append(SecurityEventRecord event) {
      throw new StoreException("event table missing");
    }

    @Override
    public List<SecurityEventRecord> page(String accountId, Set<String> types,
        EventPosition after, int limit) {
      throw new StoreException("event table missing");
    }

    @Override
    public boolean exists(String accountId, String type, Device device, Location location) {
      throw new StoreException("event table missing");
    }

    @Override
    public int purge(Instant before) {
      throw new StoreException("event table missing");
    }
  }
}
