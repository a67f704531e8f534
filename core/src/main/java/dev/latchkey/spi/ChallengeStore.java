package dev.latchkey.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Storage of sign-in challenges: the short-lived, single-use tokens that stand between a passed
 * first factor and the second one.
 *
 * <p>Every method is atomic on its own; none needs a caller-side lock. {@link #consume} is the one
 * that decides races: of any number of callers, in any number of processes sharing the store,
 * exactly one uses a challenge up.
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException}, or
 * {@link NullPointerException} for a {@code null} argument.
 */
public interface ChallengeStore {

  /**
   * Stores a new challenge.
   *
   * @throws StoreException if a challenge with the same id or token hash exists (which with 128 and
   *     256 random bits means a broken random source, never a normal event)
   */
  void insert(ChallengeRecord challenge);

  /**
   * Finds a challenge by token hash, whatever its state: consumed and expired rows are returned
   * until {@link #purge} removes them, so the caller decides.
   *
   * @return empty when no row has that hash (never stored, or purged)
   */
  Optional<ChallengeRecord> findByTokenHash(String tokenHash);

  /**
   * Atomically uses a challenge up: "set consumed-at if not consumed and not expired at
   * {@code at}". Exactly one of many concurrent callers, in one process or many, gets
   * {@code true}.
   *
   * @return {@code false} when no row has that id, it was already consumed, or it expired at or
   *     before {@code at} (nothing changes)
   */
  boolean consume(String id, Instant at);

  /**
   * Atomically undoes a {@link #consume} whose sign-in could not be completed (the session could not
   * be stored): clears consumed-at if, and only if, it is still exactly {@code consumedAt} (to the
   * millisecond), so only the consume made at that instant is undone, and only once. The challenge
   * is then live again until it expires.
   *
   * @return {@code false} when no row has that id or it is not consumed at {@code consumedAt}
   *     (nothing changes)
   */
  boolean release(String id, Instant consumedAt);

  /**
   * Deletes challenges whose expiry is before {@code before}, consumed or not; housekeeping for
   * hosts that run it periodically. Live challenges are never deleted by a cut-off in the past.
   *
   * @return how many rows were deleted
   */
  int purge(Instant before);
}
