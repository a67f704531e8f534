package dev.latchkey.store.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable options of {@link RedisStores}: the key prefix, how long ended rows stay findable, and
 * the client's timeouts. Built with {@link #builder()}; {@link #defaults()} gives prefix
 * {@value #DEFAULT_KEY_PREFIX}, one day of retention for ended rows, seven days for attempt
 * counters, and 5-second connect and command timeouts.
 */
public final class RedisSettings {
  /** The default prefix of every key: {@code latchkey:session:…}, … */
  public static final String DEFAULT_KEY_PREFIX = "latchkey:";
  /** How long a session, challenge or known device stays findable after its expiry, by default. */
  public static final Duration DEFAULT_ENDED_RETENTION = Duration.ofDays(1);
  /**
   * How long an attempt counter lives after its last attempt, by default: well past the limiter's
   * longest default {@code forgetAfter} (24 hours), so Redis never forgets a counter the limiter
   * still counts.
   */
  public static final Duration DEFAULT_ATTEMPT_RETENTION = Duration.ofDays(7);
  /** The default connect and command timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** The default number of rows one purge script deletes before the next batch. */
  public static final int DEFAULT_PURGE_BATCH = 500;

  /**
   * 1 to 64 printable ASCII characters without spaces: keys stay readable in {@code redis-cli}
   * and {@code SCAN MATCH prefix*} finds exactly Latchkey's keys.
   */
  private static final Pattern KEY_PREFIX = Pattern.compile("[!-~]{1,64}");

  private static final RedisSettings DEFAULTS = builder().build();

  private final String keyPrefix;
  private final Duration endedRetention;
  private final Duration attemptRetention;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final int purgeBatch;

  private RedisSettings(Builder b) {
    this.keyPrefix = b.keyPrefix;
    this.endedRetention = b.endedRetention;
    this.attemptRetention = b.attemptRetention;
    this.connectTimeout = b.connectTimeout;
    this.commandTimeout = b.commandTimeout;
    this.purgeBatch = b.purgeBatch;
  }

  /** The defaults (see the class comment). */
  public static RedisSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The prefix of every key the stores write. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * How long a session, sign-in challenge or known device stays in Redis after its absolute
   * expiry (revoked and used-up rows included), so lookups can still say "expired" or "revoked"
   * rather than "unknown"; Redis then drops it by itself, as a {@code purge} would.
   */
  public Duration endedRetention() {
    return endedRetention;
  }

  /** How long an attempt counter lives after its last counted attempt. */
  public Duration attemptRetention() {
    return attemptRetention;
  }

  /** How long connecting may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one command or script may take before the call fails with a StoreException. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** How many rows one purge script deletes before the next batch. */
  public int purgeBatch() {
    return purgeBatch;
  }

  @Override
  public String toString() {
    return "RedisSettings[keyPrefix=" + keyPrefix + ", endedRetention=" + endedRetention
        + ", attemptRetention=" + attemptRetention + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout + ", purgeBatch=" + purgeBatch + "]";
  }

  /** Builds {@link RedisSettings}; not thread-safe. */
  public static final class Builder {
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration endedRetention = DEFAULT_ENDED_RETENTION;
    private Duration attemptRetention = DEFAULT_ATTEMPT_RETENTION;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_TIMEOUT;
    private int purgeBatch = DEFAULT_PURGE_BATCH;

    private Builder() {}

    /**
     * The prefix of every key (default {@value #DEFAULT_KEY_PREFIX}): 1 to 64 printable ASCII
     * characters, no spaces. Give each application (or test run) sharing one Redis its own.
     */
    public Builder keyPrefix(String value) {
      Objects.requireNonNull(value, "keyPrefix");
      if (!KEY_PREFIX.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "Invalid key prefix; use 1 to 64 printable ASCII characters without spaces");
      }
      this.keyPrefix = value;
      return this;
    }

    /** How long ended sessions, challenges and known devices stay findable; 1 minute to 30 days. */
    public Builder endedRetention(Duration value) {
      this.endedRetention = within("endedRetention", value, Duration.ofMinutes(1),
          Duration.ofDays(30));
      return this;
    }

    /**
     * How long an attempt counter lives after its last attempt; 1 hour to 30 days. Keep it at or
     * above the longest {@code AttemptPolicy.forgetAfter} in use, or Redis forgets counters the
     * limiter still counts.
     */
    public Builder attemptRetention(Duration value) {
      this.attemptRetention = within("attemptRetention", value, Duration.ofHours(1),
          Duration.ofDays(30));
      return this;
    }

    /** How long connecting may take; 100 ms to 1 minute. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = within("connectTimeout", value, Duration.ofMillis(100),
          Duration.ofMinutes(1));
      return this;
    }

    /** How long one command or script may take; 100 ms to 1 minute. */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = within("commandTimeout", value, Duration.ofMillis(100),
          Duration.ofMinutes(1));
      return this;
    }

    /** Rows one purge script deletes before the next batch; 1 to 10000. */
    public Builder purgeBatch(int value) {
      if (value < 1 || value > 10_000) {
        throw new IllegalArgumentException(
            "Invalid purgeBatch " + value + "; allowed range is 1 to 10000");
      }
      this.purgeBatch = value;
      return this;
    }

    /** The settings. */
    public RedisSettings build() {
      return new RedisSettings(this);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException("Invalid " + name + " " + value
            + "; allowed range is " + min + " to " + max);
      }
      return value;
    }
  }
}
