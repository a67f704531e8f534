package dev.latchkey.store.inmemory;

import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Attempt counters in a concurrent map of immutable rows; compare-and-set (or remove) per key. */
final class InMemoryAttemptStore implements AttemptStore {
  /**
   * A counter's name. A record, with equals and hashCode written out: the generated ones go through
   * {@code ObjectMethods} method handles, which showed up in the TOTP verification profile (every
   * code check reads, counts and clears a counter).
   */
  private record Key(String factor, String subject) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(factor, k.factor)
          && Objects.equals(subject, k.subject);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(factor) + Objects.hashCode(subject);
    }
  }

  private final Map<Key, AttemptRecord> rows = new ConcurrentHashMap<>();

  @Override
  public Optional<AttemptRecord> find(String factor, String subject) {
    return Optional.ofNullable(rows.get(new Key(factor, subject)));
  }

  @Override
  public boolean compareAndSet(AttemptRecord expected, AttemptRecord next) {
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next must not both be null");
    }
    if (expected == null) {
      return rows.putIfAbsent(new Key(next.factor(), next.subject()), next) == null;
    }
    Key key = new Key(expected.factor(), expected.subject());
    if (next != null && !key.equals(new Key(next.factor(), next.subject()))) {
      throw new IllegalArgumentException("expected and next name different counters");
    }
    boolean[] swapped = {false};
    // Returning null from the function removes the row: the "next == null" case.
    rows.computeIfPresent(key, (k, current) -> {
      if (current.attempts() == expected.attempts()) {
        swapped[0] = true;
        return next;
      }
      return current;
    });
    return swapped[0];
  }

  @Override
  public void reset(String factor, String subject) {
    rows.remove(new Key(Objects.requireNonNull(factor), Objects.requireNonNull(subject)));
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int[] n = {0};
    rows.entrySet().removeIf(e -> {
      boolean old = e.getValue().lastAttemptAt().isBefore(before);
      if (old) {
        n[0]++;
      }
      return old;
    });
    return n[0];
  }
}
