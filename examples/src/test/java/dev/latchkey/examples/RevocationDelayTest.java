package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.cache.caffeine.CaffeineCaches;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidationCacheSettings;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.store.jdbc.PollingInvalidationBus;
import dev.latchkey.store.jdbc.PostgresInvalidationBus;
import dev.latchkey.store.redis.RedisInvalidationBus;
import dev.latchkey.store.redis.RedisSettings;
import dev.latchkey.store.redis.RedisStores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Measures the worst case the README states: with the validation cache on, how long after a
 * revocation through instance A returns does instance B (its own Latchkey, pool, bus and Caffeine
 * cache, holding the session or key cached) go on accepting it. For each bus, {@value #N}
 * revocations (half sessions, half API keys); B is asked again and again until it refuses, and the
 * delay from A's return to B's first refusal is recorded. Prints p50/p99/max and checks them
 * against the bound each bus documents.
 *
 * <p>Run alone: {@code LATCHKEY_TEST_REQUIRE_DATABASES=postgresql,mariadb,redis mvn -o -B -pl
 * examples -am verify -Dtest=RevocationDelayTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 */
class RevocationDelayTest {
  private static final int N = 200;
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "Mozilla/5.0 Firefox/128.0");
  private static final Duration POLL = Duration.ofMillis(250);

  @Test
  void postgresqlNotify() throws Exception {
    ExternalServices.assumePostgres();
    String schema = "lk_delay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String url = ExternalServices.createPostgresSchema(schema);
    try (HikariDataSource poolA = pool(url, "a"); HikariDataSource poolB = pool(url, "b")) {
      JdbcSchema.apply(poolA);
      String channel = schema + "_invalidation";
      try (InvalidationBus busA = PostgresInvalidationBus.builder(poolA).channel(channel).build();
          InvalidationBus busB = PostgresInvalidationBus.builder(poolB).channel(channel).build()) {
        measure("PostgreSQL LISTEN/NOTIFY", JdbcStores.create(poolA), busA,
            JdbcStores.create(poolB), busB, Duration.ofSeconds(1));
      }
    } finally {
      ExternalServices.dropPostgresSchema(schema);
    }
  }

  @Test
  void mariadbPolling() throws Exception {
    ExternalServices.assumeMariaDb();
    JdbcSettings settings = JdbcSettings.builder().tablePrefix("lk_delay_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_").build();
    try (HikariDataSource poolA = pool(ExternalServices.mariadbUrl(), "a");
        HikariDataSource poolB = pool(ExternalServices.mariadbUrl(), "b")) {
      JdbcSchema.apply(poolA, settings);
      try (InvalidationBus busA = PollingInvalidationBus.builder(poolA, Clock.systemUTC())
              .settings(settings).pollInterval(POLL).build();
          InvalidationBus busB = PollingInvalidationBus.builder(poolB, Clock.systemUTC())
              .settings(settings).pollInterval(POLL).build()) {
        measure("polling every " + POLL.toMillis() + " ms (MariaDB)",
            JdbcStores.create(poolA, settings), busA, JdbcStores.create(poolB, settings), busB,
            POLL.plusSeconds(1));
      } finally {
        dropTables(poolA, settings.tablePrefix());
      }
    }
  }

  @Test
  void redisPubSub() throws Exception {
    ExternalServices.assumePostgres();
    ExternalServices.assumeRedis();
    String schema = "lk_delay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String url = ExternalServices.createPostgresSchema(schema);
    RedisSettings redis = RedisSettings.builder().keyPrefix(schema + ":").build();
    String redisUrl = ExternalServices.redisUrl();
    try (HikariDataSource poolA = pool(url, "a"); HikariDataSource poolB = pool(url, "b");
        RedisStores hotA = RedisStores.connect(redisUrl, Clock.systemUTC(), redis);
        RedisStores hotB = RedisStores.connect(redisUrl, Clock.systemUTC(), redis);
        InvalidationBus busA = RedisInvalidationBus.builder(redisUrl).settings(redis).build();
        InvalidationBus busB = RedisInvalidationBus.builder(redisUrl).settings(redis).build()) {
      JdbcSchema.apply(poolA);
      measure("Redis pub/sub", hotA.combinedWith(JdbcStores.create(poolA)), busA,
          hotB.combinedWith(JdbcStores.create(poolB)), busB, Duration.ofSeconds(1));
    } finally {
      ExternalServices.dropPostgresSchema(schema);
    }
  }

  private static void measure(String bus, Stores storesA, InvalidationBus busA, Stores storesB,
      InvalidationBus busB, Duration bound) {
    Latchkey a = latchkey(storesA, busA);
    Latchkey b = latchkey(storesB, busB);
    awaitTrue(() -> {
      // Both buses connected: a revocation reaches B (warm-up, not measured).
      NewSession s = a.sessions().create("warm-up", CLIENT);
      valid(b, s);
      a.sessions().revoke("warm-up", s.id());
      return !valid(b, s);
    });
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      String account = "acct-" + i;
      long start;
      BooleanSupplier accepted;
      if (i % 2 == 0) {
        NewSession s = a.sessions().create(account, CLIENT);
        assertThat(valid(b, s)).isTrue();
        assertThat(valid(b, s)).isTrue(); // from B's cache
        a.sessions().revoke(account, s.id());
        start = System.nanoTime();
        accepted = () -> valid(b, s);
      } else {
        CreatedApiKey k = a.apiKeys().create(account,
            ApiKeySpec.builder().name("k").permission(Permission.READ_ONLY).build());
        assertThat(valid(b, k)).isTrue();
        assertThat(valid(b, k)).isTrue(); // from B's cache
        a.apiKeys().revoke(account, k.id());
        start = System.nanoTime();
        accepted = () -> valid(b, k);
      }
      while (accepted.getAsBoolean()) {
        assertThat(System.nanoTime() - start).as("B still accepts after " + bound)
            .isLessThan(bound.toNanos());
        Thread.onSpinWait();
      }
      delays.add(System.nanoTime() - start);
    }
    Collections.sort(delays);
    String line = String.format(Locale.ROOT,
        "revocation delay A -> B, cache on, %s: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", bus,
        delays.size(), ms(delays.get(delays.size() / 2)),
        ms(delays.get((int) Math.ceil(delays.size() * 0.99) - 1)),
        ms(delays.get(delays.size() - 1)));
    System.out.println(line);
    assertThat(delays.get(delays.size() - 1)).isLessThan(bound.toNanos());
  }

  private static boolean valid(Latchkey l, NewSession s) {
    return l.sessions().validate(s.token().reveal()) instanceof SessionValidation.Valid;
  }

  private static boolean valid(Latchkey l, CreatedApiKey k) {
    return l.apiKeys().authenticateKey(k.key().reveal())
        instanceof ApiKeyAuthentication.Authenticated;
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("buses did not connect").isLessThan(deadline);
    }
  }

  private static Latchkey latchkey(Stores stores, InvalidationBus bus) {
    return Latchkey.builder().stores(stores).invalidationBus(bus)
        .validationCache(ValidationCacheSettings.enabled().provider(CaffeineCaches.provider())
            .build())
        .build();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setPoolName("delay-" + name);
    c.setMaximumPoolSize(4);
    return new HikariDataSource(c);
  }

  private static void dropTables(HikariDataSource pool, String prefix) throws Exception {
    List<String> tables = new ArrayList<>();
    try (var c = pool.getConnection();
        var rs = c.getMetaData().getTables(c.getCatalog(), null, prefix + "%",
            new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    for (String t : tables) {
      ExternalServices.exec(ExternalServices.mariadbUrl(), "DROP TABLE IF EXISTS " + t);
    }
  }
}
