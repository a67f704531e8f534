package dev.latchkey.session;

import dev.latchkey.cache.MapCache;
import dev.latchkey.spi.BoundedCacheProvider;
import java.time.Duration;
import java.util.Objects;

/**
 * The optional per-process cache of validated sessions and API keys, kept honest by an
 * {@link dev.latchkey.spi.InvalidationBus}. Off unless enabled by name; {@code Latchkey.build()}
 * refuses it without a bus.
 *
 * <p>When on, a session validation or an API key authentication that succeeded is remembered,
 * keyed by the SHA-256 of the token or key (never the secret), for at most {@link #ttl()}.
 * Guarantees:
 * <ul>
 *   <li>A revoke, rotation or change of factor made through this process is seen by this process
 *       at once, before the call returns (as without the cache).
 *   <li>One made by another process is seen here as soon as the bus delivers its invalidation
 *       (milliseconds on PostgreSQL {@code NOTIFY} and Redis pub/sub, within the poll interval on
 *       a polling bus).
 *   <li>While the bus is disconnected, the cache is empty and bypassed: every request reads the
 *       store, so a lost connection never serves stale answers. A connection that dies without
 *       the bus noticing can cost at most until its health check fails, and never more than the
 *       TTL.
 *   <li>Expiry, idle timeout and rotation grace are checked on every hit by Latchkey's clock.
 * </ul>
 *
 * <p>Immutable.
 */
public final class ValidationCacheSettings {
  /** The most entries each cache (sessions, API keys) holds by default: 10,000. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** The default entry lifetime: 10 seconds. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  /** The longest entry lifetime allowed: 60 seconds, the bound on staleness if all else fails. */
  public static final Duration MAX_TTL = Duration.ofSeconds(60);
  /** The largest {@code maxEntries} allowed. */
  public static final int MAX_MAX_ENTRIES = 10_000_000;

  private static final ValidationCacheSettings DISABLED =
      new ValidationCacheSettings(false, 0, Duration.ZERO, MapCache.PROVIDER);

  private final boolean enabled;
  private final int maxEntries;
  private final Duration ttl;
  private final BoundedCacheProvider provider;

  private ValidationCacheSettings(boolean enabled, int maxEntries, Duration ttl,
      BoundedCacheProvider provider) {
    this.enabled = enabled;
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.provider = provider;
  }

  /** No cache (the default): every validation reads the store. */
  public static ValidationCacheSettings disabled() {
    return DISABLED;
  }

  /**
   * A builder for an enabled cache: {@link #DEFAULT_MAX_ENTRIES}, {@link #DEFAULT_TTL}, and core's
   * plain map unless a {@link BoundedCacheProvider} (such as {@code CaffeineCaches}) is given.
   */
  public static Builder enabled() {
    return new Builder();
  }

  /** Whether the cache is on. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The most entries each cache holds (0 when disabled). */
  public int maxEntries() {
    return maxEntries;
  }

  /** How long an entry is trusted at most (zero when disabled). */
  public Duration ttl() {
    return ttl;
  }

  /** What makes the caches' storage. */
  public BoundedCacheProvider provider() {
    return provider;
  }

  @Override
  public String toString() {
    return enabled ? "ValidationCacheSettings[maxEntries=" + maxEntries + ", ttl=" + ttl
        + ", provider=" + provider + "]" : "ValidationCacheSettings[disabled]";
  }

  /** Builds an enabled {@link ValidationCacheSettings}; {@link #build()} checks the bounds. */
  public static final class Builder {
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration ttl = DEFAULT_TTL;
    private BoundedCacheProvider provider = MapCache.PROVIDER;

    private Builder() {}

    /** Sets the capacity of each cache (1 to {@link #MAX_MAX_ENTRIES}). */
    public Builder maxEntries(int value) {
      this.maxEntries = value;
      return this;
    }

    /** Sets the entry lifetime (more than zero, at most {@link #MAX_TTL}). */
    public Builder ttl(Duration value) {
      this.ttl = Objects.requireNonNull(value, "ttl");
      return this;
    }

    /** Sets what makes the caches' storage. */
    public Builder provider(BoundedCacheProvider value) {
      this.provider = Objects.requireNonNull(value, "provider");
      return this;
    }

    /** Validates and builds. */
    public ValidationCacheSettings build() {
      if (maxEntries < 1 || maxEntries > MAX_MAX_ENTRIES) {
        throw new IllegalArgumentException("Invalid maxEntries " + maxEntries
            + "; must be 1 to " + MAX_MAX_ENTRIES);
      }
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException(
            "Invalid ttl " + ttl + "; must be more than zero and at most " + MAX_TTL);
      }
      return new ValidationCacheSettings(true, maxEntries, ttl, provider);
    }
  }
}
