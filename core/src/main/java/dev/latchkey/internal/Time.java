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
  /**
   * {@code clock}'s current time in whole epoch milliseconds, without making an {@link Instant}:
   * the hot paths compare it with stored instants through {@link #isBefore(long, Instant)} and the
   * thresholds below. A clock beyond the range of epoch milliseconds (only a test clock gets
   * there, some 292 million years away) reads as {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE};
   * {@link #instant(long, Clock)} turns such a reading back into the clock's real instant.
   */
  public static long nowMillis(Clock clock) {
    try {
      return clock.millis();
    } catch (ArithmeticException e) {
      return clock.instant().getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant of a {@link #nowMillis} reading (the clock's own, truncated, when it saturated). */
  public static Instant instant(long nowMillis, Clock clock) {
    return nowMillis == Long.MIN_VALUE || nowMillis == Long.MAX_VALUE
        ? now(clock)
        : Instant.ofEpochMilli(nowMillis);
  }

  /** {@code Instant.ofEpochMilli(nowMillis).isBefore(t)}, exactly, without making the instant. */
  public static boolean isBefore(long nowMillis, Instant t) {
    long seconds = Math.floorDiv(nowMillis, 1000);
    long tSeconds = t.getEpochSecond();
    if (seconds != tSeconds) {
      return seconds < tSeconds;
    }
    return Math.floorMod(nowMillis, 1000) * 1_000_000L < t.getNano();
  }

  /**
   * The first whole millisecond at or after {@code t}, so that for every whole-millisecond
   * {@code now}, {@code now < ceilMillis(t)} exactly when {@code now} is before {@code t}. Beyond
   * the range of epoch milliseconds it saturates to {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE}.
   */
  public static long ceilMillis(Instant t) {
    int nanos = t.getNano();
    try {
      long ms = Math.multiplyExact(t.getEpochSecond(), 1000L);
      return Math.addExact(ms, nanos / 1_000_000 + (nanos % 1_000_000 != 0 ? 1 : 0));
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * The last whole millisecond at or before {@code base + amount}, so that for every
   * whole-millisecond {@code now}, {@code now > floorMillisOfSum(base, amount)} exactly when
   * {@code now} is after the sum ({@code compareToSum > 0}). Saturates like {@link #ceilMillis}.
   *
   * @param amount a non-negative duration
   */
  public static long floorMillisOfSum(Instant base, Duration amount) {
    long seconds;
    int nanos = base.getNano() + amount.getNano();
    try {
      seconds = Math.addExact(base.getEpochSecond(), amount.getSeconds());
      if (nanos >= 1_000_000_000) {
        nanos -= 1_000_000_000;
        seconds = Math.incrementExact(seconds);
      }
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000);
    } catch (ArithmeticException e) {
      return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
