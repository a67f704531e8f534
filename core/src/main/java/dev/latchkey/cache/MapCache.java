package dev.latchkey.cache;

import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.BoundedCacheProvider;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Core's default {@link BoundedCache}: a concurrent map that, when full, drops arbitrary entries
 * down to 90 % of its capacity, so a full cache pays that scan once per tenth of its size rather
 * than on every insert. Expiry is the caller's (by its clock); this only bounds memory.
 *
 * @param <V> the entry type
 */
public final class MapCache<V> implements BoundedCache<V> {
  /** The provider of these caches. */
  public static final BoundedCacheProvider PROVIDER = new BoundedCacheProvider() {
    @Override
    public <V> BoundedCache<V> create(String name, int maxEntries, Duration ttl) {
      return new MapCache<>(maxEntries);
    }

    @Override
    public String toString() {
      return "BoundedCacheProvider[in-core map]";
    }
  };

  private final Map<String, V> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  public MapCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  @Override
  public V get(String key) {
    return entries.get(key);
  }

  @Override
  public void put(String key, V value) {
    if (entries.size() >= maxEntries && !entries.containsKey(key)) {
      int target = maxEntries - Math.max(1, maxEntries / 10);
      Iterator<String> it = entries.keySet().iterator();
      while (entries.size() > target && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    entries.put(key, value);
  }

  @Override
  public void remove(String key) {
    entries.remove(key);
  }

  @Override
  public void removeIf(Predicate<? super V> filter) {
    entries.values().removeIf(filter);
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public long size() {
    return entries.size();
  }
}
