package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TotpStore} must have, together with the {@link BackupCodeStore} it
 * shares storage with. A store module subclasses this and implements {@link #emptyStores()}.
 */
public abstract class TotpStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  /** What a sealed secret looks like; the store treats it as opaque text. */
  protected static final String SEALED_A = "v1.k1.AAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  protected static final String SEALED_B = "v1.k1.BBBBBBBBBBBBBBBBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  /** For a store's test class, which implements {@link #emptyStores()}. */
  protected TotpStoreContract() {}

  /**
   * Stores with nothing in them; called once per test. Only {@link Stores#totp()} and
   * {@link Stores#backupCodes()} are used, and they must share storage.
   */
  protected abstract Stores emptyStores();

  /** {@code n} fresh unused codes of {@code account}, created at {@code at}. */
  protected static List<BackupCodeRecord> codes(String account, int n, Instant at, String tag) {
    List<BackupCodeRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new BackupCodeRecord(account, "k1", Hashes.sha256Hex(account + tag + i), at, null));
    }
    return out;
  }

  @Test
  void findByAccountWhenNoneThenEmpty() {
    TotpStore store = emptyStores().totp();
    assertThat(store.findByAccount("nobody")).isEmpty();
    assertThat(store.findByAccount("")).isEmpty();
    assertThat(store.findByAccount("' OR 1=1 --")).isEmpty();
  }

  @Test
  void savePendingThenFindReturnsItExactly() {
    TotpStore store = emptyStores().totp();
    String account = "ü-" + "a".repeat(250) + "-東";
    TotpCredential pending = TotpCredential.pending(account, SEALED_A, T0.plusMillis(123));
    assertThat(store.savePending(pending)).isTrue();
    assertThat(store.findByAccount(account)).contains(pending);
    assertThat(store.findByAccount("other")).isEmpty();
  }

  @Test
  void savePendingReplacesAPendingOne() {
    TotpStore store = emptyStores().totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    TotpCredential next = TotpCredential.pending("acct-1", SEALED_B, T0.plusSeconds(5));
    assertThat(store.savePending(next)).isTrue();
    assertThat(store.findByAccount("acct-1")).contains(next);
  }

  @Test
  void savePendingWhenActiveThenFalseAndNothingChanges() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    activate(store, "acct-1", SEALED_A, 7);
    TotpCredential before = store.findByAccount("acct-1").orElseThrow();
    assertThat(store.savePending(TotpCredential.pending("acct-1", SEALED_B, T0.plusSeconds(9))))
        .isFalse();
    assertThat(store.findByAccount("acct-1")).contains(before);
    assertThat(stores.backupCodes().countRemaining("acct-1")).isEqualTo(10);
  }

  @Test
  void savePendingWhenGivenAnActiveOrSteppedCredentialThenIllegalArgument() {
    TotpStore store = emptyStores().totp();
    TotpCredential active = new TotpCredential("acct-1", SEALED_A, TotpCredential.Status.ACTIVE,
        3, T0, T0);
    TotpCredential stepped = TotpCredential.pending("acct-1", SEALED_A, T0).withLastAcceptedStep(2);
    assertThatThrownBy(() -> store.savePending(active))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.savePending(stepped))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.findByAccount("acct-1")).isEmpty();
  }

  @Test
  void activateMakesThePendingCredentialActiveAndStoresTheCodes() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    List<BackupCodeRecord> set = codes("acct-1", 10, T0.plusSeconds(30), "a");
    assertThat(store.activate("acct-1", SEALED_A, 12345, set, T0.plusSeconds(30))).isTrue();
    TotpCredential active = store.findByAccount("acct-1").orElseThrow();
    assertThat(active.status()).isEqualTo(TotpCredential.Status.ACTIVE);
    assertThat(active.lastAcceptedStep()).isEqualTo(12345);
    assertThat(active.confirmedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(active.createdAt()).isEqualTo(T0);
    assertThat(active.encryptedSecret()).isEqualTo(SEALED_A);
    assertThat(stores.backupCodes().list("acct-1")).containsExactlyInAnyOrderElementsOf(set);
    assertThat(stores.backupCodes().countRemaining("acct-1")).isEqualTo(10);
  }

  @Test
  void activateWhenThePendingSecretChangedThenFalseAndNothingWritten() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_B, T0));
    assertThat(store.activate("acct-1", SEALED_A, 1, codes("acct-1", 10, T0, "a"), T0)).isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().active()).isFalse();
    assertThat(stores.backupCodes().list("acct-1")).isEmpty();
  }

  @Test
  void activateWhenAbsentOrAlreadyActiveThenFalse() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    assertThat(store.activate("nobody", SEALED_A, 1, codes("nobody", 10, T0, "a"), T0)).isFalse();
    assertThat(store.findByAccount("nobody")).isEmpty();
    assertThat(stores.backupCodes().list("nobody")).isEmpty();
    activate(store, "acct-1", SEALED_A, 5);
    List<BackupCodeRecord> first = stores.backupCodes().list("acct-1");
    assertThat(store.activate("acct-1", SEALED_A, 9, codes("acct-1", 10, T0, "b"), T0)).isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(5);
    assertThat(stores.backupCodes().list("acct-1")).isEqualTo(first);
  }

  @Test
  void activateWhenGivenCodesOfAnotherAccountThenIllegalArgument() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    assertThatThrownBy(() -> store.activate("acct-1", SEALED_A, 1, codes("acct-2", 10, T0, "a"),
        T0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.findByAccount("acct-1").orElseThrow().active()).isFalse();
  }

  @Test
  void acceptStepOnlyWhenGreaterThanTheLastAcceptedStep() {
    TotpStore store = emptyStores().totp();
    activate(store, "acct-1", SEALED_A, 100);
    assertThat(store.acceptStep("acct-1", 100)).isFalse();
    assertThat(store.acceptStep("acct-1", 99)).isFalse();
    assertThat(store.acceptStep("acct-1", 101)).isTrue();
    assertThat(store.acceptStep("acct-1", 101)).isFalse();
    assertThat(store.acceptStep("acct-1", 103)).isTrue();
    assertThat(store.acceptStep("acct-1", 102)).isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(103);
    assertThat(store.acceptStep("acct-1", 66_666_666_666L)).isTrue();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep())
        .isEqualTo(66_666_666_666L);
  }

  @Test
  void releaseStepUndoesOnlyTheLastAcceptanceAndReopensOnlyThatStep() {
    TotpStore store = emptyStores().totp();
    activate(store, "acct-1", SEALED_A, 100);
    assertThat(store.acceptStep("acct-1", 104)).isTrue();
    assertThat(store.releaseStep("acct-1", 103)).as("not the last accepted").isFalse();
    assertThat(store.releaseStep("acct-2", 104)).as("another account").isFalse();
    assertThat(store.releaseStep("acct-1", 104)).isTrue();
    // Only step 104 is open again: the steps between 100 and 104 never were, and stay closed.
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(103);
    assertThat(store.releaseStep("acct-1", 104)).as("only once").isFalse();
    assertThat(store.acceptStep("acct-1", 103)).isFalse();
    assertThat(store.acceptStep("acct-1", 104)).isTrue();
    assertThat(store.acceptStep("acct-1", 105)).isTrue();
    assertThat(store.releaseStep("acct-1", 104)).as("a later step stands").isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(105);
  }

  @Test
  void releaseStepWhenPendingOrAbsentThenFalseAndANegativeStepIsRefused() {
    TotpStore store = emptyStores().totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    assertThat(store.releaseStep("acct-1", TotpCredential.NO_STEP + 1)).isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep())
        .isEqualTo(TotpCredential.NO_STEP);
    assertThat(store.releaseStep("nobody", 5)).isFalse();
    assertThatThrownBy(() -> store.releaseStep("acct-1", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptStepWhenPendingOrAbsentThenFalse() {
    TotpStore store = emptyStores().totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    assertThat(store.acceptStep("acct-1", 5)).isFalse();
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep())
        .isEqualTo(TotpCredential.NO_STEP);
    assertThat(store.acceptStep("nobody", 5)).isFalse();
    assertThat(store.findByAccount("nobody")).isEmpty();
  }

  @Test
  void deleteAllRemovesTheCredentialAndEveryBackupCode() {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    activate(store, "acct-1", SEALED_A, 1);
    activate(store, "acct-2", SEALED_B, 1);
    stores.backupCodes().consume("acct-1",
        stores.backupCodes().list("acct-1").get(0).codeHash(), T0);
    assertThat(store.deleteAll("acct-1")).isTrue();
    assertThat(store.findByAccount("acct-1")).isEmpty();
    assertThat(stores.backupCodes().list("acct-1")).isEmpty();
    assertThat(stores.backupCodes().countRemaining("acct-1")).isZero();
    assertThat(store.deleteAll("acct-1")).isFalse();
    assertThat(store.findByAccount("acct-2")).isPresent();
    assertThat(stores.backupCodes().countRemaining("acct-2")).isEqualTo(10);
  }

  @Test
  void deleteAllRemovesAPendingCredential() {
    TotpStore store = emptyStores().totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    assertThat(store.deleteAll("acct-1")).isTrue();
    assertThat(store.findByAccount("acct-1")).isEmpty();
  }

  @Test
  void replaceSecretIsACompareAndSetThatKeepsEverythingElse() {
    TotpStore store = emptyStores().totp();
    activate(store, "acct-1", SEALED_A, 42);
    TotpCredential before = store.findByAccount("acct-1").orElseThrow();
    assertThat(store.replaceSecret("acct-1", SEALED_B, "v1.k2.x")).isFalse();
    assertThat(store.replaceSecret("acct-1", SEALED_A, SEALED_B)).isTrue();
    assertThat(store.findByAccount("acct-1")).contains(before.withEncryptedSecret(SEALED_B));
    assertThat(store.replaceSecret("acct-1", SEALED_A, "v1.k2.y")).isFalse();
    assertThat(store.replaceSecret("nobody", SEALED_A, SEALED_B)).isFalse();
    assertThat(store.findByAccount("nobody")).isEmpty();
  }

  @Test
  void concurrentAcceptsOfOneStepHaveExactlyOneWinner() throws Exception {
    TotpStore store = emptyStores().totp();
    activate(store, "acct-1", SEALED_A, 10);
    assertThat(race(64, n -> () -> store.acceptStep("acct-1", 11))).isEqualTo(1);
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(11);
  }

  @Test
  void concurrentAcceptsOfManyStepsEndAtTheHighest() throws Exception {
    TotpStore store = emptyStores().totp();
    activate(store, "acct-1", SEALED_A, 0);
    int wins = race(64, n -> () -> store.acceptStep("acct-1", 1 + n % 16));
    assertThat(wins).isBetween(1, 16);
    assertThat(store.findByAccount("acct-1").orElseThrow().lastAcceptedStep()).isEqualTo(16);
  }

  @Test
  void concurrentActivationsOfOnePendingCredentialHaveExactlyOneWinner() throws Exception {
    Stores stores = emptyStores();
    TotpStore store = stores.totp();
    store.savePending(TotpCredential.pending("acct-1", SEALED_A, T0));
    int wins = race(32, n -> () -> store.activate("acct-1", SEALED_A, 1 + n,
        codes("acct-1", 10, T0.plusSeconds(n), "set" + n), T0.plusSeconds(n)));
    assertThat(wins).isEqualTo(1);
    TotpCredential active = store.findByAccount("acct-1").orElseThrow();
    List<BackupCodeRecord> set = stores.backupCodes().list("acct-1");
    // The winner's step and the winner's codes, never a mix.
    assertThat(set).hasSize(10).allSatisfy(r -> assertThat(r.createdAt()).isEqualTo(
        T0.plusSeconds(active.lastAcceptedStep() - 1)));
  }

  /** Makes {@code account} active with 10 codes and {@code step} accepted. */
  protected static void activate(TotpStore store, String account, String sealed, long step) {
    assertThat(store.savePending(TotpCredential.pending(account, sealed, T0))).isTrue();
    assertThat(store.activate(account, sealed, step, codes(account, 10, T0, "init"), T0)).isTrue();
  }

  /** Runs {@code threads} tasks released at once; returns how many returned {@code true}. */
  protected static int race(int threads, java.util.function.IntFunction<Callable<Boolean>> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Boolean> c = task.apply(i);
        results.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return c.call();
        }));
      }
      ready.await(30, TimeUnit.SECONDS);
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
