package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.PasskeyChallengeRecord;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.PasskeyStore.DeleteOutcome;
import dev.latchkey.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PasskeyStore} must have. A store module subclasses this in a few
 * lines and implements {@link #emptyStore()}.
 */
public abstract class PasskeyStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String ZERO_AAGUID = "00000000-0000-0000-0000-000000000000";

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected PasskeyStoreContract() {}

  /** A store with no passkeys and no challenges; called once per test. */
  protected abstract PasskeyStore emptyStore();

  /** A fresh passkey of {@code account}, registered at {@code created}. */
  protected static PasskeyRecord passkey(String account, Instant created) {
    String id = "cred" + COUNTER.incrementAndGet() + "x" + Long.toString(System.nanoTime(), 36);
    return new PasskeyRecord(id, account, "uh-" + account.hashCode(), "pQECAyYgASFYIA", 0,
        Set.of("internal", "hybrid"), true, false, true, ZERO_AAGUID, "Laptop", created, null);
  }

  /** A fresh challenge for {@code purpose}, bound to {@code binding}, issued at {@code at}. */
  protected static PasskeyChallengeRecord challenge(String purpose, String binding, Instant at) {
    return new PasskeyChallengeRecord(
        Hashes.sha256Hex("challenge-" + COUNTER.incrementAndGet() + "-" + System.nanoTime()),
        purpose, Hashes.sha256Hex(binding), "acct-1", "dXNlcg", at,
        at.plus(Duration.ofMinutes(5)), null);
  }

  @Test
  void insertThenFindReturnsTheSameRowExactly() {
    PasskeyStore store = emptyStore();
    String longId = "A".repeat(PasskeyRecord.MAX_CREDENTIAL_ID_LENGTH);
    PasskeyRecord p = new PasskeyRecord(longId, "a".repeat(255),
        "u".repeat(PasskeyRecord.MAX_USER_HANDLE_LENGTH),
        "k".repeat(PasskeyRecord.MAX_PUBLIC_KEY_LENGTH), PasskeyRecord.MAX_SIGN_COUNT,
        Set.of("usb", "nfc", "ble", "internal", "hybrid", "smart-card"), false, true, false,
        "01234567-89ab-cdef-0123-456789abcdef", "Ключ \uD83D\uDD11 of Zoë", T0.plusMillis(123),
        T0.plusMillis(456));
    assertThat(store.insert(p)).isTrue();
    assertThat(store.findByCredentialId(longId)).contains(p);
    PasskeyRecord none = passkey("acct-1", T0);
    none = new PasskeyRecord(none.credentialId(), "acct-1", none.userHandle(), none.publicKey(),
        0, Set.of(), true, false, true, ZERO_AAGUID, "Phone", T0, null);
    assertThat(store.insert(none)).isTrue();
    assertThat(store.findByCredentialId(none.credentialId())).contains(none);
  }

  @Test
  void findWhenNothingMatchesThenEmpty() {
    PasskeyStore store = emptyStore();
    PasskeyRecord p = passkey("acct-1", T0);
    store.insert(p);
    assertThat(store.findByCredentialId("never")).isEmpty();
    assertThat(store.findByCredentialId(p.credentialId().toUpperCase())).isEmpty();
    assertThat(store.findByCredentialId("' OR 1=1 --")).isEmpty();
  }

  @Test
  void insertWhenCredentialIdTakenByAnyAccountThenFalseAndNothingChanges() {
    PasskeyStore store = emptyStore();
    PasskeyRecord p = passkey("acct-1", T0);
    assertThat(store.insert(p)).isTrue();
    PasskeyRecord thief = new PasskeyRecord(p.credentialId(), "acct-2", "b3RoZXI", "a2V5", 5,
        Set.of(), false, false, false, ZERO_AAGUID, "Stolen", T0.plusSeconds(1), null);
    assertThat(store.insert(p)).isFalse();
    assertThat(store.insert(thief)).isFalse();
    assertThat(store.findByCredentialId(p.credentialId())).contains(p);
    assertThat(store.listByAccount("acct-2")).isEmpty();
  }

  @Test
  void listReturnsTheAccountsPasskeysOldestFirst() {
    PasskeyStore store = emptyStore();
    PasskeyRecord second = passkey("acct-1", T0.plusSeconds(10));
    PasskeyRecord first = passkey("acct-1", T0);
    PasskeyRecord other = passkey("acct-2", T0);
    store.insert(second);
    store.insert(first);
    store.insert(other);
    assertThat(store.listByAccount("acct-1")).containsExactly(first, second);
    assertThat(store.listByAccount("ACCT-1")).isEmpty();
    assertThat(store.listByAccount("nobody")).isEmpty();
  }

  @Test
  void renameChangesOnlyTheOwnersPasskey() {
    PasskeyStore store = emptyStore();
    PasskeyRecord p = passkey("acct-1", T0);
    store.insert(p);
    assertThat(store.rename("acct-2", p.credentialId(), "Mine now")).isFalse();
    assertThat(store.rename("acct-1", "unknown", "x")).isFalse();
    assertThat(store.rename("acct-1", p.credentialId(), "YubiKey 5")).isTrue();
    assertThat(store.findByCredentialId(p.credentialId())).contains(p.renamed("YubiKey 5"));
  }

  @Test
  void recordUseIsACompareAndSetOnTheCounter() {
    PasskeyStore store = emptyStore();
    PasskeyRecord p = passkey("acct-1", T0);
    store.insert(p);
    Instant at = T0.plusSeconds(60);
    assertThat(store.recordUse(p.credentialId(), 0, 7, true, at)).isTrue();
    assertThat(store.findByCredentialId(p.credentialId())).contains(p.used(7, true, at));
    // A stale expectation changes nothing.
    assertThat(store.recordUse(p.credentialId(), 0, 9, false, at.plusSeconds(1))).isFalse();
    assertThat(store.recordUse("unknown", 0, 1, false, at)).isFalse();
    assertThat(store.findByCredentialId(p.credentialId()).orElseThrow().signCount()).isEqualTo(7);
    // A counter that stays 0 (an authenticator without one) still records the use.
    PasskeyRecord synced = passkey("acct-1", T0);
    store.insert(synced);
    assertThat(store.recordUse(synced.credentialId(), 0, 0, true, at)).isTrue();
    assertThat(store.findByCredentialId(synced.credentialId()).orElseThrow().lastUsedAt())
        .isEqualTo(at);
  }

  @Test
  void concurrentUsesReadingTheSameCounterHaveExactlyOneWinner() throws Exception {
    PasskeyStore store = emptyStore();
    PasskeyRecord p = passkey("acct-1", T0);
    store.insert(p);
    int wins = race(16, i -> () -> store.recordUse(p.credentialId(), 0, 1 + i, false,
        T0.plusSeconds(1)));
    assertThat(wins).isEqualTo(1);
    assertThat(store.findByCredentialId(p.credentialId()).orElseThrow().signCount())
        .isBetween(1L, 16L);
  }

  @Test
  void deleteUnlessLastRefusesTheLastPasskeyOfAnAccountWithNothingElse() {
    PasskeyStore store = emptyStore();
    PasskeyRecord a = passkey("acct-1", T0);
    PasskeyRecord b = passkey("acct-1", T0.plusSeconds(1));
    store.insert(a);
    store.insert(b);
    assertThat(store.deleteUnlessLast("acct-2", a.credentialId(), false))
        .isEqualTo(DeleteOutcome.NOT_FOUND);
    assertThat(store.deleteUnlessLast("acct-1", "unknown", false))
        .isEqualTo(DeleteOutcome.NOT_FOUND);
    assertThat(store.deleteUnlessLast("acct-1", a.credentialId(), false))
        .isEqualTo(DeleteOutcome.DELETED);
    assertThat(store.deleteUnlessLast("acct-1", b.credentialId(), false))
        .isEqualTo(DeleteOutcome.LAST_SIGN_IN_METHOD);
    assertThat(store.listByAccount("acct-1")).containsExactly(b);
    assertThat(store.deleteUnlessLast("acct-1", b.credentialId(), true))
        .isEqualTo(DeleteOutcome.DELETED);
    assertThat(store.listByAccount("acct-1")).isEmpty();
    assertThat(store.findByCredentialId(a.credentialId())).isEmpty();
  }

  @Test
  void concurrentRemovalsOfTheLastTwoPasskeysNeverBothSucceed() throws Exception {
    for (int round = 0; round < 5; round++) {
      PasskeyStore store = emptyStore();
      PasskeyRecord a = passkey("acct-r", T0);
      PasskeyRecord b = passkey("acct-r", T0.plusSeconds(1));
      store.insert(a);
      store.insert(b);
      List<String> ids = List.of(a.credentialId(), b.credentialId());
      int wins = race(8, i -> () -> store.deleteUnlessLast("acct-r", ids.get(i % 2), false)
          == DeleteOutcome.DELETED);
      assertThat(wins).isEqualTo(1);
      assertThat(store.listByAccount("acct-r")).hasSize(1);
    }
  }

  @Test
  void deleteAllRemovesOnlyThatAccountsPasskeys() {
    PasskeyStore store = emptyStore();
    store.insert(passkey("acct-1", T0));
    store.insert(passkey("acct-1", T0));
    PasskeyRecord other = passkey("acct-2", T0);
    store.insert(other);
    assertThat(store.deleteAll("acct-1")).isEqualTo(2);
    assertThat(store.deleteAll("acct-1")).isZero();
    assertThat(store.listByAccount("acct-2")).containsExactly(other);
  }

  @Test
  void aChallengeIsFoundWhateverItsStateUntilPurged() {
    PasskeyStore store = emptyStore();
    PasskeyChallengeRecord c = challenge(PasskeyChallengeRecord.REGISTRATION, "s1", T0);
    PasskeyChallengeRecord anonymous = new PasskeyChallengeRecord(Hashes.sha256Hex("anon"),
        PasskeyChallengeRecord.PASSWORDLESS, Hashes.sha256Hex("ceremony"), null, null,
        T0.plusMillis(5), T0.plusSeconds(300), null);
    store.insertChallenge(c);
    store.insertChallenge(anonymous);
    assertThat(store.findChallenge(c.challengeHash())).contains(c);
    assertThat(store.findChallenge(anonymous.challengeHash())).contains(anonymous);
    assertThat(store.findChallenge(Hashes.sha256Hex("never"))).isEmpty();
    assertThatThrownBy(() -> store.insertChallenge(c)).isInstanceOf(StoreException.class);
  }

  @Test
  void consumeChallengeOnlyForItsPurposeAndBindingOnceBeforeItExpires() {
    PasskeyStore store = emptyStore();
    PasskeyChallengeRecord c = challenge(PasskeyChallengeRecord.SECOND_FACTOR, "sign-in-1", T0);
    store.insertChallenge(c);
    String h = c.challengeHash();
    Instant at = T0.plusSeconds(30);
    assertThat(store.consumeChallenge(h, PasskeyChallengeRecord.SECOND_FACTOR,
        Hashes.sha256Hex("sign-in-2"), at)).isFalse();
    assertThat(store.consumeChallenge(h, PasskeyChallengeRecord.REGISTRATION, c.bindingHash(),
        at)).isFalse();
    assertThat(store.consumeChallenge(h, PasskeyChallengeRecord.SECOND_FACTOR, c.bindingHash(),
        c.expiresAt())).isFalse();
    assertThat(store.findChallenge(h).orElseThrow().consumedAt()).isNull();
    assertThat(store.consumeChallenge(h, PasskeyChallengeRecord.SECOND_FACTOR, c.bindingHash(),
        at)).isTrue();
    assertThat(store.consumeChallenge(h, PasskeyChallengeRecord.SECOND_FACTOR, c.bindingHash(),
        at.plusSeconds(1))).isFalse();
    assertThat(store.findChallenge(h).orElseThrow().consumedAt()).isEqualTo(at);
  }

  @Test
  void concurrentConsumesOfOneChallengeHaveExactlyOneWinner() throws Exception {
    PasskeyStore store = emptyStore();
    PasskeyChallengeRecord c = challenge(PasskeyChallengeRecord.PASSWORDLESS, "ceremony", T0);
    store.insertChallenge(c);
    int wins = race(16, i -> () -> store.consumeChallenge(c.challengeHash(), c.purpose(),
        c.bindingHash(), T0.plusSeconds(1 + i)));
    assertThat(wins).isEqualTo(1);
  }

  @Test
  void purgeDeletesOnlyChallengesExpiredBeforeTheCutOff() {
    PasskeyStore store = emptyStore();
    PasskeyChallengeRecord old = challenge(PasskeyChallengeRecord.REGISTRATION, "a", T0);
    PasskeyChallengeRecord live = challenge(PasskeyChallengeRecord.REGISTRATION, "b",
        T0.plusSeconds(600));
    store.insertChallenge(old);
    store.insertChallenge(live);
    assertThat(store.purgeChallenges(old.expiresAt())).isZero();
    assertThat(store.purgeChallenges(old.expiresAt().plusMillis(1))).isEqualTo(1);
    assertThat(store.findChallenge(old.challengeHash())).isEmpty();
    assertThat(store.findChallenge(live.challengeHash())).contains(live);
  }

  @Test
  void nullArgumentsAreRefused() {
    PasskeyStore store = emptyStore();
    assertThatThrownBy(() -> store.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.findByCredentialId(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.listByAccount(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.rename("a", null, "n"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.recordUse("c", 0, 1, false, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.deleteUnlessLast(null, "c", true))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.insertChallenge(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.consumeChallenge("h", "p", null, T0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.purgeChallenges(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void malformedRowsCannotBeMade() {
    assertThatThrownBy(() -> new PasskeyRecord("not base64url!", "a", "u", "k", 0, Set.of(),
        false, false, false, ZERO_AAGUID, "n", T0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasskeyRecord("c", "a", "u", "k", -1, Set.of(), false, false,
        false, ZERO_AAGUID, "n", T0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasskeyRecord("c", "a", "u", "k", 0, Set.of(), false, false,
        false, ZERO_AAGUID, " ", T0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasskeyRecord("c", "a", "u", "k", 0, Set.of(), false, false,
        false, "not-a-uuid", "n", T0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasskeyChallengeRecord("short", "registration",
        Hashes.sha256Hex("b"), null, null, T0, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasskeyChallengeRecord(Hashes.sha256Hex("a"), "other",
        Hashes.sha256Hex("b"), null, null, T0, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs {@code threads} tasks at once and counts those that returned {@code true}. */
  private static int race(int threads, IntFunction<Callable<Boolean>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Boolean> work = task.apply(i);
        results.add(pool.submit(() -> {
          start.await();
          return work.call();
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      return wins;
    } finally {
      pool.shutdownNow();
    }
  }
}
