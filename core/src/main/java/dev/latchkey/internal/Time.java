package dev.latchkey.internal;

import java.time.Clock;
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
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
