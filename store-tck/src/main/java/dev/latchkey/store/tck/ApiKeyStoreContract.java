package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyCacheSettings;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.security.SecureRandom;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ApiKeyStore} must have. A store module subclasses this in a few lines
 * and implements {@link #emptyStore()}.
 */
public abstract class ApiKeyStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected ApiKeyStoreContract() {}

  /** A store with no keys in it; called once per test. */
  protected abstract ApiKeyStore emptyStore();

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A fresh active row with a unique id and hash. */
  protected static ApiKeyRecord key(String owner, Instant created) {
    String id = "key-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
    return new ApiKeyRecord(id, owner, Hashes.sha256Hex("secret-" + id), "lk_live_\u2026a1B2",
        "CI deploys", "read_write", Set.of(), "live", created, null, null, null, null, null);
  }

  private static ApiKeyRecord withId(ApiKeyRecord r, String id) {
    return new ApiKeyRecord(id, r.owner(), Hashes.sha256Hex("secret-" + id), r.hint(), r.name(),
        r.permission(), r.scopes(), r.environment(), r.createdAt(), r.expiresAt(), r.lastUsedAt(),
        r.revokedAt(), r.replacedBy(), r.graceUntil());
  }

  private static ApiKeyRecord expiring(ApiKeyRecord r, Instant expiresAt) {
    return new ApiKeyRecord(r.id(), r.owner(), r.keyHash(), r.hint(), r.name(), r.permission(),
        r.scopes(), r.environment(), r.createdAt(), expiresAt, r.lastUsedAt(), r.revokedAt(),
        r.replacedBy(), r.graceUntil());
  }

  // ---- insert and find ----

  @Test
  void insertThenFindByHashAndByIdReturnTheSameRow() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    assertThat(store.findByHash(k.keyHash())).contains(k);
    assertThat(store.findById(k.id())).contains(k);
  }

  @Test
  void findWhenNothingMatchesThenEmpty() {
    ApiKeyStore store = emptyStore();
    store.insert(key("owner-1", T0));
    assertThat(store.findByHash(Hashes.sha256Hex("nope"))).isEmpty();
    assertThat(store.findByHash("")).isEmpty();
    assertThat(store.findByHash("' OR 1=1 --")).isEmpty();
    assertThat(store.findById("nope")).isEmpty();
    assertThat(store.findById("")).isEmpty();
  }

  @Test
  void findByHashWithOtherLetterCaseNeverReturnsAnotherRow() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    assertThat(store.findByHash(k.keyHash().toUpperCase(java.util.Locale.ROOT)))
        .satisfiesAnyOf(
            found -> assertThat(found).isEmpty(),
            // A case-insensitive collation may return the row; the service re-compares exactly.
            found -> assertThat(found).contains(k));
  }

  @Test
  void insertWhenHashOrIdTakenThenStoreExceptionAndNothingStored() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    ApiKeyRecord sameHash = new ApiKeyRecord("other-id", "owner-2", k.keyHash(), "h", "n",
        "admin", Set.of(), "test", T0, null, null, null, null, null);
    assertThatThrownBy(() -> store.insert(k)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(new ApiKeyRecord(k.id(), "owner-2",
        Hashes.sha256Hex("different"), "h", "n", "admin", Set.of(), "test", T0, null, null, null,
        null, null))).isInstanceOf(StoreException.class);
    assertThat(store.findById("other-id")).isEmpty();
    assertThat(store.findById(k.id())).contains(k);
    assertThat(store.listByOwner("owner-2")).isEmpty();
  }

  @Test
  void storedValuesRoundTripExactlyIncludingEveryOptionalField() {
    ApiKeyStore store = emptyStore();
    String owner = "o".repeat(255);
    Instant created = T0.plusMillis(123);
    ApiKeyRecord full = new ApiKeyRecord("id-full", owner, Hashes.sha256Hex("full"),
        "acme_sandbox_\u2026Zz09", "Déploiement — 東京 \uD83D\uDE80 " + "n".repeat(80), "admin",
        Set.of("messages:send", "billing:*", "a.b-c_d"), "sandbox", created,
        created.plus(Duration.ofDays(3650)), created.plusMillis(1), created.plusMillis(2),
        "id-next", created.plus(Duration.ofDays(30)));
    store.insert(full);
    ApiKeyRecord back = store.findById("id-full").orElseThrow();
    assertThat(back).isEqualTo(full);
    assertThat(back.scopes()).containsExactly("a.b-c_d", "billing:*", "messages:send");
    assertThat(store.findByHash(full.keyHash())).contains(full);
  }

  @Test
  void absentOptionalFieldsRoundTripAsNull() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    ApiKeyRecord back = store.findById(k.id()).orElseThrow();
    assertThat(back.expiresAt()).isNull();
    assertThat(back.lastUsedAt()).isNull();
    assertThat(back.revokedAt()).isNull();
    assertThat(back.replacedBy()).isNull();
    assertThat(back.graceUntil()).isNull();
    assertThat(back.scopes()).isEmpty();
  }

  // ---- listing ----

  @Test
  void listByOwnerReturnsEveryStateNewestFirstAndOnlyThatOwner() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord oldest = key("owner-1", T0);
    ApiKeyRecord middle = key("owner-1", T0.plusSeconds(10));
    ApiKeyRecord newest = key("owner-1", T0.plusSeconds(20));
    ApiKeyRecord expired = expiring(key("owner-1", T0.plusSeconds(5)), T0.plusSeconds(6));
    ApiKeyRecord other = key("owner-2", T0.plusSeconds(30));
    for (ApiKeyRecord r : List.of(middle, oldest, expired, newest, other)) {
      store.insert(r);
    }
    store.revoke("owner-1", middle.id(), T0.plusSeconds(40));
    assertThat(store.listByOwner("owner-1")).extracting(ApiKeyRecord::id)
        .containsExactly(newest.id(), middle.id(), expired.id(), oldest.id());
    assertThat(store.listByOwner("nobody")).isEmpty();
  }

  @Test
  void listByOwnerBreaksTiesById() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord b = withId(key("owner-t", T0), "b-tie");
    ApiKeyRecord a = withId(key("owner-t", T0), "a-tie");
    ApiKeyRecord c = withId(key("owner-t", T0), "c-tie");
    store.insert(b);
    store.insert(c);
    store.insert(a);
    assertThat(store.listByOwner("owner-t")).extracting(ApiKeyRecord::id)
        .containsExactly("a-tie", "b-tie", "c-tie");
  }

  // ---- revocation ----

  @Test
  void revokeOnlyTheOwnersUnrevokedKeyOnce() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    assertThat(store.revoke("owner-2", k.id(), T0)).isFalse();
    assertThat(store.findById(k.id()).orElseThrow().revoked()).isFalse();
    assertThat(store.revoke("owner-1", k.id(), T0.plusSeconds(5))).isTrue();
    assertThat(store.revoke("owner-1", k.id(), T0.plusSeconds(9))).isFalse();
    assertThat(store.findById(k.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store.findByHash(k.keyHash()).orElseThrow().revoked()).isTrue();
    assertThat(store.revoke("owner-1", "unknown", T0)).isFalse();
  }

  @Test
  void revokeWorksOnExpiredAndRotatedKeysThatAreNotRevokedYet() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord expired = expiring(key("owner-1", T0), T0.plusSeconds(1));
    ApiKeyRecord rotated = key("owner-1", T0);
    store.insert(expired);
    store.insert(rotated);
    assertThat(store.markRotated("owner-1", rotated.id(), T0.plusSeconds(60), "next")).isTrue();
    assertThat(store.revoke("owner-1", expired.id(), T0.plusSeconds(10))).isTrue();
    assertThat(store.revoke("owner-1", rotated.id(), T0.plusSeconds(10))).isTrue();
    ApiKeyRecord back = store.findById(rotated.id()).orElseThrow();
    assertThat(back.revokedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(back.replacedBy()).isEqualTo("next");
  }

  @Test
  void revokeAllCountsOnlyThisOwnersUnrevokedKeys() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k1 = key("owner-1", T0);
    ApiKeyRecord k2 = key("owner-1", T0);
    ApiKeyRecord k3 = key("owner-1", T0);
    ApiKeyRecord other = key("owner-2", T0);
    for (ApiKeyRecord r : List.of(k1, k2, k3, other)) {
      store.insert(r);
    }
    store.revoke("owner-1", k3.id(), T0);
    assertThat(store.revokeAll("owner-1", T0.plusSeconds(1))).isEqualTo(2);
    assertThat(store.findById(k1.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(store.findById(k3.id()).orElseThrow().revokedAt()).isEqualTo(T0);
    assertThat(store.findById(other.id()).orElseThrow().revoked()).isFalse();
    assertThat(store.revokeAll("owner-1", T0.plusSeconds(2))).isZero();
    assertThat(store.revokeAll("nobody", T0)).isZero();
  }

  // ---- rotation ----

  @Test
  void markRotatedOnceAndOnlyWhenOwnedAndNotRevoked() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    ApiKeyRecord revoked = key("owner-1", T0);
    store.insert(k);
    store.insert(revoked);
    store.revoke("owner-1", revoked.id(), T0);
    Instant grace = T0.plus(Duration.ofDays(7));
    assertThat(store.markRotated("owner-2", k.id(), grace, "r1")).isFalse();
    assertThat(store.markRotated("owner-1", "unknown", grace, "r1")).isFalse();
    assertThat(store.markRotated("owner-1", revoked.id(), grace, "r1")).isFalse();
    assertThat(store.findById(revoked.id()).orElseThrow().replacedBy()).isNull();
    assertThat(store.markRotated("owner-1", k.id(), grace, "r1")).isTrue();
    assertThat(store.markRotated("owner-1", k.id(), grace.plusSeconds(1), "r2")).isFalse();
    ApiKeyRecord back = store.findById(k.id()).orElseThrow();
    assertThat(back.replacedBy()).isEqualTo("r1");
    assertThat(back.graceUntil()).isEqualTo(grace);
    assertThat(back.revoked()).isFalse();
  }

  // ---- last used ----

  @Test
  void touchLastUsedWritesWhenNeverUsedOrOlderThanTheThreshold() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    Instant t1 = T0.plusSeconds(100);
    assertThat(store.touchLastUsed(k.id(), t1, t1.minusSeconds(60))).isTrue();
    assertThat(store.findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(t1);
    Instant t2 = t1.plusSeconds(59);
    assertThat(store.touchLastUsed(k.id(), t2, t2.minusSeconds(60))).isFalse();
    assertThat(store.findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(t1);
    // Exactly at the threshold is not "before" it.
    Instant t3 = t1.plusSeconds(60);
    assertThat(store.touchLastUsed(k.id(), t3, t3.minusSeconds(60))).isFalse();
    Instant t4 = t1.plusSeconds(61);
    assertThat(store.touchLastUsed(k.id(), t4, t4.minusSeconds(60))).isTrue();
    assertThat(store.findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(t4);
    // A late writer with an older clock never moves the value backwards.
    assertThat(store.touchLastUsed(k.id(), t1, t1.minusSeconds(60))).isFalse();
    assertThat(store.findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(t4);
  }

  @Test
  void touchLastUsedWhenUnknownThenFalse() {
    ApiKeyStore store = emptyStore();
    assertThat(store.touchLastUsed("unknown", T0, T0.minusSeconds(60))).isFalse();
  }

  @Test
  void touchLastUsedChangesNothingElse() {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    store.revoke("owner-1", k.id(), T0.plusSeconds(1));
    store.touchLastUsed(k.id(), T0.plusSeconds(2), T0.plusSeconds(2));
    ApiKeyRecord back = store.findById(k.id()).orElseThrow();
    assertThat(back.revokedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(back.withLastUsedAt(null)).isEqualTo(k.withRevokedAt(T0.plusSeconds(1)));
  }

  // ---- stale keys ----

  @Test
  void findStaleReturnsWorkingKeysUnusedOrOldNewestFirst() {
    ApiKeyStore store = emptyStore();
    Instant now = T0.plus(Duration.ofDays(200));
    Instant usedBefore = now.minus(Duration.ofDays(30));
    Instant createdBefore = now.minus(Duration.ofDays(180));
    ApiKeyRecord fresh = key("owner-1", now.minus(Duration.ofDays(1)));
    ApiKeyRecord neverUsedRecent = key("owner-1", now.minus(Duration.ofDays(10)));
    ApiKeyRecord neverUsedLongAgo = key("owner-1", now.minus(Duration.ofDays(40)));
    ApiKeyRecord usedLongAgo = key("owner-1", now.minus(Duration.ofDays(100)))
        .withLastUsedAt(now.minus(Duration.ofDays(31)));
    ApiKeyRecord usedRecentlyButOld = key("owner-1", now.minus(Duration.ofDays(190)))
        .withLastUsedAt(now.minus(Duration.ofDays(1)));
    ApiKeyRecord revoked = key("owner-1", now.minus(Duration.ofDays(190)));
    ApiKeyRecord rotated = key("owner-1", now.minus(Duration.ofDays(190)));
    ApiKeyRecord expired = expiring(key("owner-1", now.minus(Duration.ofDays(190))), now);
    ApiKeyRecord otherOwner = key("owner-2", now.minus(Duration.ofDays(190)));
    for (ApiKeyRecord r : List.of(fresh, neverUsedRecent, neverUsedLongAgo, usedLongAgo,
        usedRecentlyButOld, revoked, rotated, expired, otherOwner)) {
      store.insert(r);
    }
    store.revoke("owner-1", revoked.id(), now.minus(Duration.ofDays(2)));
    store.markRotated("owner-1", rotated.id(), now.plus(Duration.ofDays(2)), "next");

    assertThat(store.findStale("owner-1", now, usedBefore, createdBefore))
        .extracting(ApiKeyRecord::id)
        .containsExactly(neverUsedLongAgo.id(), usedLongAgo.id(), usedRecentlyButOld.id());
    assertThat(store.findStale("owner-1", now, usedBefore, null)).extracting(ApiKeyRecord::id)
        .containsExactly(neverUsedLongAgo.id(), usedLongAgo.id());
    assertThat(store.findStale("owner-1", now, null, createdBefore)).extracting(ApiKeyRecord::id)
        .containsExactly(usedRecentlyButOld.id());
    assertThat(store.findStale("nobody", now, usedBefore, createdBefore)).isEmpty();
  }

  // ---- concurrency ----

  @Test
  void concurrentRevokesOfOneKeyHaveExactlyOneWinner() throws Exception {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    assertThat(race(16, () -> store.revoke("owner-1", k.id(), T0.plusSeconds(1)))).isEqualTo(1);
  }

  @Test
  void concurrentRotationsOfOneKeyHaveExactlyOneWinner() throws Exception {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    AtomicInteger n = new AtomicInteger();
    assertThat(race(16, () -> store.markRotated("owner-1", k.id(), T0.plusSeconds(60),
        "r-" + n.incrementAndGet()))).isEqualTo(1);
  }

  @Test
  void concurrentTouchesWithinOneIntervalWriteOnce() throws Exception {
    ApiKeyStore store = emptyStore();
    ApiKeyRecord k = key("owner-1", T0);
    store.insert(k);
    Instant at = T0.plusSeconds(100);
    assertThat(race(16, () -> store.touchLastUsed(k.id(), at, at.minusSeconds(60)))).isEqualTo(1);
  }

  @Test
  void concurrentInsertsOfOneHashHaveExactlyOneWinner() throws Exception {
    ApiKeyStore store = emptyStore();
    String hash = Hashes.sha256Hex("collide-" + System.nanoTime());
    AtomicInteger n = new AtomicInteger();
    assertThat(race(16, () -> {
      try {
        store.insert(new ApiKeyRecord("c-" + n.incrementAndGet() + "-" + System.nanoTime(),
            "owner-1", hash, "h", "n", "read_only", Set.of(), "live", T0, null, null, null, null,
            null));
        return true;
      } catch (StoreException e) {
        return false;
      }
    })).isEqualTo(1);
  }

  /**
   * The service-level guarantee: many threads authenticate (and record last use) while others
   * revoke; once a revoke call has returned, no authentication that starts afterwards succeeds.
   */
  @Test
  void authenticationThatStartsAfterRevokeReturnsNeverSucceeds() throws Exception {
    revokeRace(ApiKeyCacheSettings.disabled());
  }

  /** The same guarantee with the verification cache on: invalidation is immediate in-process. */
  @Test
  void authenticationThatStartsAfterRevokeReturnsNeverSucceedsWithTheCacheOn() throws Exception {
    revokeRace(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build());
  }

  /** A zero-grace rotation stops the old key as immediately as a revoke does. */
  @Test
  void authenticationAfterZeroGraceRotationReturnsNeverSucceeds() throws Exception {
    ApiKeyStore store = emptyStore();
    MutableClock clock = new MutableClock(T0);
    ApiKeyService service = ApiKeyService.using(store, clock, new SecureRandom(),
        ApiKeySettings.builder()
            .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build()).build());
    CreatedApiKey k = service.create("owner-z", ApiKeySpec.builder().name("z").build());
    assertThat(service.authenticate("Bearer " + k.key().reveal()).isAuthenticated()).isTrue();
    ApiKeyRotateResult r = service.rotate("owner-z", k.id(), Duration.ZERO);
    assertThat(r).isInstanceOf(ApiKeyRotateResult.Rotated.class);
    assertThat(service.authenticate("Bearer " + k.key().reveal()))
        .isEqualTo(new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.REVOKED));
    String next = ((ApiKeyRotateResult.Rotated) r).replacement().key().reveal();
    assertThat(service.authenticate("Bearer " + next).isAuthenticated()).isTrue();
  }

  private void revokeRace(ApiKeyCacheSettings cache) throws Exception {
    ApiKeyStore store = emptyStore();
    MutableClock clock = new MutableClock(T0);
    ApiKeyService service = ApiKeyService.using(store, clock, new SecureRandom(),
        ApiKeySettings.builder().lastUsedInterval(Duration.ZERO).cache(cache).build());
    int keys = 16;
    List<CreatedApiKey> created = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      created.add(service.create("owner-c",
          ApiKeySpec.builder().name("k" + i).permission(Permission.READ_WRITE).build()));
    }
    AtomicBoolean[] revoked = new AtomicBoolean[keys];
    for (int i = 0; i < keys; i++) {
      revoked[i] = new AtomicBoolean();
    }
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger authentications = new AtomicInteger();
    int checkers = 8;
    int rounds = 200;
    ExecutorService pool = Executors.newFixedThreadPool(checkers + 2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < checkers; t++) {
        final int offset = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int round = 0; round < rounds; round++) {
            int i = (round + offset) % keys;
            boolean wasRevoked = revoked[i].get();
            clock.advance(Duration.ofMillis(1));
            ApiKeyAuthentication a = service.authenticate("Bearer " + created.get(i).key().reveal());
            authentications.incrementAndGet();
            if (wasRevoked && a.isAuthenticated()) {
              violations.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (int t = 0; t < 2; t++) {
        final int half = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = half; i < keys; i += 2) {
            Thread.yield();
            assertThat(service.revoke("owner-c", created.get(i).id()))
                .isEqualTo(new ApiKeyRevokeResult.Revoked());
            revoked[i].set(true);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : tasks) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(authentications.get()).isEqualTo(checkers * rounds);
    assertThat(violations.get()).isZero();
    for (CreatedApiKey k : created) {
      assertThat(service.authenticate("Bearer " + k.key().reveal()))
          .isEqualTo(new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.REVOKED));
    }
  }

  private static int race(int threads, Callable<Boolean> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return action.call();
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      return wins;
    } finally {
      pool.shutdownNow();
    }
  }
}
