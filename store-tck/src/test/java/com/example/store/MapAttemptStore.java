package com.example.store;

import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A third party's attempt counters: a plain {@link HashMap} keyed by factor and subject, every
 * method under one lock, so {@link #compareAndSet} reads and writes with no writer in between.
 * {@link MapAttemptStoreTest} proves it with the TCK, including the contention tests that run
 * Latchkey's own {@code AttemptLimiter} over it.
 */
public final class MapAttemptStore implements AttemptStore {
  private record Key(String factor, String subject) {}

  private final Map<Key, AttemptRecord> counters = new HashMap<>();

  @Override
  public synchronized Optional<AttemptRecord> find(String factor, String subject) {
    return Optional.ofNullable(counters.get(new Key(factor, subject)));
  }

  @Override
  public synchronized boolean compareAndSet(AttemptRecord expected, AttemptRecord next) {
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next must not both be null");
    }
    Key key = expected != null ? keyOf(expected) : keyOf(next);
    if (expected != null && next != null && !key.equals(keyOf(next))) {
      throw new IllegalArgumentException("expected and next name different counters");
    }
    AttemptRecord current = counters.get(key);
    // "Unchanged" means the same count: the time of the last attempt is not part of the check.
    boolean unchanged = expected == null
        ? current == null
        : current != null && current.attempts() == expected.attempts();
    if (!unchanged) {
      return false;
    }
    if (next == null) {
      counters.remove(key);
    } else {
      counters.put(key, next);
    }
    return true;
  }

  @Override
  public synchronized void reset(String factor, String subject) {
    counters.remove(new Key(factor, subject));
  }

  @Override
  public synchronized int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int had = counters.size();
    counters.values().removeIf(r -> r.lastAttemptAt().isBefore(before));
    return had - counters.size();
  }

  private static Key keyOf(AttemptRecord r) {
    return new Key(r.factor(), r.subject());
  }
}
