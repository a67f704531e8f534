package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
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

/**
 * The behaviour every {@link ChallengeStore} must have. A store module subclasses this in a few
 * lines and implements {@link #emptyStore()}.
 */
public abstract class ChallengeStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected ChallengeStoreContract() {}

  /** A store with no challenges in it; called once per test (the same store may be cleared). */
  protected abstract ChallengeStore emptyStore();

  /** A fresh challenge of {@code account}, created at {@code created}, living five minutes. */
  protected static ChallengeRecord challenge(String account, Instant created) {
    String id = "chal-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
    return new ChallengeRecord(id, Hashes.sha256Hex("token-" + id), account, "203.0.113.7",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", created,
        created.plus(Duration.ofMinutes(5)), null);
  }

  @Test
  void insertThenFindByTokenHashReturnsTheSameRow() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
  }

  @Test
  void findWhenNothingMatchesThenEmpty() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    assertThat(store.findByTokenHash(Hashes.sha256Hex("nope"))).isEmpty();
    assertThat(store.findByTokenHash("")).isEmpty();
    assertThat(store.findByTokenHash(c.tokenHash().toUpperCase())).isEmpty();
    assertThat(store.findByTokenHash("' OR 1=1 --")).isEmpty();
  }

  @Test
  void insertWhenIdOrTokenHashTakenThenStoreExceptionAndNothingChanges() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    ChallengeRecord sameHash = new ChallengeRecord("other-id", c.tokenHash(), "acct-2", "", "",
        T0, T0.plusSeconds(60), null);
    ChallengeRecord sameId = new ChallengeRecord(c.id(), Hashes.sha256Hex("other"), "acct-2",
        "", "", T0, T0.plusSeconds(60), null);
    assertThatThrownBy(() -> store.insert(c)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(StoreException.class);
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
    assertThat(store.findByTokenHash(sameId.tokenHash())).isEmpty();
  }

  @Test
  void storedValuesRoundTripExactlyIncludingLongAndUnicodeText() {
    ChallengeStore store = emptyStore();
    Instant created = T0.plusMillis(123);
    String agent = "Zürich 東京 😀 ";
    agent += "u".repeat(512 - agent.length());
    ChallengeRecord c = new ChallengeRecord("id-unicode", Hashes.sha256Hex("unicode"),
        "a".repeat(255), "2001:db8:85a3::8a2e:370:7334", agent, created,
        created.plusMillis(900_001), null);
    assertThat(c.userAgent()).hasSize(512);
    store.insert(c);
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
  }

  @Test
  void consumeOnceThenFalseAndTheRowRemembersWhen() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    assertThat(store.consume(c.id(), T0.plusSeconds(10))).isTrue();
    assertThat(store.consume(c.id(), T0.plusSeconds(11))).isFalse();
    ChallengeRecord after = store.findByTokenHash(c.tokenHash()).orElseThrow();
    assertThat(after).isEqualTo(c.withConsumedAt(T0.plusSeconds(10)));
    assertThat(after.consumed()).isTrue();
    assertThat(after.liveAt(T0.plusSeconds(12))).isFalse();
  }

  @Test
  void releaseUndoesExactlyTheConsumeMadeAtThatInstant() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    Instant at = T0.plusMillis(10_456);
    assertThat(store.release(c.id(), at)).as("not consumed").isFalse();
    assertThat(store.consume(c.id(), at)).isTrue();
    assertThat(store.release(c.id(), at.plusMillis(1))).as("another consume").isFalse();
    assertThat(store.release("no-such-id", at)).isFalse();
    assertThat(store.findByTokenHash(c.tokenHash()).orElseThrow().consumed()).isTrue();

    assertThat(store.release(c.id(), at)).isTrue();
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
    assertThat(store.release(c.id(), at)).as("only once").isFalse();
    assertThat(store.consume(c.id(), T0.plusSeconds(20))).as("live again").isTrue();
    assertThat(store.release(c.id(), at)).as("the later consume stands").isFalse();
    assertThat(store.consume(c.id(), T0.plusSeconds(21))).isFalse();
  }

  @Test
  void consumeOfAnUnknownIdIsFalseAndTouchesNothing() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    assertThat(store.consume("unknown", T0)).isFalse();
    assertThat(store.consume("", T0)).isFalse();
    assertThat(store.consume(c.id().toUpperCase(), T0)).isFalse();
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
  }

  @Test
  void anExpiredChallengeCannotBeConsumedButIsStillFoundUntilPurged() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    // Dead at and after expiresAt, live one millisecond before.
    assertThat(store.consume(c.id(), c.expiresAt())).isFalse();
    assertThat(store.consume(c.id(), c.expiresAt().plusSeconds(60))).isFalse();
    assertThat(store.findByTokenHash(c.tokenHash())).contains(c);
    assertThat(c.liveAt(c.expiresAt())).isFalse();
    assertThat(c.liveAt(c.expiresAt().minusMillis(1))).isTrue();
    assertThat(store.consume(c.id(), c.expiresAt().minusMillis(1))).isTrue();
  }

  @Test
  void purgeDeletesChallengesExpiredBeforeTheCutoffConsumedOrNot() {
    ChallengeStore store = emptyStore();
    ChallengeRecord old = challenge("acct-1", T0);
    ChallengeRecord oldConsumed = challenge("acct-1", T0);
    ChallengeRecord live = challenge("acct-1", T0.plus(Duration.ofHours(1)));
    ChallengeRecord liveConsumed = challenge("acct-2", T0.plus(Duration.ofHours(1)));
    for (ChallengeRecord r : List.of(old, oldConsumed, live, liveConsumed)) {
      store.insert(r);
    }
    store.consume(oldConsumed.id(), T0.plusSeconds(1));
    store.consume(liveConsumed.id(), T0.plus(Duration.ofHours(1)).plusSeconds(1));
    Instant cutoff = T0.plus(Duration.ofMinutes(30));
    assertThat(store.purge(cutoff)).isEqualTo(2);
    assertThat(store.findByTokenHash(old.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(oldConsumed.tokenHash())).isEmpty();
    assertThat(store.findByTokenHash(live.tokenHash())).contains(live);
    assertThat(store.findByTokenHash(liveConsumed.tokenHash())).isPresent();
    assertThat(store.purge(cutoff)).isZero();
    // Expiring exactly at the cut-off is not "before" it.
    assertThat(store.purge(live.expiresAt())).isZero();
    assertThat(store.purge(live.expiresAt().plusMillis(1))).isEqualTo(2);
  }

  @Test
  void aPurgedChallengeCanNeitherBeFoundNorConsumed() {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    store.purge(c.expiresAt().plusSeconds(1));
    assertThat(store.findByTokenHash(c.tokenHash())).isEmpty();
    assertThat(store.consume(c.id(), T0.plusSeconds(1))).isFalse();
  }

  @Test
  void concurrentConsumesOfOneChallengeHaveExactlyOneWinner() throws Exception {
    ChallengeStore store = emptyStore();
    ChallengeRecord c = challenge("acct-1", T0);
    store.insert(c);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Instant at = T0.plusMillis(1 + i);
        results.add(pool.submit(() -> {
          start.await();
          return store.consume(c.id(), at);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.findByTokenHash(c.tokenHash()).orElseThrow().consumed()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void consumingOneChallengeLeavesTheAccountsOthersAlone() {
    ChallengeStore store = emptyStore();
    ChallengeRecord a = challenge("acct-1", T0);
    ChallengeRecord b = challenge("acct-1", T0);
    store.insert(a);
    store.insert(b);
    assertThat(store.consume(a.id(), T0.plusSeconds(1))).isTrue();
    assertThat(store.findByTokenHash(b.tokenHash())).contains(b);
    assertThat(store.consume(b.id(), T0.plusSeconds(2))).isTrue();
  }

  @Test
  void nullArgumentsAreRefused() {
    ChallengeStore store = emptyStore();
    assertThatThrownBy(() -> store.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.findByTokenHash(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.consume(null, T0)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.consume("id", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.release(null, T0)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.release("id", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.purge(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRecordWithoutARequiredFieldCannotBeMade() {
    assertThatThrownBy(() -> new ChallengeRecord(null, "h", "a", "", "", T0, T0, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ChallengeRecord("i", "h", "a", "", "", T0, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
