package dev.latchkey.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guarded cache's two promises: no stale entry survives an invalidation; dark while lost. */
class GuardedCacheTest {
  record Entry(String id, boolean active) {}

  private static GuardedCache<Entry> cache(InvalidationBus bus) {
    return GuardedCache.create("test", new MapCache<>(1000),
        (i, e) -> e.id().equals(i.id()), bus);
  }

  /**
   * Readers keep looking a key up (ticket, read the "store", put) while a writer revokes it (store
   * write, then invalidate). Once invalidate has returned, the cache must never again answer the
   * active row, however the readers interleave.
   */
  @Test
  void lookupsRacingARevocationThenNoStaleEntrySurvivesTheInvalidation() throws Exception {
    GuardedCache<Entry> cache = cache(null);
    for (int round = 0; round < 300; round++) {
      String key = "k" + round;
      AtomicReference<Entry> store = new AtomicReference<>(new Entry(key, true));
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(4);
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread reader = new Thread(() -> {
          started.countDown();
          while (!stop.get()) {
            long ticket = cache.ticket();
            Entry row = store.get();
            if (row.active()) {
              cache.put(key, row, ticket);
            }
          }
        });
        reader.start();
        readers.add(reader);
      }
      started.await();
      store.set(new Entry(key, false));
      cache.invalidate(Invalidation.session(key));
      for (int check = 0; check < 200; check++) {
        assertThat(cache.get(key)).as("round " + round).isNull();
      }
      stop.set(true);
      for (Thread r : readers) {
        r.join();
      }
      assertThat(cache.get(key)).isNull();
    }
  }

  @Test
  void busLostThenDarkAndEmptyUntilConnectedAgain() {
    List<InvalidationListener> listeners = new ArrayList<>();
    InvalidationBus bus = new InvalidationBus() {
      @Override
      public void publish(Invalidation invalidation) {}

      @Override
      public Subscription subscribe(InvalidationListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
      }

      @Override
      public void close() {}
    };
    GuardedCache<Entry> cache = cache(bus);
    assertThat(cache.ticket()).as("dark until the bus says connected")
        .isEqualTo(GuardedCache.NO_TICKET);
    listeners.forEach(InvalidationListener::onConnected);
    long ticket = cache.ticket();
    cache.put("a", new Entry("a", true), ticket);
    assertThat(cache.get("a")).isNotNull();

    long before = cache.ticket();
    listeners.forEach(InvalidationListener::onConnectionLost);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
    cache.put("b", new Entry("b", true), before);
    cache.put("c", new Entry("c", true), cache.ticket());
    assertThat(cache.size()).as("nothing is kept while dark").isZero();

    listeners.forEach(InvalidationListener::onConnected);
    cache.put("d", new Entry("d", true), before);
    assertThat(cache.get("d")).as("a lookup from before the loss is not kept").isNull();
    cache.put("e", new Entry("e", true), cache.ticket());
    assertThat(cache.get("e")).isNotNull();
  }

  @Test
  void invalidationThenOnlyTheMatchingEntriesGo() {
    GuardedCache<Entry> cache = cache(null);
    cache.put("a", new Entry("s1", true), cache.ticket());
    cache.put("b", new Entry("s2", true), cache.ticket());
    cache.onInvalidation(Invalidation.session("s1"));
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNotNull();
  }

  /**
   * A lookup that reads the epoch while an invalidation is half done (inside its write lock,
   * before its entries are removed) and still sees the old entry must not be able to put that
   * entry back once the invalidation finishes: an API key's last-use refresh (ticket, get, put)
   * did, when the epoch was bumped before the removal. Deterministic: the removal waits for the
   * test.
   */
  @Test
  void aTicketTakenDuringAnInvalidationCannotPutBackTheEntryItRemoves() throws Exception {
    CountDownLatch removing = new CountDownLatch(1);
    CountDownLatch mayRemove = new CountDownLatch(1);
    MapCache<Entry> map = new MapCache<>(1000);
    BoundedCache<Entry> slowRemoval = new BoundedCache<>() {
      @Override
      public Entry get(String key) {
        return map.get(key);
      }

      @Override
      public void put(String key, Entry value) {
        map.put(key, value);
      }

      @Override
      public void remove(String key) {
        map.remove(key);
      }

      @Override
      public void removeIf(java.util.function.Predicate<? super Entry> filter) {
        removing.countDown();
        try {
          mayRemove.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        map.removeIf(filter);
      }

      @Override
      public void clear() {
        map.clear();
      }

      @Override
      public long size() {
        return map.size();
      }
    };
    GuardedCache<Entry> cache = GuardedCache.create("test", slowRemoval,
        (i, e) -> e.id().equals(i.id()), null);
    cache.put("k", new Entry("k", true), cache.ticket());

    Thread revoke = new Thread(() -> cache.invalidate(Invalidation.session("k")));
    revoke.start();
    removing.await();
    // Half done: the writer holds the lock and has not removed the entry yet.
    long ticket = cache.ticket();
    Entry seen = cache.get("k");
    assertThat(seen).isNotNull();
    Thread refresh = new Thread(() -> cache.put("k", new Entry("k", true), ticket));
    refresh.start();
    mayRemove.countDown();
    revoke.join();
    refresh.join();

    assertThat(cache.get("k")).isNull();
  }
}
