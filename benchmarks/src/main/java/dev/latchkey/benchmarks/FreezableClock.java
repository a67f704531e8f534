package dev.latchkey.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock until {@link #freeze}, then the instant it was frozen at. The PostgreSQL
 * benchmarks freeze Latchkey's clock before their last warm-up pass: a trial whose setup (10 M
 * generated rows) or run (a loaded machine) lasts longer than the last-use or touch interval would
 * otherwise measure the once-a-minute write of every key or session instead of the steady state.
 */
final class FreezableClock extends Clock {
  private volatile Instant frozen;

  void freeze() {
    frozen = Instant.now();
  }

  @Override
  public Instant instant() {
    Instant f = frozen;
    return f != null ? f : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
