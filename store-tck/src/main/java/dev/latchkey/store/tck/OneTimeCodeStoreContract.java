package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.CodeFactorRecord;
import dev.latchkey.spi.OneTimeCodeRecord;
import dev.latchkey.spi.OneTimeCodeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OneTimeCodeStore} must have. A store module subclasses this in a few
 * lines and implements {@link #emptyStore()}.
 */
public abstract class OneTimeCodeStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String SIGN_IN = OneTimeCodeRecord.SIGN_IN;
  private static final String ENROLMENT = OneTimeCodeRecord.ENROLMENT;

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected OneTimeCodeStoreContract() {}

  /** A store with no codes and no factors in it; called once per test (it may be cleared). */
  protected abstract OneTimeCodeStore emptyStore();

  /** A fresh SMS sign-in code of {@code account}, made from {@code code}, living ten minutes. */
  protected static OneTimeCodeRecord code(String account, String purpose, String code,
      Instant created) {
    return new OneTimeCodeRecord(account, purpose, "sms", "+14155550123", "k1",
        Hashes.sha256Hex(account + "/" + purpose + "/" + code), created,
        created.plus(Duration.ofMinutes(10)), null);
  }

  @Test
  void issueThenFindReturnsTheSameRow() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord c = code("acct-1", SIGN_IN, "123456", T0.plusMillis(7));
    store.issue(c);
    assertThat(store.find("acct-1", SIGN_IN)).contains(c);
    assertThat(store.find("acct-1", ENROLMENT)).isEmpty();
    assertThat(store.find("acct-2", SIGN_IN)).isEmpty();
    assertThat(store.find("ACCT-1", SIGN_IN)).as("account ids compare exactly").isEmpty();
  }

  @Test
  void issueReplacesTheCodeOfThatPurposeOnly() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord first = code("acct-1", SIGN_IN, "111111", T0);
    OneTimeCodeRecord enrol = code("acct-1", ENROLMENT, "222222", T0);
    store.issue(first);
    store.issue(enrol);
    assertThat(store.consume("acct-1", SIGN_IN, first.codeHash(), T0.plusSeconds(1))).isTrue();
    OneTimeCodeRecord second = new OneTimeCodeRecord("acct-1", SIGN_IN, "email",
        "someone@example.com", "k2", Hashes.sha256Hex("second"), T0.plusSeconds(2),
        T0.plusSeconds(602), null);
    store.issue(second);
    assertThat(store.find("acct-1", SIGN_IN)).contains(second);
    assertThat(store.find("acct-1", ENROLMENT)).contains(enrol);
    assertThat(store.consume("acct-1", SIGN_IN, first.codeHash(), T0.plusSeconds(3)))
        .as("the replaced code").isFalse();
    assertThat(store.consume("acct-1", SIGN_IN, second.codeHash(), T0.plusSeconds(3))).isTrue();
  }

  @Test
  void consumeOnceThenFalseAndTheRowRemembersWhen() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord c = code("acct-1", SIGN_IN, "123456", T0);
    store.issue(c);
    Instant at = T0.plusMillis(10_456);
    assertThat(store.consume("acct-1", SIGN_IN, c.codeHash(), at)).isTrue();
    assertThat(store.consume("acct-1", SIGN_IN, c.codeHash(), at.plusSeconds(1))).isFalse();
    OneTimeCodeRecord after = store.find("acct-1", SIGN_IN).orElseThrow();
    assertThat(after).isEqualTo(c.withConsumedAt(at));
    assertThat(after.liveAt(at.plusSeconds(2))).isFalse();
  }

  @Test
  void consumeWithAWrongHashAccountOrPurposeIsFalseAndTouchesNothing() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord c = code("acct-1", SIGN_IN, "123456", T0);
    store.issue(c);
    Instant at = T0.plusSeconds(1);
    assertThat(store.consume("acct-1", SIGN_IN, Hashes.sha256Hex("wrong"), at)).isFalse();
    assertThat(store.consume("acct-1", SIGN_IN, c.codeHash().toUpperCase(), at)).isFalse();
    assertThat(store.consume("acct-2", SIGN_IN, c.codeHash(), at)).isFalse();
    assertThat(store.consume("acct-1", ENROLMENT, c.codeHash(), at)).isFalse();
    assertThat(store.consume("acct-1", SIGN_IN, "' OR 1=1 --", at)).isFalse();
    assertThat(store.find("acct-1", SIGN_IN)).contains(c);
  }

  @Test
  void anExpiredCodeCannotBeConsumedButIsFoundUntilPurged() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord c = code("acct-1", SIGN_IN, "123456", T0);
    store.issue(c);
    assertThat(store.consume("acct-1", SIGN_IN, c.codeHash(), c.expiresAt())).isFalse();
    assertThat(store.find("acct-1", SIGN_IN)).contains(c);
    assertThat(store.consume("acct-1", SIGN_IN, c.codeHash(), c.expiresAt().minusMillis(1)))
        .isTrue();
  }

  @Test
  void purgeDeletesCodesExpiredBeforeTheCutOffOnly() {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord old = code("acct-1", SIGN_IN, "111111", T0);
    OneTimeCodeRecord live = code("acct-2", SIGN_IN, "222222", T0.plusSeconds(60));
    store.issue(old);
    store.issue(live);
    assertThat(store.purge(old.expiresAt())).as("expiry not before the cut-off").isZero();
    assertThat(store.purge(old.expiresAt().plusMillis(1))).isEqualTo(1);
    assertThat(store.find("acct-1", SIGN_IN)).isEmpty();
    assertThat(store.find("acct-2", SIGN_IN)).contains(live);
  }

  @Test
  void storedValuesRoundTripExactlyIncludingLongText() {
    OneTimeCodeStore store = emptyStore();
    String account = "a".repeat(255);
    String address = "l".repeat(64) + "@" + "d".repeat(63) + "." + "e".repeat(63) + "."
        + "f".repeat(58) + ".io";
    assertThat(address).hasSize(OneTimeCodeRecord.MAX_DESTINATION_LENGTH);
    OneTimeCodeRecord c = new OneTimeCodeRecord(account, ENROLMENT, "email", address,
        "k".repeat(64), Hashes.sha256Hex("long"), T0.plusMillis(123), T0.plusMillis(600_123),
        null);
    store.issue(c);
    assertThat(store.find(account, ENROLMENT)).contains(c);
    CodeFactorRecord f = new CodeFactorRecord(account, "email", address, T0.plusMillis(999));
    store.putFactor(f);
    assertThat(store.factors(account)).containsExactly(f);
  }

  @Test
  void factorsArePerChannelReplacedAndRemoved() {
    OneTimeCodeStore store = emptyStore();
    CodeFactorRecord sms = new CodeFactorRecord("acct-1", "sms", "+14155550123", T0);
    CodeFactorRecord email = new CodeFactorRecord("acct-1", "email", "a@example.com", T0);
    CodeFactorRecord other = new CodeFactorRecord("acct-2", "sms", "+14155550199", T0);
    assertThat(store.factors("acct-1")).isEmpty();
    store.putFactor(sms);
    store.putFactor(email);
    store.putFactor(other);
    assertThat(store.factors("acct-1")).containsExactly(email, sms);
    CodeFactorRecord newPhone =
        new CodeFactorRecord("acct-1", "sms", "+442079460018", T0.plusSeconds(5));
    store.putFactor(newPhone);
    assertThat(store.factors("acct-1")).containsExactly(email, newPhone);
    assertThat(store.removeFactor("acct-1", "sms")).isTrue();
    assertThat(store.removeFactor("acct-1", "sms")).isFalse();
    assertThat(store.removeFactor("ACCT-1", "email")).isFalse();
    assertThat(store.factors("acct-1")).containsExactly(email);
    assertThat(store.factors("acct-2")).containsExactly(other);
  }

  /** Of many concurrent consumes of one code, exactly one wins. */
  @Test
  void concurrentConsumesOfOneCodeHaveExactlyOneWinner() throws Exception {
    OneTimeCodeStore store = emptyStore();
    OneTimeCodeRecord c = code("acct-1", SIGN_IN, "123456", T0);
    store.issue(c);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Instant at = T0.plusMillis(1 + i);
        results.add(pool.submit(() -> {
          start.await();
          return store.consume("acct-1", SIGN_IN, c.codeHash(), at);
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

  /** Concurrent issues for one account leave exactly one of them, whole. */
  @Test
  void concurrentIssuesLeaveOneWholeCode() throws Exception {
    OneTimeCodeStore store = emptyStore();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<OneTimeCodeRecord> issued = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        OneTimeCodeRecord c = code("acct-1", SIGN_IN, "code-" + i, T0.plusMillis(i));
        issued.add(c);
        results.add(pool.submit(() -> {
          start.await();
          store.issue(c);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : results) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    OneTimeCodeRecord left = store.find("acct-1", SIGN_IN).orElseThrow();
    assertThat(issued).contains(left);
    int accepted = 0;
    for (OneTimeCodeRecord c : issued) {
      accepted += store.consume("acct-1", SIGN_IN, c.codeHash(), T0.plusSeconds(1)) ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(1);
  }

  /**
   * Whatever sequence of issues and consumes (right and wrong codes, at any time), a code is
   * accepted at most once, only while it is the account's current unexpired code, and a hash that
   * was never issued is never accepted. Few tries: database stores run it too.
   */
  @Property(tries = 20)
  void aCodeIsAcceptedAtMostOnceAndOnlyWhileCurrentAndLive(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 59) Integer> steps) {
    OneTimeCodeStore store = emptyStore();
    List<OneTimeCodeRecord> issued = new ArrayList<>();
    OneTimeCodeRecord current = null;
    boolean currentUsed = false;
    Instant now = T0;
    int n = 0;
    for (int v : steps) {
      now = now.plusSeconds(v % 5 == 0 ? 700 : 30);
      if (v % 3 == 0) {
        current = code("acct-1", SIGN_IN, "c" + (n++), now);
        issued.add(current);
        currentUsed = false;
        store.issue(current);
        continue;
      }
      // Try an earlier code, the current one, or one never issued.
      OneTimeCodeRecord tried = issued.isEmpty() || v % 3 == 1
          ? code("acct-1", SIGN_IN, "never-" + v, now) : issued.get(v % issued.size());
      boolean expected = current != null && tried.codeHash().equals(current.codeHash())
          && !currentUsed && now.isBefore(current.expiresAt());
      boolean accepted = store.consume("acct-1", SIGN_IN, tried.codeHash(), now);
      assertThat(accepted).isEqualTo(expected);
      if (accepted) {
        currentUsed = true;
      }
    }
  }
}
