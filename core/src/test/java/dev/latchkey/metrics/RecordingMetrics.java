package dev.latchkey.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LatchkeyMetrics} that keeps everything it is told, for tests. Its clock is a counter
 * that moves {@link #STEP_NANOS} at each reading, so every duration is an exact multiple of it
 * and says how many readings happened in between. It refuses (with an {@link AssertionError},
 * which the library does not swallow) an outcome that its operation does not declare.
 */
public final class RecordingMetrics implements LatchkeyMetrics {
  /** How far the clock moves at each reading. */
  public static final long STEP_NANOS = 1_000L;

  /** One {@link #recordTime} call. */
  public record Timing(Operation operation, Outcome outcome, long nanos) {}

  /** One {@link #recordLockout} call. */
  public record Lockout(LimitedFactor factor, LockScope scope, boolean hardStop) {}

  private final AtomicLong clock = new AtomicLong();
  private final List<Timing> timings = new CopyOnWriteArrayList<>();
  private final List<Lockout> lockouts = new CopyOnWriteArrayList<>();
  private final List<Boolean> cacheLookups = new CopyOnWriteArrayList<>();

  @Override
  public long monotonicTime() {
    return clock.addAndGet(STEP_NANOS);
  }

  @Override
  public void recordTime(Operation operation, Outcome outcome, long nanos) {
    if (!operation.outcomes().contains(outcome)) {
      throw new AssertionError(operation + " reported an outcome it does not declare: " + outcome);
    }
    timings.add(new Timing(operation, outcome, nanos));
  }

  @Override
  public void recordLockout(LimitedFactor factor, LockScope scope, boolean hardStop) {
    lockouts.add(new Lockout(factor, scope, hardStop));
  }

  @Override
  public void recordApiKeyCacheLookup(boolean hit) {
    cacheLookups.add(hit);
  }

  /** Every timing, in order. */
  public List<Timing> timings() {
    return List.copyOf(timings);
  }

  /** The outcomes reported for {@code operation}, in order. */
  public List<Outcome> outcomes(Operation operation) {
    return timings.stream().filter(t -> t.operation() == operation).map(Timing::outcome).toList();
  }

  /** Every refused attempt, in order. */
  public List<Lockout> lockouts() {
    return List.copyOf(lockouts);
  }

  /** Every cache lookup, {@code true} for a hit, in order. */
  public List<Boolean> cacheLookups() {
    return List.copyOf(cacheLookups);
  }

  /** Forgets everything recorded so far (the clock keeps going). */
  public void clear() {
    timings.clear();
    lockouts.clear();
    cacheLookups.clear();
  }
}
