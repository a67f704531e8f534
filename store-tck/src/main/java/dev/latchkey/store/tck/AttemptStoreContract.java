package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AttemptStore} must have. */
public abstract class AttemptStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected AttemptStoreContract() {}

  /** A store with no counters in it; called once per test. */
  protected abstract AttemptStore emptyStore();

  @Test
  void insertWhenAbsentThenFindReturnsIt() {
    AttemptStore store = emptyStore();
    AttemptRecord first = new AttemptRecord("password", "account:a1", 1, T0);
    assertThat(store.find("password", "account:a1")).isEmpty();
    assertThat(store.compareAndSet(null, first)).isTrue();
    assertThat(store.find("password", "account:a1")).contains(first);
    assertThat(store.find("totp", "account:a1")).isEmpty();
  }

  @Test
  void insertWhenAlreadyPresentThenFalse() {
    AttemptStore store = emptyStore();
    store.compareAndSet(null, new AttemptRecord("password", "account:a1", 1, T0));
    assertThat(store.compareAndSet(null, new AttemptRecord("password", "account:a1", 1, T0)))
        .isFalse();
  }

  @Test
  void compareAndSetOnlyWhenTheCountIsUnchanged() {
    AttemptStore store = emptyStore();
    AttemptRecord one = new AttemptRecord("password", "client:203.0.113.9", 1, T0);
    store.compareAndSet(null, one);
    AttemptRecord two = new AttemptRecord("password", "client:203.0.113.9", 2, T0.plusSeconds(1));
    assertThat(store.compareAndSet(one, two)).isTrue();
    assertThat(store.compareAndSet(one,
        new AttemptRecord("password", "client:203.0.113.9", 2, T0.plusSeconds(2)))).isFalse();
    assertThat(store.find("password", "client:203.0.113.9")).contains(two);
  }

  @Test
  void compareAndSetWhenRowWasResetThenFalse() {
    AttemptStore store = emptyStore();
    AttemptRecord one = new AttemptRecord("totp", "account:a1", 1, T0);
    store.compareAndSet(null, one);
    store.reset("totp", "account:a1");
    assertThat(store.compareAndSet(one, new AttemptRecord("totp", "account:a1", 2, T0)))
        .isFalse();
    assertThat(store.find("totp", "account:a1")).isEmpty();
    store.reset("totp", "account:a1");
  }

  @Test
  void compareAndSetToAbsentRemovesOnlyWhileTheCountIsUnchanged() {
    AttemptStore store = emptyStore();
    AttemptRecord one = new AttemptRecord("password", "client:198.51.100.7", 1, T0);
    AttemptRecord two = new AttemptRecord("password", "client:198.51.100.7", 2, T0.plusSeconds(1));
    assertThat(store.compareAndSet(one, null)).as("absent").isFalse();
    store.compareAndSet(null, one);
    store.compareAndSet(one, two);
    assertThat(store.compareAndSet(one, null)).as("moved on since").isFalse();
    assertThat(store.find("password", "client:198.51.100.7")).contains(two);
    assertThat(store.compareAndSet(two, null)).isTrue();
    assertThat(store.find("password", "client:198.51.100.7")).isEmpty();
    assertThat(store.compareAndSet(two, null)).as("only once").isFalse();
    assertThat(store.compareAndSet(null, one)).as("a fresh start").isTrue();
  }

  @Test
  void compareAndSetWithNeitherRowIsRefused() {
    assertThatThrownBy(() -> emptyStore().compareAndSet(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purgeRemovesOnlyIdleCounters() {
    AttemptStore store = emptyStore();
    store.compareAndSet(null, new AttemptRecord("password", "account:old", 3, T0));
    store.compareAndSet(null, new AttemptRecord("password", "account:new", 3, T0.plusSeconds(60)));
    assertThat(store.purge(T0.plusSeconds(30))).isEqualTo(1);
    assertThat(store.find("password", "account:old")).isEmpty();
    assertThat(store.find("password", "account:new")).isPresent();
  }

  @Test
  void limiterOverThisStoreLetsExactlyTheFreeAttemptsThroughUnderContention() throws Exception {
    AttemptStore store = emptyStore();
    MutableClock clock = new MutableClock(T0);
    AttemptPolicy policy = AttemptPolicy.builder().freeAttempts(5).build();
    AttemptLimiter limiter = AttemptLimiter.create(store, clock, policy, AttemptPolicy.perClient());
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<AttemptDecision>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return limiter.tryAttempt(Factor.PASSWORD, "victim", null);
        }));
      }
      start.countDown();
      int permitted = 0;
      for (Future<AttemptDecision> f : results) {
        permitted += f.get(60, TimeUnit.SECONDS).permitted() ? 1 : 0;
      }
      assertThat(permitted).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    clock.advance(Duration.ofSeconds(29));
    assertThat(limiter.tryAttempt(Factor.PASSWORD, "victim", null).permitted()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAttempt(Factor.PASSWORD, "victim", null).permitted()).isTrue();
  }

  /**
   * 48 sign-ins to 48 accounts race from one address: the 16 that succeed give their unit back, the
   * 32 that fail keep theirs. However the compare-and-sets interleave, the address's counter ends
   * at exactly 32, and the free allowance is never exceeded while they race.
   */
  @Test
  void limiterOverThisStoreGivesBackExactlyTheSuccessesUnitsUnderContention() throws Exception {
    AttemptStore store = emptyStore();
    MutableClock clock = new MutableClock(T0);
    AttemptPolicy perClient = AttemptPolicy.builder().freeAttempts(1000).hardStop(1001).build();
    AttemptLimiter limiter = AttemptLimiter.create(store, clock, AttemptPolicy.perAccount(),
        perClient);
    int threads = 48;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String account = "acct-" + i;
        boolean succeeds = i % 3 == 0;
        results.add(pool.submit(() -> {
          start.await();
          AttemptDecision d = limiter.tryAttempt(Factor.PASSWORD, account, "203.0.113.77");
          if (d instanceof AttemptDecision.Permitted p && succeeds) {
            limiter.succeeded(p);
          }
          return d.permitted();
        }));
      }
      start.countDown();
      for (Future<Boolean> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find("password", "client:203.0.113.77"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(32));
  }
}
