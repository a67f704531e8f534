package dev.latchkey.limits;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;

/** Whether an attempt at a guessable factor may go ahead. */
public sealed interface AttemptDecision {

  /** Whether the attempt may go ahead. */
  boolean permitted();

  /**
   * The attempt is counted and may go ahead. Hand it back to {@link AttemptLimiter#succeeded} when
   * the factor turns out right: that starts the account's counter again and gives the client
   * address its unit back, so only failures count against an address.
   *
   * <p>Only {@link AttemptLimiter} makes one: it remembers exactly which counters it moved, so
   * giving a unit back can never give back more than was counted.
   */
  final class Permitted implements AttemptDecision {
    private final Factor factor;
    private final String accountSubject;
    private final Counted counted;
    private final Counted client;

    Permitted(Factor factor, String accountSubject, Counted counted, Counted client) {
      this.factor = Objects.requireNonNull(factor, "factor");
      this.accountSubject = accountSubject;
      this.counted = counted;
      this.client = client;
    }

    @Override
    public boolean permitted() {
      return true;
    }

    /**
     * Whether the attempt was counted against a known device's own allowance instead of the
     * account's ({@link AttemptLimiter#tryAttemptFromKnownDevice}).
     */
    public boolean fromKnownDevice() {
      return counted != null && !counted.subject().equals(accountSubject);
    }

    Factor factor() {
      return factor;
    }

    /** {@code account:…}, or {@code null} when no account was counted. */
    String accountSubject() {
      return accountSubject;
    }

    /** The account's or known device's counter write, or {@code null}. */
    Counted counted() {
      return counted;
    }

    /** The client address's counter write, or {@code null} when the limiter counts none. */
    Counted client() {
      return client;
    }

    @Override
    public String toString() {
      return "Permitted[factor=" + factor.code() + ", knownDevice=" + fromKnownDevice() + "]";
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
