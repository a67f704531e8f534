package dev.latchkey.internal;

import java.time.Duration;

/** The one rounding of a wait into a {@code Retry-After} value. Not API. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Whole seconds, rounded up and at least 1: a client that waits that long is never early, and
   * {@code Retry-After: 0} would invite an immediate retry.
   */
  public static long seconds(Duration wait) {
    long s = (wait.toMillis() + 999) / 1000;
    return Math.max(1, s);
  }
}
