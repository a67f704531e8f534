package dev.latchkey.archfixture.random;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;

/** Uses only what was injected: no violation (SecureRandom as a type is fine). */
public final class InjectedOnly {
  private final SecureRandom random;
  private final Clock clock;

  /** Takes the injected sources. */
  public InjectedOnly(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /** Time from the clock, randomness from the injected SecureRandom. */
  public String draw() {
    Instant now = Instant.now(clock);
    LocalDateTime local = LocalDateTime.now(clock);
    return now + " " + local + " " + clock.instant() + " " + random.nextInt(10);
  }
}
