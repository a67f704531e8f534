package dev.latchkey.metrics;

/**
 * The instrumentation hook: Latchkey reports what it does here, and the host turns it into
 * metrics. Set it with {@code Latchkey.builder().metrics(...)}; the {@code latchkey-micrometer}
 * module implements it on a Micrometer {@code MeterRegistry}. Without one, {@link #none()} is used:
 * it reports nothing, and Latchkey then reads no clock and allocates nothing for metrics.
 *
 * <h2>What is reported</h2>
 * <ul>
 *   <li>{@link #recordTime}: each {@link Operation} once per call, with its duration and
 *       {@link Outcome}. The count of a timer per outcome is the count of outcomes: there is no
 *       separate counter for them.
 *   <li>{@link #recordLockout}: each attempt at a guessable factor that an attempt limit refused.
 *   <li>{@link #recordApiKeyCacheLookup}: each lookup in the API key verification cache, when the
 *       cache is on.
 * </ul>
 * Every argument is a closed enum, a boolean or a duration: never an account id, a key, a token,
 * an address or free text. Precise outcomes (an API key {@link Outcome#REVOKED} rather than
 * unknown) are for the operator: serve metrics on an internal port or behind authentication, not
 * to the public, whose answers conceal them.
 *
 * <h2>Implementing it</h2>
 * Calls come on the thread doing the work, on every request: keep them quick, non-blocking and
 * thread-safe. An exception thrown here is logged and ignored, never fails the operation (the first
 * one is logged as a warning, later ones at debug level, so a broken hook cannot flood the log).
 */
public interface LatchkeyMetrics {

  /** The hook that reports nothing (the default): Latchkey then never calls it. */
  static LatchkeyMetrics none() {
    return NoMetrics.INSTANCE;
  }

  /**
   * A reading of a monotonic clock, in nanoseconds (only differences are meaningful): Latchkey
   * takes one when a timed operation starts and one when it ends, and reports the difference.
   * {@code System.nanoTime()}, or the metrics library's own clock (Micrometer's
   * {@code MeterRegistry.config().clock().monotonicTime()}, which tests can move by hand). Latchkey
   * itself never reads the system time: it comes from here, or from the injected
   * {@link java.time.Clock} for what is stored.
   */
  long monotonicTime();

  /**
   * An operation ended.
   *
   * @param operation what was timed
   * @param outcome how it ended; one of {@code operation.outcomes()}
   * @param nanos how long it took, from two {@link #monotonicTime()} readings; never negative
   */
  void recordTime(Operation operation, Outcome outcome, long nanos);

  /**
   * An attempt at a guessable factor was refused, unchecked, because a counter is locked: one
   * call per refused attempt (a brute-force attack shows as a rate here). Does nothing by default.
   *
   * @param factor the factor guessed at
   * @param scope whose counter refused it
   * @param hardStop whether that counter is at its hard stop (waiting does not help; it must be
   *     reset) rather than in a doubling wait
   */
  default void recordLockout(LimitedFactor factor, LockScope scope, boolean hardStop) {
  }

  /**
   * The API key verification cache was asked for a key that passed the format and checksum
   * checks; only when the cache is on ({@code ApiKeyCacheSettings}). Does nothing by default.
   *
   * @param hit whether the cache answered (a miss reads the store)
   */
  default void recordApiKeyCacheLookup(boolean hit) {
  }
}
