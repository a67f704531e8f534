package dev.latchkey.apikey;

import java.time.Duration;
import java.util.Objects;

/**
 * The optional in-process verification cache of {@link ApiKeyService}. Off unless enabled by name.
 *
 * <p>When on, a successful lookup is remembered for {@link #ttl()} (keyed by the key's hash, never
 * the key), so a busy client costs one store read per TTL instead of one per request. Revocation,
 * rotation and leak revocation through the <em>same</em> {@code ApiKeyService} take effect at once.
 * A revocation made by <em>another process</em> (or another {@code ApiKeyService} over the same
 * database) is seen here only when the entry expires: for up to {@link #ttl()} after it, unless the
 * processes share an {@link dev.latchkey.spi.InvalidationBus}, which this cache then hears. That
 * is why the TTL is capped at {@link #MAX_TTL}, and why the cache is off by default; for several
 * processes prefer {@link dev.latchkey.session.ValidationCacheSettings}.
 *
 * <p>Immutable.
 */
public final class ApiKeyCacheSettings {
  /** The most entries a cache holds by default: 10,000 keys. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** The default entry lifetime: 30 seconds. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  /** The longest entry lifetime allowed: 60 seconds, the bound on cross-process staleness. */
  public static final Duration MAX_TTL = Duration.ofSeconds(60);
  /** The largest {@code maxEntries} allowed. */
  public static final int MAX_MAX_ENTRIES = 1_000_000;

  private static final ApiKeyCacheSettings DISABLED = new ApiKeyCacheSettings(false, 0, Duration.ZERO);

  private final boolean enabled;
  private final int maxEntries;
  private final Duration ttl;

  private ApiKeyCacheSettings(boolean enabled, int maxEntries, Duration ttl) {
    this.enabled = enabled;
    this.maxEntries = maxEntries;
    this.ttl = ttl;
  }

  /** No cache: every authentication reads the store (the default). */
  public static ApiKeyCacheSettings disabled() {
    return DISABLED;
  }

  /** A builder for an enabled cache, starting from {@link #DEFAULT_MAX_ENTRIES} and {@link #DEFAULT_TTL}. */
  public static Builder enabled() {
    return new Builder();
  }

  /** Whether the cache is on. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The most entries held at once (0 when disabled). */
  public int maxEntries() {
    return maxEntries;
  }

  /** How long an entry is trusted (zero when disabled). */
  public Duration ttl() {
    return ttl;
  }

  @Override
  public String toString() {
    return enabled ? "ApiKeyCacheSettings[maxEntries=" + maxEntries + ", ttl=" + ttl + "]"
        : "ApiKeyCacheSettings[disabled]";
  }

  /** Builds an enabled {@link ApiKeyCacheSettings}; {@link #build()} checks the bounds. */
  public static final class Builder {
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration ttl = DEFAULT_TTL;

    private Builder() {}

    /** Sets the capacity (1 to {@link #MAX_MAX_ENTRIES}). */
    public Builder maxEntries(int value) {
      this.maxEntries = value;
      return this;
    }

    /** Sets the entry lifetime (more than zero, at most {@link #MAX_TTL}). */
    public Builder ttl(Duration value) {
      this.ttl = Objects.requireNonNull(value, "ttl");
      return this;
    }

    /** Validates and builds. */
    public ApiKeyCacheSettings build() {
      if (maxEntries < 1 || maxEntries > MAX_MAX_ENTRIES) {
        throw new IllegalArgumentException("Invalid maxEntries " + maxEntries
            + "; must be 1 to " + MAX_MAX_ENTRIES);
      }
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException(
            "Invalid ttl " + ttl + "; must be more than zero and at most " + MAX_TTL);
      }
      return new ApiKeyCacheSettings(true, maxEntries, ttl);
    }
  }
}
