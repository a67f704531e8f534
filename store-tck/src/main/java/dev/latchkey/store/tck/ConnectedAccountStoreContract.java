package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedAccountStore.InsertOutcome;
import dev.latchkey.spi.ConnectedAccountStore.UnlinkOutcome;
import dev.latchkey.spi.ConnectedIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConnectedAccountStore} must have: links, absent cases, both
 * uniqueness rules, ordering, the last-sign-in-method rule, and atomicity under contention. A store
 * module subclasses this and implements {@link #emptyStore()}.
 */
public abstract class ConnectedAccountStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final int LINK_THREADS = 32;
  private static final int UNLINK_ROUNDS = 25;

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected ConnectedAccountStoreContract() {}

  /** A store with no links in it; called once per test. */
  protected abstract ConnectedAccountStore emptyStore();

  /** A link made at {@code at}, with an e-mail address derived from the subject. */
  protected static ConnectedIdentity identity(String account, String provider, String subject,
      Instant at) {
    return new ConnectedIdentity(account, provider, subject, subject + "@example.com", at);
  }

  // Behaviour and absent cases.

  @Test
  void insertThenFindAndListReturnItExactly() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity google = new ConnectedIdentity("acct-1", "google", "1098765432101234567890",
        "Ada.Lovelace@Example.com", T0.plusMillis(123));
    assertThat(store.insert(google)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject("google", "1098765432101234567890")).contains(google);
    assertThat(store.listByAccount("acct-1")).containsExactly(google);
  }

  @Test
  void anIdentityWithoutEmailIsKeptWithoutOne() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity github = new ConnectedIdentity("acct-1", "github", "583231", null, T0);
    assertThat(store.insert(github)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject("github", "583231").orElseThrow().email()).isNull();
    assertThat(store.listByAccount("acct-1")).containsExactly(github);
  }

  @Test
  void findAndListWhenNothingMatchesThenEmpty() {
    ConnectedAccountStore store = emptyStore();
    assertThat(store.findBySubject("google", "nobody")).isEmpty();
    assertThat(store.listByAccount("nobody")).isEmpty();
    store.insert(identity("acct-1", "google", "g-1", T0));
    assertThat(store.findBySubject("github", "g-1")).isEmpty();
    assertThat(store.findBySubject("google", "g-2")).isEmpty();
    assertThat(store.findBySubject("google", "' OR 1=1 --")).isEmpty();
    assertThat(store.listByAccount("acct-2")).isEmpty();
    assertThat(store.listByAccount("")).isEmpty();
  }

  @Test
  void theLongestValuesARecordAllowsFit() {
    ConnectedAccountStore store = emptyStore();
    String account = "ü-" + "a".repeat(251) + "-東";
    String provider = "p".repeat(ConnectedIdentity.MAX_PROVIDER_LENGTH);
    String subject = "S~!".repeat(85);
    String email = "\uD83D\uDE80".repeat(100) + "@" + "é".repeat(119);
    ConnectedIdentity longest = new ConnectedIdentity(account, provider, subject, email,
        T0.plusMillis(999));
    assertThat(account).hasSize(ConnectedIdentity.MAX_ACCOUNT_ID_LENGTH);
    assertThat(subject).hasSize(ConnectedIdentity.MAX_SUBJECT_LENGTH);
    assertThat(email).hasSize(ConnectedIdentity.MAX_EMAIL_LENGTH);
    assertThat(store.insert(longest)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject(provider, subject)).contains(longest);
    assertThat(store.listByAccount(account)).containsExactly(longest);
  }

  @Test
  void subjectsProvidersAndAccountsCompareExactly() {
    ConnectedAccountStore store = emptyStore();
    assertThat(store.insert(identity("acct-1", "google", "AbC", T0)))
        .isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject("google", "abc")).isEmpty();
    assertThat(store.findBySubject("google", "ABC")).isEmpty();
    assertThat(store.listByAccount("ACCT-1")).isEmpty();
    // Another subject at the same provider: another identity, free for another account.
    assertThat(store.insert(identity("acct-2", "google", "abc", T0)))
        .isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject("google", "abc").orElseThrow().accountId()).isEqualTo("acct-2");
    assertThat(store.findBySubject("google", "AbC").orElseThrow().accountId()).isEqualTo("acct-1");
    assertThat(store.unlinkUnlessLast("ACCT-1", "google", true))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
  }

  // Uniqueness.

  @Test
  void insertingTheSameIdentityForTheSameAccountAgainChangesNothing() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity first = identity("acct-1", "google", "g-1", T0);
    store.insert(first);
    ConnectedIdentity again = new ConnectedIdentity("acct-1", "google", "g-1", "new@example.com",
        T0.plusSeconds(60));
    assertThat(store.insert(again)).isEqualTo(InsertOutcome.ALREADY_LINKED_TO_THIS_ACCOUNT);
    assertThat(store.listByAccount("acct-1")).containsExactly(first);
  }

  @Test
  void anIdentityOfAnotherAccountCannotBeLinked() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity owner = identity("acct-1", "google", "g-1", T0);
    store.insert(owner);
    assertThat(store.insert(identity("acct-2", "google", "g-1", T0.plusSeconds(1))))
        .isEqualTo(InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT);
    assertThat(store.findBySubject("google", "g-1")).contains(owner);
    assertThat(store.listByAccount("acct-2")).isEmpty();
  }

  @Test
  void anAccountHasAtMostOneIdentityPerProvider() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity first = identity("acct-1", "google", "g-1", T0);
    store.insert(first);
    assertThat(store.insert(identity("acct-1", "google", "g-2", T0.plusSeconds(1))))
        .isEqualTo(InsertOutcome.PROVIDER_ALREADY_LINKED);
    assertThat(store.findBySubject("google", "g-2")).isEmpty();
    assertThat(store.listByAccount("acct-1")).containsExactly(first);
    // Other providers are fine.
    assertThat(store.insert(identity("acct-1", "github", "g-2", T0.plusSeconds(2))))
        .isEqualTo(InsertOutcome.INSERTED);
  }

  @Test
  void whenBothRulesRefuseTheIdentitysOwnerIsReported() {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-2", "google", "g-2", T0));
    assertThat(store.insert(identity("acct-2", "google", "g-1", T0.plusSeconds(1))))
        .isEqualTo(InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT);
  }

  @Test
  void oneSubjectAtTwoProvidersIsTwoIdentities() {
    ConnectedAccountStore store = emptyStore();
    assertThat(store.insert(identity("acct-1", "google", "12345", T0)))
        .isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(identity("acct-2", "github", "12345", T0)))
        .isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findBySubject("github", "12345").orElseThrow().accountId())
        .isEqualTo("acct-2");
  }

  // Ordering.

  @Test
  void listIsOldestFirstWithTiesInProviderOrder() {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "microsoft", "m", T0.plusSeconds(10)));
    store.insert(identity("acct-1", "google", "g", T0.plusSeconds(5)));
    store.insert(identity("acct-1", "gitlab", "l", T0.plusSeconds(10)));
    store.insert(identity("acct-1", "apple", "a", T0.plusSeconds(20)));
    store.insert(identity("acct-1", "github", "h", T0.plusSeconds(10)));
    store.insert(identity("acct-1", "azure-ad", "z", T0.plusMillis(5001)));
    store.insert(identity("acct-2", "facebook", "f", T0));
    assertThat(store.listByAccount("acct-1")).extracting(ConnectedIdentity::provider)
        .containsExactly("google", "azure-ad", "github", "gitlab", "microsoft", "apple");
  }

  // Unlinking and the last sign-in method.

  @Test
  void unlinkWhenNotLinkedChangesNothing() {
    ConnectedAccountStore store = emptyStore();
    assertThat(store.unlinkUnlessLast("acct-1", "google", true))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
    assertThat(store.unlinkUnlessLast("acct-1", "google", false))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-2", "github", "h-2", T0));
    assertThat(store.unlinkUnlessLast("acct-1", "github", true))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
    assertThat(store.unlinkUnlessLast("acct-2", "google", true))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
    assertThat(store.listByAccount("acct-1")).hasSize(1);
    assertThat(store.listByAccount("acct-2")).hasSize(1);
  }

  @Test
  void withAPasswordTheLastIdentityCanBeUnlinkedAndIsThenFree() {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    assertThat(store.unlinkUnlessLast("acct-1", "google", true))
        .isEqualTo(UnlinkOutcome.UNLINKED);
    assertThat(store.listByAccount("acct-1")).isEmpty();
    assertThat(store.findBySubject("google", "g-1")).isEmpty();
    assertThat(store.unlinkUnlessLast("acct-1", "google", true))
        .isEqualTo(UnlinkOutcome.NOT_LINKED);
    assertThat(store.insert(identity("acct-2", "google", "g-1", T0.plusSeconds(1))))
        .isEqualTo(InsertOutcome.INSERTED);
  }

  @Test
  void withoutAPasswordTheLastIdentityStays() {
    ConnectedAccountStore store = emptyStore();
    ConnectedIdentity google = identity("acct-1", "google", "g-1", T0);
    store.insert(google);
    assertThat(store.unlinkUnlessLast("acct-1", "google", false))
        .isEqualTo(UnlinkOutcome.LAST_SIGN_IN_METHOD);
    assertThat(store.listByAccount("acct-1")).containsExactly(google);
    assertThat(store.findBySubject("google", "g-1")).contains(google);
  }

  @Test
  void withoutAPasswordAllButOneIdentityCanBeUnlinked() {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-1", "github", "h-1", T0.plusSeconds(1)));
    store.insert(identity("acct-1", "apple", "a-1", T0.plusSeconds(2)));
    assertThat(store.unlinkUnlessLast("acct-1", "github", false))
        .isEqualTo(UnlinkOutcome.UNLINKED);
    assertThat(store.unlinkUnlessLast("acct-1", "google", false))
        .isEqualTo(UnlinkOutcome.UNLINKED);
    assertThat(store.unlinkUnlessLast("acct-1", "apple", false))
        .isEqualTo(UnlinkOutcome.LAST_SIGN_IN_METHOD);
    assertThat(store.listByAccount("acct-1")).extracting(ConnectedIdentity::provider)
        .containsExactly("apple");
  }

  @Test
  void otherAccountsDoNotCountTowardsTheLastMethod() {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-2", "github", "h-2", T0));
    store.insert(identity("acct-2", "google", "g-2", T0));
    assertThat(store.unlinkUnlessLast("acct-1", "google", false))
        .isEqualTo(UnlinkOutcome.LAST_SIGN_IN_METHOD);
  }

  @Test
  void deleteAllRemovesEveryIdentityOfTheAccountOnly() {
    ConnectedAccountStore store = emptyStore();
    assertThat(store.deleteAll("acct-1")).isZero();
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-1", "github", "h-1", T0));
    ConnectedIdentity other = identity("acct-2", "google", "g-2", T0);
    store.insert(other);
    assertThat(store.deleteAll("acct-1")).isEqualTo(2);
    assertThat(store.listByAccount("acct-1")).isEmpty();
    assertThat(store.findBySubject("google", "g-1")).isEmpty();
    assertThat(store.listByAccount("acct-2")).containsExactly(other);
    assertThat(store.deleteAll("acct-1")).isZero();
    assertThat(store.insert(identity("acct-3", "github", "h-1", T0)))
        .isEqualTo(InsertOutcome.INSERTED);
  }

  @Test
  void nullsAreRefused() {
    ConnectedAccountStore store = emptyStore();
    assertThatThrownBy(() -> store.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.findBySubject(null, "s"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.findBySubject("p", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.listByAccount(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.unlinkUnlessLast(null, "p", true))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.unlinkUnlessLast("a", null, true))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.deleteAll(null)).isInstanceOf(NullPointerException.class);
  }

  // Atomicity under contention.

  @Test
  void concurrentLinksOfOneIdentityToDifferentAccountsHaveExactlyOneWinner() throws Exception {
    ConnectedAccountStore store = emptyStore();
    List<InsertOutcome> outcomes = race(LINK_THREADS,
        i -> () -> store.insert(identity("acct-" + i, "google", "contested", T0)));
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.INSERTED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT)
        .hasSize(LINK_THREADS - 1);
    String winner = store.findBySubject("google", "contested").orElseThrow().accountId();
    for (int i = 0; i < LINK_THREADS; i++) {
      assertThat(store.listByAccount("acct-" + i))
          .hasSize(("acct-" + i).equals(winner) ? 1 : 0);
    }
  }

  @Test
  void concurrentLinksOfOneProviderToOneAccountHaveExactlyOneWinner() throws Exception {
    ConnectedAccountStore store = emptyStore();
    List<InsertOutcome> outcomes = race(LINK_THREADS,
        i -> () -> store.insert(identity("acct-1", "github", "subject-" + i, T0)));
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.INSERTED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.PROVIDER_ALREADY_LINKED)
        .hasSize(LINK_THREADS - 1);
    assertThat(store.listByAccount("acct-1")).hasSize(1);
  }

  /**
   * Two threads unlink the last two providers of an account without a password: in every round
   * exactly one succeeds and the other is refused, so the account keeps one way to sign in.
   */
  @Test
  void concurrentUnlinksOfTheLastTwoProvidersHaveExactlyOneWinner() throws Exception {
    ConnectedAccountStore store = emptyStore();
    for (int round = 0; round < UNLINK_ROUNDS; round++) {
      String account = "acct-race-" + round;
      store.insert(identity(account, "google", "g-" + round, T0));
      store.insert(identity(account, "github", "h-" + round, T0));
      List<String> providers = List.of("google", "github");
      List<UnlinkOutcome> outcomes = race(2,
          i -> () -> store.unlinkUnlessLast(account, providers.get(i), false));
      assertThat(outcomes).as("round %d", round)
          .containsExactlyInAnyOrder(UnlinkOutcome.UNLINKED, UnlinkOutcome.LAST_SIGN_IN_METHOD);
      assertThat(store.listByAccount(account)).as("round %d", round).hasSize(1);
    }
  }

  @Test
  void concurrentUnlinksOfEveryProviderLeaveExactlyOne() throws Exception {
    ConnectedAccountStore store = emptyStore();
    List<String> providers = List.of("apple", "facebook", "github", "gitlab", "google",
        "microsoft", "slack", "x");
    for (String p : providers) {
      store.insert(identity("acct-1", p, "s-" + p, T0));
    }
    List<UnlinkOutcome> outcomes = race(providers.size(),
        i -> () -> store.unlinkUnlessLast("acct-1", providers.get(i), false));
    assertThat(outcomes).filteredOn(o -> o == UnlinkOutcome.UNLINKED)
        .hasSize(providers.size() - 1);
    assertThat(outcomes).filteredOn(o -> o == UnlinkOutcome.LAST_SIGN_IN_METHOD).hasSize(1);
    assertThat(store.listByAccount("acct-1")).hasSize(1);
  }

  @Test
  void withAPasswordConcurrentUnlinksAllSucceed() throws Exception {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    store.insert(identity("acct-1", "github", "h-1", T0));
    List<String> providers = List.of("google", "github");
    List<UnlinkOutcome> outcomes = race(2,
        i -> () -> store.unlinkUnlessLast("acct-1", providers.get(i), true));
    assertThat(outcomes).containsOnly(UnlinkOutcome.UNLINKED);
    assertThat(store.listByAccount("acct-1")).isEmpty();
  }

  @Test
  void concurrentUnlinksOfOneProviderHaveExactlyOneWinner() throws Exception {
    ConnectedAccountStore store = emptyStore();
    store.insert(identity("acct-1", "google", "g-1", T0));
    List<UnlinkOutcome> outcomes = race(16,
        i -> () -> store.unlinkUnlessLast("acct-1", "google", true));
    assertThat(outcomes).filteredOn(o -> o == UnlinkOutcome.UNLINKED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == UnlinkOutcome.NOT_LINKED).hasSize(15);
  }

  /** Runs the tasks on their own threads, released at once; their results in task order. */
  protected static <T> List<T> race(int threads, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> call = task.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return call.call();
        }));
      }
      ready.await(30, TimeUnit.SECONDS);
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
