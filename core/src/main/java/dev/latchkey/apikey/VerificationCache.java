package dev.latchkey.apikey;

import dev.latchkey.cache.GuardedCache;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Time;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/*
 * Design note. The cache maps the SHA-256 of a key (its 32 bytes as Latin-1 characters, see
 * key(byte[])) to the row a successful lookup returned, with an expiry from the injected clock.
 * Correctness against revocations rests on GuardedCache's rule (see its design note): a lookup
 * takes a ticket before it reads the store, and its entry survives only if no invalidation bumped
 * the epoch meanwhile. Every revoke/rotate through the owning
 * ApiKeyService writes the store, then invalidates here (and publishes on the bus, when there is
 * one, so every other process's cache drops the key too).
 *
 * Expiry and rotation grace are re-checked on every hit against the cached row (as the epoch
 * milliseconds the entry holds, exact for the whole-millisecond clock reading), so a key never
 * outlives its expiry in the cache. Without a bus, a revocation made elsewhere is missed for up to
 * the TTL; with one, for as long as the bus takes to deliver, and never while the bus is
 * disconnected (the cache is then dark). Failed lookups are never cached: a flood of random keys
 * cannot fill the map or pin a negative.
 */

/** The optional in-process verification cache. Engine class, package-private; thread-safe. */
final class VerificationCache {
  /**
   * A cached row, with the result a hit answers (immutable, and made of fields a last-use update
   * does not change), so a hit builds nothing, and the row's times as whole epoch milliseconds, so
   * a hit compares numbers held in the entry instead of reading the row's {@code Instant}s (each a
   * separate object, so a memory fetch on a cold key) or making one from the clock.
   *
   * @param cachedUntil the entry expires when the clock reaches this (epoch millisecond)
   * @param usableUntil the key stops working when the clock reaches this: the earlier of expiry
   *     and the end of rotation grace ({@link Time#ceilMillis}), {@link Long#MAX_VALUE} for
   *     neither, {@link Long#MIN_VALUE} for a revoked row (never cached, but never trusted either)
   * @param touchAfter a request after this millisecond records last use
   *     ({@link Time#floorMillisOfSum} of last use and the interval; {@link Long#MIN_VALUE} for a
   *     key never used)
   */
  record Entry(ApiKeyRecord row, ApiKeyAuthentication.Authenticated result, long cachedUntil,
      long usableUntil, long touchAfter) {
    static Entry of(ApiKeyRecord row, ApiKeyAuthentication.Authenticated result, long cachedUntil,
        Duration lastUsedInterval) {
      long usable = Long.MAX_VALUE;
      if (row.revoked()) {
        usable = Long.MIN_VALUE;
      } else {
        if (row.expiresAt() != null) {
          usable = Math.min(usable, Time.ceilMillis(row.expiresAt()));
        }
        if (row.graceUntil() != null) {
          usable = Math.min(usable, Time.ceilMillis(row.graceUntil()));
        }
      }
      long touch = row.lastUsedAt() == null
          ? Long.MIN_VALUE
          : Time.floorMillisOfSum(row.lastUsedAt(), lastUsedInterval);
      return new Entry(row, result, cachedUntil, usable, touch);
    }
  }

  private final GuardedCache<Entry> cache;
  private final long ttlMillis;
  private final Duration lastUsedInterval;

  /** A cache over {@code entries} that also hears {@code bus} (when not {@code null}). */
  VerificationCache(BoundedCache<Entry> entries, Duration ttl, Duration lastUsedInterval,
      InvalidationBus bus) {
    this.cache = GuardedCache.create("api_keys", entries, VerificationCache::concerns, bus);
    this.ttlMillis = ttl.toMillis();
    this.lastUsedInterval = lastUsedInterval;
  }

  /**
   * The cache key for a key's SHA-256: the 32 digest bytes as a Latin-1 string. Not the hex the
   * stores keep: a hit then makes no hex, and the map hashes 32 characters instead of 64 (a
   * string's hash code is a chain of multiplications, one per character). One-to-one with the
   * digest, so exactly as collision-free as the hex. A hash, not a secret.
   */
  static String key(byte[] digest) {
    return new String(digest, 0, Hashing.SHA256_LENGTH, StandardCharsets.ISO_8859_1);
  }

  /**
   * The hex the stores keep, of the digest a {@link #key} holds, made with {@code buffer}'s
   * scratch arrays (refilled from {@code key}, which is immutable).
   */
  static String hex(String key, ApiKeyFormat.KeyBuffer buffer) {
    byte[] digest = buffer.digest;
    for (int i = 0; i < Hashing.SHA256_LENGTH; i++) {
      digest[i] = (byte) key.charAt(i);
    }
    return Hashing.hex(digest, buffer.hex);
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

  /**
   * The cached entry, or {@code null} when absent, expired, invalidated or the cache is dark.
   *
   * @param now the clock's reading, {@link Time#nowMillis}
   */
  Entry get(String key, long now) {
    Entry e = cache.get(key);
    if (e == null) {
      return null;
    }
    if (now >= e.cachedUntil) {
      cache.remove(key);
      return null;
    }
    return e;
  }

  /** Caches a working row found by a lookup that took {@code ticket} before reading the store. */
  void put(String key, ApiKeyRecord row, ApiKeyAuthentication.Authenticated result,
      long ticket, long now) {
    long until = now > Long.MAX_VALUE - ttlMillis ? Long.MAX_VALUE : now + ttlMillis;
    cache.put(key, Entry.of(row, result, until, lastUsedInterval), ticket);
  }

  /** Keeps a cached row's last-used time current, so hits do not re-touch the store every time. */
  void updateRow(String key, ApiKeyRecord row) {
    long ticket = cache.ticket();
    Entry e = cache.get(key);
    if (e != null && e.row.id().equals(row.id())) {
      cache.put(key, Entry.of(row, e.result, e.cachedUntil, lastUsedInterval), ticket);
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
