package dev.latchkey.examples;

import dev.latchkey.Latchkey;
import dev.latchkey.cache.caffeine.CaffeineCaches;
import dev.latchkey.session.ValidationCacheSettings;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.jdbc.PollingInvalidationBus;
import dev.latchkey.store.jdbc.PostgresInvalidationBus;
import dev.latchkey.store.redis.RedisInvalidationBus;
import dev.latchkey.store.redis.RedisSettings;
import dev.latchkey.store.redis.RedisStores;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * What {@link DemoConfig.ScaleOut} turns on: the Redis stores for hot state, the invalidation bus
 * and the validation cache. This is the wiring a host with several instances writes.
 */
final class ScaleOutParts implements AutoCloseable {
  private final RedisStores redis;
  private final InvalidationBus bus;
  private final boolean cache;
  private final String busName;

  private ScaleOutParts(RedisStores redis, InvalidationBus bus, boolean cache, String busName) {
    this.redis = redis;
    this.bus = bus;
    this.cache = cache;
    this.busName = busName;
  }

  static ScaleOutParts open(DemoConfig config, DataSource pool, Clock clock) {
    DemoConfig.ScaleOut s = config.scaleOut();
    RedisSettings redisSettings = s.redisKeyPrefix() == null ? RedisSettings.defaults()
        : RedisSettings.builder().keyPrefix(s.redisKeyPrefix()).build();
    RedisStores redis = s.redisUrl() == null ? null
        : RedisStores.connect(s.redisUrl(), clock, redisSettings);
    if (!s.validationCache()) {
      return new ScaleOutParts(redis, null, false, "none");
    }
    try {
      // Every instance that shares the stores must hear every revocation: the bus follows them.
      if (redis != null) {
        return new ScaleOutParts(redis, RedisInvalidationBus.builder(s.redisUrl())
            .settings(redisSettings).build(), true, "Redis pub/sub");
      }
      if (config.embeddedDatabase()) {
        // The embedded H2 file is locked to one process: an in-process bus is all it needs.
        return new ScaleOutParts(null, InvalidationBus.local(), true, "in-process");
      }
      if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
        return new ScaleOutParts(null, PostgresInvalidationBus.builder(pool).build(), true,
            "PostgreSQL LISTEN/NOTIFY");
      }
      return new ScaleOutParts(null, PollingInvalidationBus.builder(pool, clock).build(), true,
          "polling " + PollingInvalidationBus.DEFAULT_POLL_INTERVAL);
    } catch (RuntimeException e) {
      if (redis != null) {
        redis.close();
      }
      throw e;
    }
  }

  /** The stores: the database's, with the hot ones on Redis when it is configured. */
  Stores stores(Stores database) {
    return redis == null ? database : redis.combinedWith(database);
  }

  void configure(Latchkey.Builder builder) {
    if (bus != null) {
      builder.invalidationBus(bus);
    }
    if (cache) {
      builder.validationCache(ValidationCacheSettings.enabled()
          .provider(CaffeineCaches.provider()).build());
    }
  }

  @Override
  public void close() {
    try {
      if (bus != null) {
        bus.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Override
  public String toString() {
    return "hot state on " + (redis == null ? "the database" : "Redis") + ", bus " + busName
        + ", validation cache " + (cache ? "on (Caffeine, ttl "
            + ValidationCacheSettings.DEFAULT_TTL.toSeconds() + " s)" : "off");
  }
}
