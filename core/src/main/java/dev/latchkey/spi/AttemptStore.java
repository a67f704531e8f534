package dev.latchkey.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Attempt counters for brute-force protection, shared by every process on one database.
 *
 * <p>The only writes are a compare-and-set (insert, update or remove) and resets, so the limiter can
 * count an attempt <em>before</em> it verifies anything, give a success's unit back afterwards, and
 * no interleaving of concurrent requests ever lets more attempts through than the policy allows.
 */
public interface AttemptStore {

  /**
   * The counter of one factor for one subject.
   *
   * @return empty when nothing is counted (never tried, succeeded since, reset or purged)
   */
  Optional<AttemptRecord> find(String factor, String subject);

  /**
   * Atomically replaces the counter if it is still {@code expected}: absent when {@code expected}
   * is {@code null} (then {@code next} is inserted), else a row with the same
   * {@link AttemptRecord#attempts()} as {@code expected}. When {@code next} is {@code null} the row
   * is removed instead (a success giving its unit back to a counter it alone had moved), under the
   * same condition.
   *
   * @param expected the counter as read, or {@code null} for "absent"
   * @param next the counter to write, or {@code null} to remove it; not both {@code null}, and both
   *     name the same factor and subject
   * @return {@code false} when another writer got there first (the caller re-reads and retries)
   * @throws IllegalArgumentException when both are {@code null} or they name different counters
   */
  boolean compareAndSet(AttemptRecord expected, AttemptRecord next);

  /** Removes the counter (after a success, or by an administrator). Absent is fine. */
  void reset(String factor, String subject);

  /**
   * Removes counters whose last attempt is before {@code before}.
   *
   * @return how many were removed
   */
  int purge(Instant before);
}
