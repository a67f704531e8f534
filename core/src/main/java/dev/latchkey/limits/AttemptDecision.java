package dev.latchkey.limits;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;

/** Whether an attempt at a guessable factor may go ahead. */
public sealed interface AttemptDecision {

  /** Whether the attempt may go ahead. */
  boolean permitted();

  /** The attempt is counted and may go ahead; report a success with {@link AttemptLimiter#succeeded}. */
  record Permitted() implements AttemptDecision {
    @Override
    public boolean permitted() {
      return true;
    }
  }

  /**
   * Too many attempts: try again after {@code retryAfter} (the demo answers 429 with
   * {@code Retry-After}). When {@code hardStop} is set, waiting does not help: the account's counter
   * must be reset (a password reset, or an administrator).
   *
   * @param retryAfter how long to wait; positive
   * @param hardStop whether the subject hit the hard stop
   */
  record Locked(Duration retryAfter, boolean hardStop) implements AttemptDecision {
    /** Validates the wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean permitted() {
      return false;
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }
}
