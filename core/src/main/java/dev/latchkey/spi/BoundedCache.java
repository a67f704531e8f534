package dev.latchkey.spi;

import java.util.function.Predicate;

/**
 * The storage of a per-process validation cache: a bounded map from a hash to an entry Latchkey
 * made. It decides only what to keep in memory; Latchkey decides what is trusted (it checks each
 * entry's own expiry against its clock, and drops what the {@link InvalidationBus} invalidates), so
 * an implementation may drop any entry at any time. Keys are SHA-256 digests, never secrets, in an
 * encoding of Latchkey's choosing (hex, or the 32 digest bytes as Latin-1 characters): treat them
 * as opaque strings, compared with {@code equals}.
 *
 * <p>Thread-safe. Each method is atomic on its own; none needs to be atomic with another.
 *
 * @param <V> the entry type (immutable)
 */
public interface BoundedCache<V> {
  /** The entry for {@code key}, or {@code null} when there is none (never throws for a miss). */
  V get(String key);

  /** Stores {@code value}, replacing any entry for {@code key}; may evict others to stay bounded. */
  void put(String key, V value);

  /** Removes the entry for {@code key}, if any. */
  void remove(String key);

  /** Removes every entry whose value matches. */
  void removeIf(Predicate<? super V> filter);

  /** Removes every entry. */
  void clear();

  /** About how many entries are held (for metrics and tests). */
  long size();
}
