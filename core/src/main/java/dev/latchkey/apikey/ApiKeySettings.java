package dev.latchkey.apikey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of {@link ApiKeyService}. {@link #defaults()} gives the named constants below;
 * {@link #builder()} starts from them.
 */
public final class ApiKeySettings {
  /**
   * Last-used is written at most this often per key: 60 seconds. Authentication is a read on every
   * request; a write on every request would make the hot path write-bound for a value a UI shows
   * to the minute.
   */
  public static final Duration DEFAULT_LAST_USED_INTERVAL = Duration.ofSeconds(60);
  /** The longest last-used interval allowed: one day. */
  public static final Duration MAX_LAST_USED_INTERVAL = Duration.ofDays(1);
  /** The longest grace period {@code rotate} accepts by default: 30 days. */
  public static final Duration DEFAULT_MAX_ROTATION_GRACE = Duration.ofDays(30);
  /** The hard cap on {@link #maxRotationGrace()}: 90 days. */
  public static final Duration MAX_ROTATION_GRACE_LIMIT = Duration.ofDays(90);

  private static final ApiKeySettings DEFAULTS = builder().build();

  private final ApiKeyFormat format;
  private final Duration lastUsedInterval;
  private final Duration maxRotationGrace;
  private final ApiKeyCacheSettings cache;
  private final boolean revealKeyStateToCallers;

  private ApiKeySettings(Builder b, ApiKeyFormat format) {
    this.format = format;
    this.lastUsedInterval = b.lastUsedInterval;
    this.maxRotationGrace = b.maxRotationGrace;
    this.cache = b.cache;
    this.revealKeyStateToCallers = b.revealKeyStateToCallers;
  }

  /**
   * Prefix {@code lk}, environments {@code live} (default) and {@code test}, no cache, and a revoked,
   * rotated-away or expired key answers the caller as a key never issued.
   */
  public static ApiKeySettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key format (prefix, environments, regex). */
  public ApiKeyFormat format() {
    return format;
  }

  /** The product prefix of new keys. */
  public String prefix() {
    return format.prefix();
  }

  /** The environment names; the first is the default for new keys. */
  public List<String> environments() {
    return format.environments();
  }

  /** The regular expression matching every key these settings issue, for secret scanners. */
  public String keyRegex() {
    return format.regex();
  }

  /** The minimum time between two last-used writes of one key. */
  public Duration lastUsedInterval() {
    return lastUsedInterval;
  }

  /** The longest grace period {@link ApiKeyService#rotate} accepts. */
  public Duration maxRotationGrace() {
    return maxRotationGrace;
  }

  /** The verification cache settings (disabled by default). */
  public ApiKeyCacheSettings cache() {
    return cache;
  }

  /**
   * Whether a rejected caller is told that a key was revoked, rotated away or expired, or was never
   * issued ({@code false} by default: all four answer {@code invalid}). See
   * {@link Builder#revealKeyStateToCallers()}.
   */
  public boolean revealsKeyStateToCallers() {
    return revealKeyStateToCallers;
  }

  @Override
  public String toString() {
    return "ApiKeySettings[format=" + format + ", lastUsedInterval=" + lastUsedInterval
        + ", maxRotationGrace=" + maxRotationGrace + ", cache=" + cache
        + ", revealKeyStateToCallers=" + revealKeyStateToCallers + "]";
  }

  /** Builds {@link ApiKeySettings}; {@link #build()} rejects out-of-range values. */
  public static final class Builder {
    private String prefix = ApiKeyFormat.DEFAULT_PREFIX;
    private List<String> environments = ApiKeyFormat.DEFAULT_ENVIRONMENTS;
    private Duration lastUsedInterval = DEFAULT_LAST_USED_INTERVAL;
    private Duration maxRotationGrace = DEFAULT_MAX_ROTATION_GRACE;
    private ApiKeyCacheSettings cache = ApiKeyCacheSettings.disabled();
    private boolean revealKeyStateToCallers;

    private Builder() {}

    /** Sets the product prefix ({@code [a-z]{2,8}}), e.g. {@code acme} for {@code acme_live_…}. */
    public Builder prefix(String value) {
      this.prefix = Objects.requireNonNull(value, "prefix");
      return this;
    }

    /**
     * Sets the environment names ({@code [a-z][a-z0-9]{1,11}}, 1 to 16, distinct); the first is the
     * default for new keys.
     */
    public Builder environments(String... names) {
      Objects.requireNonNull(names, "environments");
      this.environments = List.of(names);
      return this;
    }

    /** Sets the last-used write interval (zero to {@link #MAX_LAST_USED_INTERVAL}). */
    public Builder lastUsedInterval(Duration value) {
      this.lastUsedInterval = Objects.requireNonNull(value, "lastUsedInterval");
      return this;
    }

    /** Sets the longest rotation grace period (zero to {@link #MAX_ROTATION_GRACE_LIMIT}). */
    public Builder maxRotationGrace(Duration value) {
      this.maxRotationGrace = Objects.requireNonNull(value, "maxRotationGrace");
      return this;
    }

    /** Turns the verification cache on ({@link ApiKeyCacheSettings#enabled()}) or off. */
    public Builder cache(ApiKeyCacheSettings value) {
      this.cache = Objects.requireNonNull(value, "cache");
      return this;
    }

    /**
     * Weaker: tells a rejected caller the precise state of the key it sent — {@code revoked}
     * (also for a key rotated past its grace period), {@code expired} or {@code unknown} — in the
     * code, the {@code error_description} and the {@code WWW-Authenticate} challenge, instead of
     * {@code invalid} for all of them.
     *
     * <p>Anyone holding a list of candidate strings (a leaked dump, a scraped repository) can then
     * ask your API which of them were ever real keys, which tells them whose systems and which
     * integrations to go after. Use it only where the callers are trusted to see that, for example
     * an internal API whose clients want "expired" to page someone. The host sees the precise
     * reason either way ({@link ApiKeyAuthentication.Rejected#reason()}).
     */
    public Builder revealKeyStateToCallers() {
      this.revealKeyStateToCallers = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public ApiKeySettings build() {
      ApiKeyFormat format = ApiKeyFormat.of(prefix, environments);
      if (lastUsedInterval.isNegative() || lastUsedInterval.compareTo(MAX_LAST_USED_INTERVAL) > 0) {
        throw new IllegalArgumentException("Invalid lastUsedInterval " + lastUsedInterval
            + "; must be between PT0S and " + MAX_LAST_USED_INTERVAL);
      }
      if (maxRotationGrace.isNegative() || maxRotationGrace.compareTo(MAX_ROTATION_GRACE_LIMIT) > 0) {
        throw new IllegalArgumentException("Invalid maxRotationGrace " + maxRotationGrace
            + "; must be between PT0S and " + MAX_ROTATION_GRACE_LIMIT);
      }
      return new ApiKeySettings(this, format);
    }
  }
}
