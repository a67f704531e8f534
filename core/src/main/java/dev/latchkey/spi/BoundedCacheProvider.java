package dev.latchkey.spi;

import java.time.Duration;

/**
 * Makes the {@link BoundedCache}s of Latchkey's validation caches (one for sessions, one for API
 * keys). The module {@code latchkey-cache-caffeine} provides one on Caffeine; core's own default
 * is a plain concurrent map that evicts in batches.
 */
@FunctionalInterface
public interface BoundedCacheProvider {
  /**
   * A new, empty cache.
   *
   * @param name a short name for metrics and logs ({@code sessions}, {@code api_keys})
   * @param maxEntries the most entries to hold (at least 1)
   * @param ttl how long after it is put an entry may be dropped to reclaim memory; Latchkey itself
   *     stops trusting an entry then, by its own clock, whatever the cache does
   */
  <V> BoundedCache<V> create(String name, int maxEntries, Duration ttl);
}
