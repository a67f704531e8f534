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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackupCodeStore} must have, together with the {@link TotpStore} it
 * shares storage with (codes exist only while TOTP is active). A store module subclasses this and
 * implements {@link #emptyStores()}.
 */
public abstract class BackupCodeStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String SEALED = "v1.k1.AAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  /** For a store's test class, which implements {@link #emptyStores()}. */
  protected BackupCodeStoreContract() {}

  /** Stores with nothing in them; called once per test. TOTP and codes must share storage. */
  protected abstract Stores emptyStores();

  private static List<BackupCodeRecord> codes(String account, int n, Instant at, String tag) {
    return TotpStoreContract.codes(account, n, at, tag);
  }

  /** Makes the account's TOTP active with a first set tagged {@code "init"}. */
  private static List<BackupCodeRecord> enable(Stores stores, String account) {
    TotpStoreContract.activate(stores.totp(), account, SEALED, 1);
    return codes(account, 10, T0, "init");
  }

  @Test
  void absentAccountHasNoCodes() {
    BackupCodeStore store = emptyStores().backupCodes();
    assertThat(store.list("nobody")).isEmpty();
    assertThat(store.countRemaining("nobody")).isZero();
    assertThat(store.consume("nobody", Hashes.sha256Hex("x"), T0)).isFalse();
    assertThat(store.list("nobody")).isEmpty();
  }

  @Test
  void replaceAllWhenTotpIsNotActiveThenFalseAndNothingWritten() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    assertThat(store.replaceAll("acct-1", codes("acct-1", 10, T0, "a"))).isFalse();
    assertThat(store.list("acct-1")).isEmpty();
    stores.totp().savePending(TotpCredential.pending("acct-1", SEALED, T0));
    assertThat(store.replaceAll("acct-1", codes("acct-1", 10, T0, "a"))).isFalse();
    assertThat(store.list("acct-1")).isEmpty();
  }

  @Test
  void listReturnsEveryCodeOrderedByHash() {
    Stores stores = emptyStores();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    List<BackupCodeRecord> expected = new ArrayList<>(set);
    expected.sort(Comparator.comparing(BackupCodeRecord::codeHash));
    assertThat(stores.backupCodes().list("acct-1")).containsExactlyElementsOf(expected);
  }

  @Test
  void consumeMarksTheCodeUsedExactlyOnce() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    String hash = set.get(3).codeHash();
    assertThat(store.consume("acct-1", hash, T0.plusSeconds(60))).isTrue();
    assertThat(store.consume("acct-1", hash, T0.plusSeconds(61))).isFalse();
    assertThat(store.countRemaining("acct-1")).isEqualTo(9);
    BackupCodeRecord used = store.list("acct-1").stream()
        .filter(r -> r.codeHash().equals(hash)).findFirst().orElseThrow();
    assertThat(used.usedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.list("acct-1")).filteredOn(BackupCodeRecord::used).hasSize(1);
  }

  @Test
  void restoreUndoesExactlyTheConsumeMadeAtThatInstant() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    String hash = set.get(3).codeHash();
    Instant usedAt = T0.plusMillis(60_123);
    assertThat(store.restore("acct-1", hash, usedAt)).as("not used yet").isFalse();
    assertThat(store.consume("acct-1", hash, usedAt)).isTrue();
    assertThat(store.restore("acct-1", hash, usedAt.plusMillis(1))).as("another use").isFalse();
    assertThat(store.restore("acct-2", hash, usedAt)).as("another account").isFalse();
    assertThat(store.restore("acct-1", set.get(4).codeHash(), usedAt)).isFalse();
    assertThat(store.countRemaining("acct-1")).isEqualTo(9);

    assertThat(store.restore("acct-1", hash, usedAt)).isTrue();
    assertThat(store.countRemaining("acct-1")).isEqualTo(10);
    assertThat(store.list("acct-1")).noneMatch(BackupCodeRecord::used);
    assertThat(store.restore("acct-1", hash, usedAt)).as("only once").isFalse();
    assertThat(store.consume("acct-1", hash, T0.plusSeconds(90))).as("usable again").isTrue();
    assertThat(store.restore("acct-1", hash, usedAt)).as("the later use stands").isFalse();
    assertThat(store.countRemaining("acct-1")).isEqualTo(9);
  }

  @Test
  void restoreNeverRevivesACodeOfAReplacedSet() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    String hash = set.get(0).codeHash();
    assertThat(store.consume("acct-1", hash, T0.plusSeconds(5))).isTrue();
    assertThat(store.replaceAll("acct-1", codes("acct-1", 10, T0.plusSeconds(6), "next")))
        .isTrue();
    assertThat(store.restore("acct-1", hash, T0.plusSeconds(5))).isFalse();
    assertThat(store.consume("acct-1", hash, T0.plusSeconds(7))).isFalse();
    assertThat(store.list("acct-1")).noneMatch(r -> r.codeHash().equals(hash));
  }

  @Test
  void consumeWhenTheHashIsUnknownOrAnotherAccountsThenFalse() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set1 = enable(stores, "acct-1");
    enable(stores, "acct-2");
    assertThat(store.consume("acct-2", set1.get(0).codeHash(), T0)).isFalse();
    assertThat(store.consume("acct-1", Hashes.sha256Hex("unknown"), T0)).isFalse();
    assertThat(store.consume("acct-1", "' OR 1=1 --", T0)).isFalse();
    assertThat(store.countRemaining("acct-1")).isEqualTo(10);
    assertThat(store.countRemaining("acct-2")).isEqualTo(10);
  }

  @Test
  void everyCodeWorksOnceAndThenNoneRemain() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    for (int i = 0; i < set.size(); i++) {
      assertThat(store.consume("acct-1", set.get(i).codeHash(), T0)).isTrue();
      assertThat(store.countRemaining("acct-1")).isEqualTo(set.size() - 1 - i);
    }
    for (BackupCodeRecord r : set) {
      assertThat(store.consume("acct-1", r.codeHash(), T0)).isFalse();
    }
    assertThat(store.list("acct-1")).hasSize(10).allMatch(BackupCodeRecord::used);
  }

  @Test
  void replaceAllReplacesUsedAndUnusedCodes() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> old = enable(stores, "acct-1");
    store.consume("acct-1", old.get(0).codeHash(), T0);
    List<BackupCodeRecord> next = codes("acct-1", 12, T0.plusSeconds(100), "next");
    assertThat(store.replaceAll("acct-1", next)).isTrue();
    assertThat(store.list("acct-1")).containsExactlyInAnyOrderElementsOf(next);
    assertThat(store.countRemaining("acct-1")).isEqualTo(12);
    for (BackupCodeRecord r : old) {
      assertThat(store.consume("acct-1", r.codeHash(), T0)).isFalse();
    }
  }

  @Test
  void replaceAllKeepsKeyIdsAndTimestampsExactly() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    enable(stores, "acct-1");
    Instant at = T0.plusMillis(987);
    List<BackupCodeRecord> mixed = List.of(
        new BackupCodeRecord("acct-1", "k2", Hashes.sha256Hex("m1"), at, null),
        new BackupCodeRecord("acct-1", "key_Z-9", Hashes.sha256Hex("m2"), at, null));
    assertThat(store.replaceAll("acct-1", mixed)).isTrue();
    assertThat(store.list("acct-1")).containsExactlyInAnyOrderElementsOf(mixed);
  }

  @Test
  void replaceAllWhenTheSetIsInvalidThenIllegalArgumentAndNothingChanges() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    enable(stores, "acct-1");
    List<BackupCodeRecord> before = store.list("acct-1");
    BackupCodeRecord fresh = new BackupCodeRecord("acct-1", "k1", Hashes.sha256Hex("f"), T0, null);
    assertThatThrownBy(() -> store.replaceAll("acct-1", codes("acct-2", 10, T0, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.replaceAll("acct-1", List.of(fresh.withUsedAt(T0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.replaceAll("acct-1", List.of(fresh, fresh)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.list("acct-1")).isEqualTo(before);
  }

  @Test
  void concurrentConsumesOfOneCodeHaveExactlyOneWinner() throws Exception {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    String hash = enable(stores, "acct-1").get(5).codeHash();
    int wins = TotpStoreContract.race(64, n -> () -> store.consume("acct-1", hash,
        T0.plusMillis(n)));
    assertThat(wins).isEqualTo(1);
    assertThat(store.countRemaining("acct-1")).isEqualTo(9);
  }

  @Test
  void concurrentConsumesOfDifferentCodesAllWin() throws Exception {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    int wins = TotpStoreContract.race(40, n -> () -> store.consume("acct-1",
        set.get(n % 10).codeHash(), T0));
    assertThat(wins).isEqualTo(10);
    assertThat(store.countRemaining("acct-1")).isZero();
  }

  /**
   * Regeneration races with consumption and reads: a reader only ever sees one whole set, a code
   * of a replaced set never works after {@code replaceAll} returned, and each code wins once.
   */
  @Test
  void concurrentRegenerateAndConsumeNeverLeaveAMixedSet() throws Exception {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    enable(stores, "acct-1");
    int generations = 60;
    List<List<BackupCodeRecord>> sets = new ArrayList<>();
    for (int g = 0; g < generations; g++) {
      sets.add(codes("acct-1", 10, T0.plusSeconds(g + 1), "gen" + g));
    }
    AtomicInteger current = new AtomicInteger(-1); // index of the newest set whose replace returned
    AtomicBoolean done = new AtomicBoolean();
    Set<String> won = ConcurrentHashMap.newKeySet();
    List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      tasks.add(pool.submit(() -> {
        start.await();
        for (int g = 0; g < generations; g++) {
          assertThat(store.replaceAll("acct-1", sets.get(g))).isTrue();
          current.set(g);
          if (g > 0) {
            for (BackupCodeRecord r : sets.get(g - 1)) {
              if (store.consume("acct-1", r.codeHash(), T0)) {
                problems.add("code of replaced set " + (g - 1) + " still worked");
              }
            }
          }
        }
        done.set(true);
        return null;
      }));
      for (int t = 0; t < 4; t++) {
        tasks.add(pool.submit(() -> {
          start.await();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          while (!done.get()) {
            int g = Math.max(0, current.get() + rnd.nextInt(0, 2));
            if (g >= generations) {
              continue;
            }
            BackupCodeRecord r = sets.get(g).get(rnd.nextInt(10));
            if (store.consume("acct-1", r.codeHash(), T0) && !won.add(r.codeHash())) {
              problems.add("a code was consumed twice");
            }
          }
          return null;
        }));
      }
      for (int t = 0; t < 3; t++) {
        tasks.add(pool.submit(() -> {
          start.await();
          while (!done.get()) {
            List<BackupCodeRecord> seen = store.list("acct-1");
            long stamps = seen.stream().map(BackupCodeRecord::createdAt).distinct().count();
            if (seen.size() != 10 || stamps != 1) {
              problems.add("mixed or partial set: " + seen.size() + " codes, " + stamps
                  + " generations");
            }
            int remaining = store.countRemaining("acct-1");
            if (remaining < 0 || remaining > 10) {
              problems.add("remaining out of range: " + remaining);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : tasks) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
    assertThat(store.list("acct-1")).extracting(BackupCodeRecord::codeHash)
        .containsExactlyInAnyOrderElementsOf(
            sets.get(generations - 1).stream().map(BackupCodeRecord::codeHash).toList());
  }

  @Test
  void deletingTheTotpCredentialDeletesTheCodesAndBlocksReplaceAll() {
    Stores stores = emptyStores();
    BackupCodeStore store = stores.backupCodes();
    List<BackupCodeRecord> set = enable(stores, "acct-1");
    assertThat(stores.totp().deleteAll("acct-1")).isTrue();
    assertThat(store.consume("acct-1", set.get(0).codeHash(), T0)).isFalse();
    assertThat(store.replaceAll("acct-1", codes("acct-1", 10, T0, "after"))).isFalse();
    assertThat(store.list("acct-1")).isEmpty();
  }
}
