package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Consecutive counted attempts of one guessable factor by one subject.
 *
 * @param factor the factor's code ({@code password}, {@code totp}, {@code backup_code}, …)
 * @param subject who is guessing: {@code account:<id>}, {@code device:<id>} (a known device),
 *     {@code client:<ip>} or {@code client:unknown} (at most 300 chars)
 * @param attempts counted attempts since the last success or reset (at least 1)
 * @param lastAttemptAt when the last one was counted
 */
public record AttemptRecord(String factor, String subject, int attempts, Instant lastAttemptAt) {
  /** Validates the fields. */
  public AttemptRecord {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }
}
