package dev.latchkey.archfixture.random;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;

/** Reads the system clock instead of the injected one: violations. */
public final class SystemTime {
  /** Instant.now(). */
  public Instant instant() {
    return Instant.now();
  }

  /** LocalDateTime.now(ZoneId) still reads the system clock. */
  public LocalDateTime local() {
    return LocalDateTime.now(ZoneOffset.UTC);
  }

  /** A system clock outside the composition root. */
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** The old ways. */
  public long millis() {
    return System.currentTimeMillis() + new Date().getTime();
  }
}
