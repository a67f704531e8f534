package dev.latchkey.internal;

import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service reports to the host's {@link LatchkeyMetrics}: skipped entirely for
 * {@link LatchkeyMetrics#none()}, and guarded otherwise, so that a hook that throws never fails a
 * sign-in (Caffeine's {@code StatsCounter.guardedStatsCounter}). Not API.
 *
 * <p>The pattern in a service:
 * <pre>{@code
 * long start = metrics.start();
 * Outcome outcome = Outcome.ERROR;
 * try {
 *   Result r = work();
 *   outcome = outcomeOf(r);
 *   return r;
 * } finally {
 *   metrics.stop(Operation.X, outcome, start);
 * }
 * }</pre>
 * Without a hook that is two reads of a final field and no allocation.
 */
public final class Instrumentation {
  private static final Logger LOG = LoggerFactory.getLogger(Instrumentation.class);
  private static final Instrumentation DISABLED =
      new Instrumentation(LatchkeyMetrics.none(), false);

  private final LatchkeyMetrics metrics;
  private final boolean enabled;
  // A hook that fails once likely fails on every call: warn once, then keep quiet (debug).
  private final AtomicBoolean warned = new AtomicBoolean();

  private Instrumentation(LatchkeyMetrics metrics, boolean enabled) {
    this.metrics = metrics;
    this.enabled = enabled;
  }

  /** Reports to {@code metrics}; {@link LatchkeyMetrics#none()} gives the disabled instance. */
  public static Instrumentation of(LatchkeyMetrics metrics) {
    Objects.requireNonNull(metrics, "metrics");
    return metrics == LatchkeyMetrics.none() ? DISABLED : new Instrumentation(metrics, true);
  }

  /** Reports nothing, reads nothing. */
  public static Instrumentation disabled() {
    return DISABLED;
  }

  /** Whether a hook is set (for tests). */
  public boolean isEnabled() {
    return enabled;
  }

  /** The start of a timed operation: a clock reading, or 0 without a hook. */
  public long start() {
    if (!enabled) {
      return 0L;
    }
    try {
      return metrics.monotonicTime();
    } catch (RuntimeException e) {
      failed(e);
      return 0L;
    }
  }

  /** Reports {@code operation} as ended now with {@code outcome}, timed from {@code start}. */
  public void stop(Operation operation, Outcome outcome, long start) {
    if (!enabled) {
      return;
    }
    try {
      long nanos = metrics.monotonicTime() - start;
      metrics.recordTime(operation, outcome, Math.max(0L, nanos));
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** An attempt refused by a lock. */
  public void lockout(LimitedFactor factor, LockScope scope, boolean hardStop) {
    if (!enabled) {
      return;
    }
    try {
      metrics.recordLockout(factor, scope, hardStop);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** A lookup in the API key verification cache. */
  public void apiKeyCacheLookup(boolean hit) {
    if (!enabled) {
      return;
    }
    try {
      metrics.recordApiKeyCacheLookup(hit);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("The metrics hook {} failed; the operation is unaffected (later failures are logged"
          + " at debug level)", metrics.getClass().getName(), e);
    } else {
      LOG.debug("The metrics hook {} failed again", metrics.getClass().getName(), e);
    }
  }
}
