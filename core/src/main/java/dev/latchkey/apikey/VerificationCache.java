package dev.latchkey.apikey;

import dev.latchkey.spi.ApiKeyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Design note. The cache maps the SHA-256 of a key to the row a successful lookup returned, with an
 * expiry from the injected clock. Correctness rests on one rule:
 *
 *   an entry is trusted only if the invalidation epoch has not moved since the lookup that made it.
 *
 * Every revoke/rotate through the owning ApiKeyService first writes the store, then bumps the epoch
 * (and clears the map to free memory). A lookup reads the epoch *before* reading the store and tags
 * its entry with it. So for any revoke R and any entry E:
 *   - if E's store read happened after R's write, E saw the revocation and was never cached;
 *   - otherwise E's epoch was read before R's bump, and every read after R returns sees a newer
 *     epoch and ignores E.
 * Hence "once revoke returns, no authentication through this service succeeds", with no lock on the
 * hot path. Invalidation is global (every entry), which costs a few extra store reads after a revoke;
 * revocations are rare, so that is the right trade for a proof this short.
 *
 * Expiry and rotation grace are re-checked on every hit against the cached row, so a key never
 * outlives its expiry in the cache; only revocations made elsewhere can be missed, for up to the TTL.
 * Failed lookups are never cached: a flood of random keys cannot fill the map or pin a negative.
 */

/** The optional in-process verification cache. Engine class, package-private; thread-safe. */
final class VerificationCache {
  /**
   * A cached row, with the result a hit answers (immutable, and made of fields a last-use update
   * does not change), so a hit builds nothing.
   */
  record Entry(ApiKeyRecord row, ApiKeyAuthentication.Authenticated result, long epoch,
      Instant cachedUntil) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  private final int maxEntries;
  private final Duration ttl;

  VerificationCache(ApiKeyCacheSettings settings) {
    this.maxEntries = settings.maxEntries();
    this.ttl = settings.ttl();
  }

  /** Read before the store lookup whose result may be cached. */
  long epoch() {
    return epoch.get();
  }

  /** The cached entry, or {@code null} when absent, expired or invalidated since it was cached. */
  Entry get(String keyHash, Instant now) {
    Entry e = entries.get(keyHash);
    if (e == null) {
      return null;
    }
    if (e.epoch != epoch.get() || !now.isBefore(e.cachedUntil)) {
      entries.remove(keyHash, e);
      return null;
    }
    return e;
  }

  /** Caches a working row found by a lookup that started at {@code lookupEpoch}. */
  void put(String keyHash, ApiKeyRecord row, ApiKeyAuthentication.Authenticated result,
      long lookupEpoch, Instant now) {
    if (lookupEpoch != epoch.get()) {
      return; // invalidated meanwhile; get() would ignore it anyway
    }
    if (entries.size() >= maxEntries) {
      evict(now);
    }
    entries.put(keyHash, new Entry(row, result, lookupEpoch, now.plus(ttl)));
  }

  /** Keeps a cached row's last-used time current, so hits do not re-touch the store every time. */
  void updateRow(String keyHash, ApiKeyRecord row) {
    entries.computeIfPresent(keyHash,
        (k, e) -> e.row.id().equals(row.id())
            ? new Entry(row, e.result, e.epoch, e.cachedUntil) : e);
  }

  /** Call after every store write that can stop a key from working. */
  void invalidateAll() {
    epoch.incrementAndGet();
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  /**
   * Drops dead entries; if that is not enough, drops arbitrary ones down to 90% of capacity, so a
   * full cache pays this scan once per tenth of its size rather than on every insert.
   */
  private void evict(Instant now) {
    long current = epoch.get();
    entries.values().removeIf(e -> e.epoch != current || !now.isBefore(e.cachedUntil));
    int target = maxEntries - Math.max(1, maxEntries / 10);
    Iterator<String> it = entries.keySet().iterator();
    while (entries.size() > target && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
