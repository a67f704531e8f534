package dev.latchkey.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How many attempts a subject gets and how long it waits after that. Immutable; see
 * {@link #perAccount()} and {@link #perClient()} for the defaults.
 *
 * <p>After {@link #freeAttempts()} counted attempts without a success, each further attempt must
 * wait {@code baseDelay × 2^(n − free)} after the previous one, capped at {@link #maxDelay()}. At
 * {@link #hardStop()} consecutive attempts the subject is locked until a success elsewhere (password
 * reset) or {@link AttemptLimiter#reset}. Counters older than {@link #forgetAfter()} are forgotten.
 */
public final class AttemptPolicy {
  /** Attempts before any wait: 5. */
  public static final int DEFAULT_FREE_ATTEMPTS = 5;
  /** The first wait: 30 seconds, doubling from there. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(30);
  /** The longest wait between two attempts: 15 minutes. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(15);
  /** Consecutive attempts per account before a hard stop: 100. */
  public static final int DEFAULT_HARD_STOP = 100;
  /** A counter untouched this long starts again from zero: 24 hours. */
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofHours(24);
  /**
   * Failed attempts per client address before any wait: 100. An address is often shared (an
   * office behind NAT, a mobile carrier, a school), and only failures count against it
   * ({@link AttemptLimiter} gives a success's unit back), so the allowance is sized for many people
   * mistyping, not for one.
   */
  public static final int DEFAULT_CLIENT_FREE_ATTEMPTS = 100;
  /** The first wait per client address once its free failures are used: 1 second, doubling. */
  public static final Duration DEFAULT_CLIENT_BASE_DELAY = Duration.ofSeconds(1);
  /**
   * The longest wait per client address: 1 minute. Short, because a wait refuses everyone behind
   * the address; it still holds one address to about 60 guesses an hour once the free failures are
   * used, while the per-account limit keeps guarding each account.
   */
  public static final Duration DEFAULT_CLIENT_MAX_DELAY = Duration.ofMinutes(1);
  /** A client-address counter without a failure for this long starts again from zero: 1 hour. */
  public static final Duration DEFAULT_CLIENT_FORGET_AFTER = Duration.ofHours(1);

  private static final AttemptPolicy PER_ACCOUNT = builder().build();
  /*
   * No hard stop per address: it would let one address lock out everyone behind it.
   */
  private static final AttemptPolicy PER_CLIENT = builder()
      .freeAttempts(DEFAULT_CLIENT_FREE_ATTEMPTS)
      .baseDelay(DEFAULT_CLIENT_BASE_DELAY)
      .maxDelay(DEFAULT_CLIENT_MAX_DELAY)
      .forgetAfter(DEFAULT_CLIENT_FORGET_AFTER)
      .hardStop(Integer.MAX_VALUE)
      .build();

  private final int freeAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final int hardStop;
  private final Duration forgetAfter;

  private AttemptPolicy(Builder b) {
    this.freeAttempts = b.freeAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.hardStop = b.hardStop;
    this.forgetAfter = b.forgetAfter;
  }

  /** The default per-account policy: 5 free, doubling from 30 s to 15 min, hard stop at 100. */
  public static AttemptPolicy perAccount() {
    return PER_ACCOUNT;
  }

  /**
   * The default per-client-address policy, sized for shared addresses: 100 free failures, then
   * waits doubling from 1 second to 1 minute, forgotten after an hour without a failure, no hard
   * stop.
   */
  public static AttemptPolicy perClient() {
    return PER_CLIENT;
  }

  /** A builder starting from the per-account defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Attempts allowed before waits begin. */
  public int freeAttempts() {
    return freeAttempts;
  }

  /** The first wait. */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** The longest wait. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Consecutive attempts after which the subject is locked until reset. */
  public int hardStop() {
    return hardStop;
  }

  /** Idle time after which a counter is forgotten. */
  public Duration forgetAfter() {
    return forgetAfter;
  }

  /** The wait required after {@code attempts} counted attempts (zero while still free). */
  Duration delayAfter(int attempts) {
    if (attempts < freeAttempts) {
      return Duration.ZERO;
    }
    int doublings = Math.min(attempts - freeAttempts, 30);
    Duration d = baseDelay.multipliedBy(1L << doublings);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  @Override
  public String toString() {
    return "AttemptPolicy[free=" + freeAttempts + ", base=" + baseDelay + ", max=" + maxDelay
        + ", hardStop=" + hardStop + ", forgetAfter=" + forgetAfter + "]";
  }

  /** Builds an {@link AttemptPolicy}; {@link #build()} rejects contradictory values. */
  public static final class Builder {
    private int freeAttempts = DEFAULT_FREE_ATTEMPTS;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private int hardStop = DEFAULT_HARD_STOP;
    private Duration forgetAfter = DEFAULT_FORGET_AFTER;

    private Builder() {}

    /** Attempts before the first wait (1 to 1000). */
    public Builder freeAttempts(int value) {
      this.freeAttempts = value;
      return this;
    }

    /** The first wait (1 ms to the max delay). */
    public Builder baseDelay(Duration value) {
      this.baseDelay = Objects.requireNonNull(value, "baseDelay");
      return this;
    }

    /** The longest wait (at least the base delay, at most 1 day). */
    public Builder maxDelay(Duration value) {
      this.maxDelay = Objects.requireNonNull(value, "maxDelay");
      return this;
    }

    /** Consecutive attempts before a hard stop (more than the free attempts). */
    public Builder hardStop(int value) {
      this.hardStop = value;
      return this;
    }

    /** Idle time after which a counter restarts (at least the max delay). */
    public Builder forgetAfter(Duration value) {
      this.forgetAfter = Objects.requireNonNull(value, "forgetAfter");
      return this;
    }

    /** Validates and builds. */
    public AttemptPolicy build() {
      if (freeAttempts < 1 || freeAttempts > 1000) {
        throw new IllegalArgumentException(
            "Invalid freeAttempts " + freeAttempts + "; must be between 1 and 1000");
      }
      if (baseDelay.toMillis() < 1 || baseDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException("Invalid baseDelay " + baseDelay
            + "; must be between PT0.001S and maxDelay (" + maxDelay + ")");
      }
      if (maxDelay.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("Invalid maxDelay " + maxDelay + "; must be at most P1D");
      }
      if (hardStop <= freeAttempts) {
        throw new IllegalArgumentException("Invalid hardStop " + hardStop
            + "; must be greater than freeAttempts (" + freeAttempts + ")");
      }
      if (forgetAfter.compareTo(maxDelay) < 0) {
        throw new IllegalArgumentException("Invalid forgetAfter " + forgetAfter
            + "; must be at least maxDelay (" + maxDelay + ")");
      }
      return new AttemptPolicy(this);
    }
  }
}
