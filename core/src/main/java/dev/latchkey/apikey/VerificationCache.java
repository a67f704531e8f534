package dev.latchkey.apikey;

import dev.latchkey.cache.GuardedCache;
import dev.latchkey.cache.MapCache;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import java.time.Duration;
import java.time.Instant;

/*
 * Design note. The cache maps the SHA-256 of a key to the row a successful lookup returned, with an
 * expiry from the injected clock. Correctness against revocations rests on GuardedCache's rule (see
 * its design note): a lookup takes a ticket before it reads the store, and its entry survives only
 * if no invalidation bumped the epoch meanwhile. Every revoke/rotate through the owning
 * ApiKeyService writes the store, then invalidates here (and publishes on the bus, when there is
 * one, so every other process's cache drops the key too).
 *
 * Expiry and rotation grace are re-checked on every hit against the cached row, so a key never
 * outlives its expiry in the cache. Without a bus, a revocation made elsewhere is missed for up to
 * the TTL; with one, for as long as the bus takes to deliver, and never while the bus is
 * disconnected (the cache is then dark). Failed lookups are never cached: a flood of random keys
 * cannot fill the map or pin a negative.
 */

/** The optional in-process verification cache. Engine class, package-private; thread-safe. */
final class VerificationCache {
  /**
   * A cached row, with the result a hit answers (immutable, and made of fields a last-use update
   * does not change), so a hit builds nothing.
   */
  record Entry(ApiKeyRecord row, ApiKeyAuthentication.Authenticated result, Instant cachedUntil) {}

  private final GuardedCache<Entry> cache;
  private final Duration ttl;

  /** A cache local to one service (the {@link ApiKeyCacheSettings} cache): no bus. */
  VerificationCache(ApiKeyCacheSettings settings) {
    this(new MapCache<>(settings.maxEntries()), settings.ttl(), null);
  }

  /** A cache over {@code entries} that also hears {@code bus} (when not {@code null}). */
  VerificationCache(BoundedCache<Entry> entries, Duration ttl, InvalidationBus bus) {
    this.cache = GuardedCache.create("api_keys", entries, VerificationCache::concerns, bus);
    this.ttl = ttl;
  }

  static boolean concerns(Invalidation i, Entry e) {
    return switch (i.kind()) {
      case API_KEY -> e.row.id().equals(i.id());
      case ACCOUNT_API_KEYS -> e.row.owner().equals(i.id());
      default -> false;
    };
  }

  /** Read before the store lookup whose result may be cached. */
  long epoch() {
    return cache.ticket();
  }

  /** The cached entry, or {@code null} when absent, expired, invalidated or the cache is dark. */
  Entry get(String keyHash, Instant now) {
    Entry e = cache.get(keyHash);
    if (e == null) {
      return null;
    }
    if (!now.isBefore(e.cachedUntil)) {
      cache.remove(keyHash);
      return null;
    }
    return e;
  }

  /** Caches a working row found by a lookup that took {@code ticket} before reading the store. */
  void put(String keyHash, ApiKeyRecord row, ApiKeyAuthentication.Authenticated result,
      long ticket, Instant now) {
    cache.put(keyHash, new Entry(row, result, now.plus(ttl)), ticket);
  }

  /** Keeps a cached row's last-used time current, so hits do not re-touch the store every time. */
  void updateRow(String keyHash, ApiKeyRecord row) {
    long ticket = cache.ticket();
    Entry e = cache.get(keyHash);
    if (e != null && e.row.id().equals(row.id())) {
      cache.put(keyHash, new Entry(row, e.result, e.cachedUntil), ticket);
    }
  }

  /** Call after every store write that can stop a key from working. */
  void invalidate(Invalidation invalidation) {
    cache.invalidate(invalidation);
  }

  /** Whether hits are answered from memory now. */
  boolean isLive() {
    return cache.isLive();
  }

  long size() {
    return cache.size();
  }
}
