package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.store.tck.MutableClock;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The limiter never lets more attempts through than the policy allows, in any interleaving: bursts
 * of concurrent attempts at one instant get exactly the allowance a sequential model computes.
 */
class AttemptLimiterProperties {
  private static final AttemptPolicy POLICY = AttemptPolicy.builder().freeAttempts(5)
      .baseDelay(Duration.ofSeconds(30)).maxDelay(Duration.ofMinutes(15)).hardStop(12).build();
  private static final AtomicInteger ADDRESSES = new AtomicInteger();
  private static ExecutorService pool;

  @BeforeContainer
  static void startPool() {
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterContainer
  static void stopPool() {
    pool.shutdownNow();
  }

  /** One step: a burst of concurrent attempts, a success, or time passing. */
  sealed interface Op permits Burst, Success, Advance {}

  record Burst(int threads) implements Op {}

  record Success() implements Op {}

  record Advance(Duration by) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> burst = Arbitraries.integers().between(1, 8).map(Burst::new);
    Arbitrary<Op> success = Arbitraries.just(new Success());
    Arbitrary<Op> advance = Arbitraries.longs().between(1, 2_000).map(s -> new Advance(
        Duration.ofSeconds(s)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, burst), net.jqwik.api.Tuple.of(1, success),
        net.jqwik.api.Tuple.of(3, advance)).list().ofMaxSize(40);
  }

  @Property(tries = 60)
  void burstsGetExactlyTheModelsAllowance(@ForAll("ops") List<Op> ops) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AttemptLimiter limiter = AttemptLimiter.create(new InMemoryAttemptStore(), clock, POLICY,
        AttemptPolicy.perClient());
    int modelAttempts = 0;
    Instant modelLast = null;
    for (Op op : ops) {
      if (op instanceof Advance a) {
        clock.advance(a.by());
      } else if (op instanceof Success) {
        limiter.succeeded(Factor.PASSWORD, "acct");
        modelAttempts = 0;
        modelLast = null;
      } else if (op instanceof Burst b) {
        Instant now = clock.instant();
        if (modelLast != null && !now.isBefore(modelLast.plus(POLICY.forgetAfter()))) {
          modelAttempts = 0;
        }
        int expected;
        if (modelAttempts >= POLICY.hardStop()) {
          expected = 0;
        } else if (modelAttempts < POLICY.freeAttempts()) {
          expected = Math.min(b.threads(), POLICY.freeAttempts() - modelAttempts);
        } else {
          expected = now.isBefore(modelLast.plus(delay(modelAttempts))) ? 0 : 1;
        }
        int permitted = burst(limiter, b.threads());
        assertThat(permitted).as("permitted in a burst of %d after %d attempts", b.threads(),
            modelAttempts).isEqualTo(expected);
        if (expected > 0) {
          modelAttempts += expected;
          modelLast = now;
        }
      }
    }
  }

  /**
   * Attempts from one address to many accounts, counted and then reported (success or failure) in
   * any order at one instant: the address's counter ends at exactly its failures. The interleaving
   * "A counts 0 -> 1, B counts 1 -> 2, A gives back, B gives back" once left B's unit behind.
   */
  @Property(tries = 200)
  void anAddressEndsAtExactlyItsFailuresInAnyOrderOfCountsAndReports(
      @ForAll("reportOrders") List<Integer> order) {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryAttemptStore store = new InMemoryAttemptStore();
    AttemptLimiter limiter = AttemptLimiter.create(store, clock, AttemptPolicy.perAccount(),
        AttemptPolicy.builder().freeAttempts(1000).hardStop(1001).build());
    // Each attempt appears twice in the order: its first occurrence counts it, its second reports
    // it; two in three succeed (give their unit back), the others fail.
    java.util.Map<Integer, AttemptDecision.Permitted> open = new java.util.HashMap<>();
    int failures = 0;
    for (int attempt : order) {
      AttemptDecision.Permitted p = open.remove(attempt);
      if (p == null) {
        p = (AttemptDecision.Permitted) limiter.tryAttempt(Factor.PASSWORD, "acct-" + attempt,
            "198.51.100.9");
        open.put(attempt, p);
      } else if (attempt % 3 != 2) {
        limiter.succeeded(p);
      } else {
        failures++;
      }
    }
    assertThat(store.find("password", "client:198.51.100.9").map(r -> r.attempts()).orElse(0))
        .as("after %s", order).isEqualTo(failures);
  }

  @Provide
  Arbitrary<List<Integer>> reportOrders() {
    return Arbitraries.integers().between(1, 12).flatMap(n -> {
      List<Integer> twice = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        twice.add(i);
        twice.add(i);
      }
      return Arbitraries.shuffle(twice);
    });
  }

  private static Duration delay(int attempts) {
    Duration d = POLICY.baseDelay().multipliedBy(1L << Math.min(attempts - POLICY.freeAttempts(),
        30));
    return d.compareTo(POLICY.maxDelay()) > 0 ? POLICY.maxDelay() : d;
  }

  private static int burst(AttemptLimiter limiter, int threads) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AttemptDecision>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      // A new address each time: this property is about the account's counter alone.
      String address = "2001:db8::" + Integer.toHexString(ADDRESSES.incrementAndGet() & 0xffff);
      results.add(pool.submit(() -> {
        start.await();
        return limiter.tryAttempt(Factor.PASSWORD, "acct", address);
      }));
    }
    start.countDown();
    int permitted = 0;
    for (Future<AttemptDecision> f : results) {
      permitted += f.get(30, TimeUnit.SECONDS).permitted() ? 1 : 0;
    }
    return permitted;
  }
}
