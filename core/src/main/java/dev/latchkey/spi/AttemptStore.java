package dev.latchkey.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Attempt counters for brute-force protection, shared by every process on one database.
 *
 * <p>The only write is a compare-and-set, so the limiter can count an attempt <em>before</em> it
 * verifies anything and no interleaving of concurrent requests ever lets more attempts through than
 * the policy allows.
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
   * {@link AttemptRecord#attempts()} as {@code expected}.
   *
   * @return {@code false} when another writer got there first (the caller re-reads and retries)
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
