package dev.latchkey.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one way a service reads the time: from the injected {@link Clock}, in whole milliseconds.
 * Not API.
 *
 * <p>Every store keeps milliseconds (the coarsest of the databases we support), so a service that
 * computed with finer instants would answer differently before and after a round trip through a
 * store; truncating at the single point of reading keeps every comparison on what is stored.
 */
public final class Time {
  private Time() {}

  /** {@code clock}'s current instant, truncated to whole milliseconds. */
  public static Instant now(Clock clock) {
    try {
      // Clock.millis() of the system clock reads the time without making an Instant, so this is
      // one allocation per call where instant().truncatedTo() was two; the value is the same
      // (both round down to the millisecond).
      return Instant.ofEpochMilli(clock.millis());
    } catch (ArithmeticException e) {
      // An instant beyond the range of epoch milliseconds (only a test clock gets there).
      return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
  }

  /**
   * {@code now.compareTo(base.plus(amount))}, without making the sum: the hot paths compare the
   * clock with a stored time plus a configured interval on every request. A sum beyond
   * {@link Instant}'s range compares as later than any {@code now}.
   *
   * @param amount a non-negative duration
   * @return negative, zero or positive as {@code now} is before, at or after {@code base + amount}
   */
  public static int compareToSum(Instant now, Instant base, Duration amount) {
    long seconds;
    try {
      seconds = Math.addExact(base.getEpochSecond(), amount.getSeconds());
    } catch (ArithmeticException e) {
      return -1;
    }
    int nanos = base.getNano() + amount.getNano();
    if (nanos >= 1_000_000_000) {
      nanos -= 1_000_000_000;
      seconds++;
    }
    int bySeconds = Long.compare(now.getEpochSecond(), seconds);
    return bySeconds != 0 ? bySeconds : Integer.compare(now.getNano(), nanos);
  }
}
