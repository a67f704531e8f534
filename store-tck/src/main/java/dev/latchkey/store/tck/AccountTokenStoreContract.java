package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The behaviour every {@link AccountTokenStore} must have. A store module subclasses this in a few
 * lines and implements {@link #emptyStore()}.
 */
public abstract class AccountTokenStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String RESET = AccountTokenRecord.PASSWORD_RESET;
  private static final String VERIFY = AccountTokenRecord.VERIFY_EMAIL;

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected AccountTokenStoreContract() {}

  /** A store with no tokens in it; called once per test (it may be cleared). */
  protected abstract AccountTokenStore emptyStore();

  /** A fresh reset token of {@code account} made from {@code token}, living thirty minutes. */
  protected static AccountTokenRecord token(String account, String purpose, String token,
      Instant created) {
    return new AccountTokenRecord(Hashes.sha256Hex(token), purpose, account, null, null,
        "k1:" + Hashes.sha256Hex("fingerprint/" + account), created,
        created.plus(Duration.ofMinutes(30)), null);
  }

  @Test
  void issueThenFindReturnsTheSameRow() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord t = token("acct-1", RESET, "t1", T0.plusMillis(7));
    store.issue(t);
    assertThat(store.find(t.tokenHash())).contains(t);
    assertThat(store.find(Hashes.sha256Hex("t2"))).isEmpty();
    assertThat(store.find(t.tokenHash().toUpperCase(java.util.Locale.ROOT)))
        .as("hashes compare exactly").isEmpty();
  }

  @Test
  void storedValuesRoundTripExactlyIncludingLongTextAndNulls() {
    AccountTokenStore store = emptyStore();
    String account = "a".repeat(255);
    String longAddress = "x".repeat(64) + "@" + "d".repeat(63) + "." + "e".repeat(63) + "."
        + "f".repeat(58) + ".io";
    AccountTokenRecord full = new AccountTokenRecord(Hashes.sha256Hex("full"),
        AccountTokenRecord.CHANGE_EMAIL, account, longAddress, "Old.Person@example.com",
        "f".repeat(AccountTokenRecord.MAX_FINGERPRINT_LENGTH), T0.plusMillis(123),
        T0.plusSeconds(86_400).plusMillis(456), null);
    AccountTokenRecord bare = new AccountTokenRecord(Hashes.sha256Hex("bare"),
        AccountTokenRecord.UNDO_EMAIL_CHANGE, "acct-\u00e9", null, null, null, T0, T0.plusSeconds(1),
        null);
    assertThat(longAddress).hasSize(254);
    store.issue(full);
    store.issue(bare);
    assertThat(store.find(full.tokenHash())).contains(full);
    assertThat(store.find(bare.tokenHash())).contains(bare);
  }

  @Test
  void issuingAHashTwiceIsAStoreExceptionAndKeepsTheFirst() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord first = token("acct-1", RESET, "same", T0);
    store.issue(first);
    assertThatThrownBy(() -> store.issue(token("acct-2", VERIFY, "same", T0.plusSeconds(1))))
        .isInstanceOf(StoreException.class);
    assertThat(store.find(first.tokenHash())).contains(first);
  }

  @Test
  void consumeOnceThenFalseAndTheRowRemembersWhen() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord t = token("acct-1", RESET, "t1", T0);
    store.issue(t);
    Instant at = T0.plusSeconds(60).plusMillis(5);
    assertThat(store.consume(t.tokenHash(), RESET, at)).isTrue();
    assertThat(store.consume(t.tokenHash(), RESET, at.plusSeconds(1))).isFalse();
    assertThat(store.find(t.tokenHash())).contains(t.withConsumedAt(at));
  }

  @Test
  void consumeWithAnotherPurposeOrHashIsFalseAndTouchesNothing() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord t = token("acct-1", RESET, "t1", T0);
    store.issue(t);
    assertThat(store.consume(t.tokenHash(), VERIFY, T0.plusSeconds(1))).isFalse();
    assertThat(store.consume(Hashes.sha256Hex("t2"), RESET, T0.plusSeconds(1))).isFalse();
    assertThat(store.find(t.tokenHash())).contains(t);
  }

  @Test
  void anExpiredTokenCannotBeConsumedButIsFoundUntilPurged() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord t = token("acct-1", RESET, "t1", T0);
    store.issue(t);
    assertThat(store.consume(t.tokenHash(), RESET, t.expiresAt())).as("at expiry").isFalse();
    assertThat(store.find(t.tokenHash())).contains(t);
    assertThat(store.consume(t.tokenHash(), RESET, t.expiresAt().minusMillis(1))).isTrue();
  }

  @Test
  void revokeDeletesTheAccountsTokensOfThatPurposeOnly() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord a1 = token("acct-1", RESET, "a1", T0);
    AccountTokenRecord a2 = token("acct-1", RESET, "a2", T0.plusSeconds(1));
    AccountTokenRecord verify = token("acct-1", VERIFY, "v", T0);
    AccountTokenRecord other = token("acct-2", RESET, "o", T0);
    AccountTokenRecord upper = token("ACCT-1", RESET, "u", T0);
    for (AccountTokenRecord t : List.of(a1, a2, verify, other, upper)) {
      store.issue(t);
    }
    store.consume(a1.tokenHash(), RESET, T0.plusSeconds(2));
    assertThat(store.revoke("acct-1", RESET)).isEqualTo(2);
    assertThat(store.find(a1.tokenHash())).isEmpty();
    assertThat(store.find(a2.tokenHash())).isEmpty();
    assertThat(store.consume(a2.tokenHash(), RESET, T0.plusSeconds(3))).isFalse();
    assertThat(store.find(verify.tokenHash())).contains(verify);
    assertThat(store.find(other.tokenHash())).contains(other);
    assertThat(store.find(upper.tokenHash())).as("account ids compare exactly").contains(upper);
    assertThat(store.revoke("acct-1", RESET)).isZero();
  }

  @Test
  void revokeIssuedAfterDeletesOnlyTheAccountsLaterTokensOfThatPurpose() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord before = token("acct-1", RESET, "before", T0.minusSeconds(1));
    AccountTokenRecord at = token("acct-1", RESET, "at", T0);
    AccountTokenRecord later = token("acct-1", RESET, "later", T0.plusMillis(1));
    AccountTokenRecord laterUsed = token("acct-1", RESET, "later-used", T0.plusSeconds(5));
    AccountTokenRecord verify = token("acct-1", VERIFY, "v", T0.plusSeconds(5));
    AccountTokenRecord other = token("acct-2", RESET, "o", T0.plusSeconds(5));
    for (AccountTokenRecord t : List.of(before, at, later, laterUsed, verify, other)) {
      store.issue(t);
    }
    store.consume(laterUsed.tokenHash(), RESET, T0.plusSeconds(6));
    assertThat(store.revokeIssuedAfter("acct-1", RESET, T0)).isEqualTo(2);
    assertThat(store.find(later.tokenHash())).isEmpty();
    assertThat(store.find(laterUsed.tokenHash())).isEmpty();
    assertThat(store.find(before.tokenHash())).contains(before);
    assertThat(store.find(at.tokenHash())).as("strictly after").contains(at);
    assertThat(store.find(verify.tokenHash())).contains(verify);
    assertThat(store.find(other.tokenHash())).contains(other);
    assertThat(store.revokeIssuedAfter("acct-1", RESET, T0)).isZero();
  }

  @Test
  void purgeDeletesTokensExpiredBeforeTheCutOffOnly() {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord old = token("acct-1", RESET, "old", T0);
    AccountTokenRecord edge = token("acct-2", RESET, "edge", T0.plusSeconds(60));
    AccountTokenRecord fresh = token("acct-3", VERIFY, "fresh", T0.plusSeconds(3600));
    store.issue(old);
    store.issue(edge);
    store.issue(fresh);
    store.consume(old.tokenHash(), RESET, T0.plusSeconds(1));
    assertThat(store.purge(edge.expiresAt())).isEqualTo(1);
    assertThat(store.find(old.tokenHash())).isEmpty();
    assertThat(store.find(edge.tokenHash())).contains(edge);
    assertThat(store.find(fresh.tokenHash())).contains(fresh);
  }

  /** Of many concurrent consumes of one token, exactly one wins. */
  @Test
  void concurrentConsumesOfOneTokenHaveExactlyOneWinner() throws Exception {
    AccountTokenStore store = emptyStore();
    AccountTokenRecord t = token("acct-1", RESET, "race", T0);
    store.issue(t);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Instant at = T0.plusMillis(1 + i);
        results.add(pool.submit(() -> {
          start.await();
          return store.consume(t.tokenHash(), RESET, at);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.find(t.tokenHash()).orElseThrow().consumedAt()).isNotNull();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Whatever sequence of issues, revokes and consumes (of issued, revoked and never-issued tokens,
   * at any time), a token is accepted at most once, only while issued, unrevoked and unexpired.
   * Few tries: database stores run it too.
   */
  @Property(tries = 20)
  void aTokenIsAcceptedAtMostOnceAndOnlyWhileLive(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 59) Integer> steps) {
    AccountTokenStore store = emptyStore();
    List<AccountTokenRecord> issued = new ArrayList<>();
    Map<String, Boolean> usable = new HashMap<>();
    Instant now = T0;
    int n = 0;
    for (int v : steps) {
      now = now.plusSeconds(v % 5 == 0 ? 1900 : 60);
      if (v % 4 == 0) {
        AccountTokenRecord t = token("acct-" + (v % 2), RESET, "t" + (n++), now);
        issued.add(t);
        usable.put(t.tokenHash(), true);
        store.issue(t);
        continue;
      }
      if (v % 7 == 0) {
        String account = "acct-" + (v % 2);
        store.revoke(account, RESET);
        for (AccountTokenRecord t : issued) {
          if (t.accountId().equals(account)) {
            usable.put(t.tokenHash(), false);
          }
        }
        continue;
      }
      AccountTokenRecord tried = issued.isEmpty() || v % 4 == 1
          ? token("acct-0", RESET, "never-" + v, now) : issued.get(v % issued.size());
      Instant at = now;
      boolean expected = usable.getOrDefault(tried.tokenHash(), false)
          && at.isBefore(tried.expiresAt());
      boolean accepted = store.consume(tried.tokenHash(), RESET, at);
      assertThat(accepted).isEqualTo(expected);
      if (accepted) {
        usable.put(tried.tokenHash(), false);
      }
    }
  }
}
