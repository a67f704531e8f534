package dev.latchkey.cache.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.BoundedCacheProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Latchkey's validation caches on Caffeine: bounded by entry count with Caffeine's
 * frequency-aware eviction (a flood of one-off tokens does not push out the busy ones), and
 * entries dropped after the TTL to give memory back.
 *
 * <pre>{@code
 * Latchkey.builder()
 *     .invalidationBus(bus)
 *     .validationCache(ValidationCacheSettings.enabled().provider(CaffeineCaches.provider()).build())
 * }</pre>
 *
 * <p>What is trusted is Latchkey's decision, not Caffeine's: Latchkey checks each entry's own
 * expiry by its injected clock and drops what the invalidation bus invalidates, so Caffeine's
 * expiry (on its own ticker) only reclaims memory. Keys are SHA-256 digests, never secrets.
 *
 * <p>Thread-safe; immutable.
 */
public final class CaffeineCaches implements BoundedCacheProvider {
  private static final CaffeineCaches INSTANCE = new CaffeineCaches();

  private CaffeineCaches() {}

  /** The provider. */
  public static CaffeineCaches provider() {
    return INSTANCE;
  }

  @Override
  public <V> BoundedCache<V> create(String name, int maxEntries, Duration ttl) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ttl, "ttl");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("Invalid maxEntries " + maxEntries + "; must be at least 1");
    }
    return new CaffeineCache<>(Caffeine.newBuilder().maximumSize(maxEntries)
        .expireAfterWrite(ttl).build());
  }

  @Override
  public String toString() {
    return "CaffeineCaches";
  }

  /** One cache: a thin adapter; every method is one Caffeine call. */
  private static final class CaffeineCache<V> implements BoundedCache<V> {
    private final Cache<String, V> cache;

    CaffeineCache(Cache<String, V> cache) {
      this.cache = cache;
    }

    @Override
    public V get(String key) {
      return cache.getIfPresent(key);
    }

    @Override
    public void put(String key, V value) {
      cache.put(key, value);
    }

    @Override
    public void remove(String key) {
      cache.invalidate(key);
    }

    @Override
    public void removeIf(Predicate<? super V> filter) {
      cache.asMap().values().removeIf(filter);
    }

    @Override
    public void clear() {
      cache.invalidateAll();
    }

    @Override
    public long size() {
      return cache.estimatedSize();
    }
  }
}
