package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.KnownDeviceRecord;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KnownDeviceStore} must have. */
public abstract class KnownDeviceStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected KnownDeviceStoreContract() {}

  /** A store with no devices in it; called once per test (the same store may be cleared). */
  protected abstract KnownDeviceStore emptyStore();

  /** A fresh device of {@code account}, issued at {@code created}, living 180 days. */
  protected static KnownDeviceRecord device(String account, Instant created) {
    String id = "dev-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
    return new KnownDeviceRecord(id, Hashes.sha256Hex("token-" + id), account, created,
        created.plus(Duration.ofDays(180)));
  }

  @Test
  void insertThenFindByTokenHashReturnsTheSameRowExactly() {
    KnownDeviceStore store = emptyStore();
    Instant created = T0.plusMillis(123);
    KnownDeviceRecord d = new KnownDeviceRecord("dev-exact", Hashes.sha256Hex("exact"),
        "a".repeat(255), created, created.plusMillis(15_552_000_001L));
    store.insert(d);
    assertThat(store.findByTokenHash(d.tokenHash())).contains(d);
  }

  @Test
  void findWhenNothingMatchesThenEmpty() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord d = device("acct-1", T0);
    store.insert(d);
    assertThat(store.findByTokenHash(Hashes.sha256Hex("never issued"))).isEmpty();
    assertThat(store.findByTokenHash("")).isEmpty();
    assertThat(store.findByTokenHash(d.tokenHash().toUpperCase())).isEmpty();
    assertThat(store.findByTokenHash("' OR 1=1 --")).isEmpty();
  }

  @Test
  void anExpiredDeviceIsStillFoundUntilPurged() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord d = device("acct-1", T0);
    store.insert(d);
    assertThat(store.findByTokenHash(d.tokenHash())).contains(d);
    assertThat(d.liveAt(d.expiresAt())).isFalse();
    assertThat(d.liveAt(d.expiresAt().minusMillis(1))).isTrue();
  }

  @Test
  void insertWhenIdOrTokenHashTakenThenStoreExceptionAndNothingChanges() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord d = device("acct-1", T0);
    store.insert(d);
    KnownDeviceRecord sameHash = new KnownDeviceRecord("other-id", d.tokenHash(), "acct-2", T0,
        T0.plusSeconds(60));
    KnownDeviceRecord sameId = new KnownDeviceRecord(d.id(), Hashes.sha256Hex("other"),
        "acct-2", T0, T0.plusSeconds(60));
    assertThatThrownBy(() -> store.insert(d)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(StoreException.class);
    assertThat(store.findByTokenHash(d.tokenHash())).contains(d);
    assertThat(store.findByTokenHash(sameId.tokenHash())).isEmpty();
  }

  @Test
  void deleteRemovesOnlyThatDeviceOfThatAccount() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord a = device("acct-1", T0);
    KnownDeviceRecord b = device("acct-1", T0);
    store.insert(a);
    store.insert(b);
    assertThat(store.delete("acct-2", a.id())).as("another account's").isFalse();
    assertThat(store.delete("acct-1", "no-such-id")).isFalse();
    assertThat(store.findByTokenHash(a.tokenHash())).contains(a);
    assertThat(store.delete("acct-1", a.id())).isTrue();
    assertThat(store.delete("acct-1", a.id())).as("only once").isFalse();
    assertThat(store.findByTokenHash(a.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(b.tokenHash())).contains(b);
  }

  @Test
  void deleteAllRemovesEveryDeviceOfTheAccountAndNoOther() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord a = device("acct-1", T0);
    KnownDeviceRecord b = device("acct-1", T0.plusSeconds(5));
    KnownDeviceRecord other = device("acct-2", T0);
    store.insert(a);
    store.insert(b);
    store.insert(other);
    assertThat(store.deleteAll("acct-1")).isEqualTo(2);
    assertThat(store.deleteAll("acct-1")).isZero();
    assertThat(store.findByTokenHash(a.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(b.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(other.tokenHash())).contains(other);
    assertThat(store.deleteAll("nobody")).isZero();
  }

  @Test
  void purgeDeletesDevicesExpiredBeforeTheCutoff() {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord old = device("acct-1", T0);
    KnownDeviceRecord live = device("acct-1", T0.plus(Duration.ofDays(10)));
    store.insert(old);
    store.insert(live);
    assertThat(store.purge(old.expiresAt())).as("expiring at the cut-off is not before it")
        .isZero();
    assertThat(store.purge(old.expiresAt().plusMillis(1))).isEqualTo(1);
    assertThat(store.findByTokenHash(old.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(live.tokenHash())).contains(live);
    assertThat(store.purge(old.expiresAt().plusMillis(1))).isZero();
  }

  @Test
  void concurrentDeletesOfOneDeviceHaveExactlyOneWinner() throws Exception {
    KnownDeviceStore store = emptyStore();
    KnownDeviceRecord d = device("acct-1", T0);
    store.insert(d);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return store.delete("acct-1", d.id());
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nullArgumentsAreRefused() {
    KnownDeviceStore store = emptyStore();
    assertThatThrownBy(() -> store.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.findByTokenHash(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.delete(null, "id")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.delete("acct", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.deleteAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.purge(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRecordWithoutARequiredFieldCannotBeMade() {
    assertThatThrownBy(() -> new KnownDeviceRecord(null, "h", "a", T0, T0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new KnownDeviceRecord("i", "h", "a", T0, null))
        .isInstanceOf(NullPointerException.class);
  }
}
