package dev.latchkey.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.store.redis.RedisSettings;
import dev.latchkey.store.redis.RedisStores;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Session validation, the call every authenticated request makes: one SHA-256 plus one lookup by
 * hash (and, at most once per minute per session, a last-active write).
 *
 * <p>{@code store=postgresql} needs the local PostgreSQL ({@code LATCHKEY_BENCH_POSTGRES_URL},
 * default {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}); {@code store=redis} the local
 * Redis ({@code LATCHKEY_BENCH_REDIS_URL}, default {@code redis://127.0.0.1:6379/0}), keys under a
 * prefix of their own that tear-down deletes.
 *
 * <p>Generating 10 M rows takes 10 – 20 minutes, longer than a quiet window on a shared machine
 * usually lasts. With {@code LATCHKEY_BENCH_KEEP_TABLES=<prefix>} the PostgreSQL tables live under
 * {@code <prefix><otherRows>_} and survive the trial: a first run generates the rows (load does not
 * matter for that), later runs find them and only measure; each trial deletes the sessions it
 * created itself. {@code benchmarks/scale.sh drop-kept <prefix>} drops them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionValidationBenchmark {
  private static final int SESSIONS = 10_000;

  @Param({"inmemory", "postgresql", "redis"})
  public String store;

  /**
   * Other sessions generated in PostgreSQL besides the {@value #SESSIONS} the benchmark uses
   * ({@code store=postgresql} only): {@code benchmarks/scale.sh} runs 10 000 and 10 000 000.
   */
  @Param({"0"})
  public long otherRows;

  private HikariDataSource pool;
  private RedisStores redis;
  private String prefix;
  private boolean keepTables;
  private Latchkey latchkey;
  private String[] tokens;
  /** SHA-256 (hex) of each token, made in set-up: the floor looks rows up without hashing. */
  private String[] hashes;
  private String selectByHash;
  private java.util.Map<String, String> floorMap;

  @Setup(Level.Trial)
  public void setUp() throws java.sql.SQLException {
    Stores stores;
    if (store.equals("postgresql")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(System.getenv().getOrDefault("LATCHKEY_BENCH_POSTGRES_URL",
          "jdbc:postgresql://127.0.0.1:5432/test?user=root"));
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
      String kept = System.getenv("LATCHKEY_BENCH_KEEP_TABLES");
      keepTables = kept != null && !kept.isEmpty();
      if (keepTables && !kept.matches("[a-z][a-z0-9_]{0,30}")) {
        throw new IllegalArgumentException("LATCHKEY_BENCH_KEEP_TABLES: [a-z][a-z0-9_]{0,30}");
      }
      prefix = keepTables ? kept + otherRows + "_"
          : "lk_bench_" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
      JdbcSettings options = JdbcSettings.builder().tablePrefix(prefix).build();
      JdbcSchema.apply(pool, options);
      stores = JdbcStores.create(pool, options);
    } else if (store.equals("redis")) {
      prefix = "latchkey-bench:" + Long.toString(System.nanoTime() % 1_000_000, 36) + ":";
      redis = RedisStores.connect(redisUrl(), Clock.systemUTC(),
          RedisSettings.builder().keyPrefix(prefix).build());
      stores = redis.combinedWith(InMemoryStores.create());
    } else {
      stores = InMemoryStores.create();
    }
    FreezableClock clock = new FreezableClock();
    latchkey = Latchkey.builder().stores(stores).clock(clock).build();
    tokens = new String[SESSIONS];
    ClientInfo client = new ClientInfo("203.0.113.9",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36");
    for (int i = 0; i < SESSIONS; i++) {
      tokens[i] = latchkey.sessions().create("acct-" + (i % 1000), client).token().reveal();
    }
    hashes = new String[SESSIONS];
    floorMap = new java.util.HashMap<>();
    java.security.MessageDigest sha256 = new Digest().sha256;
    for (int i = 0; i < SESSIONS; i++) {
      hashes[i] = sha256Hex(sha256, tokens[i]);
      floorMap.put(hashes[i], tokens[i]);
    }
    // The store's own query text (every column the store reads), so both get the same plan.
    selectByHash = "SELECT id, account_id, token_hash, created_at, last_active_at, expires_at,"
        + " revoked_at, ip_address, assurance, authenticated_at, browser, browser_version, os,"
        + " device_type, city, region, country_code, address_scope FROM " + prefix
        + "sessions WHERE token_hash = ?";
    if (pool != null) {
      if (!keepTables || !GeneratedRows.present(pool, prefix + "sessions", otherRows)) {
        GeneratedRows.sessions(pool, prefix, otherRows);
      }
      // Generating (and, on a loaded machine, the run itself) can outlast the touch interval
      // (1 minute): stop the clock and touch every session once at that instant, so the
      // measurement sees the steady state, with no last-active write, however long it takes.
      clock.freeze();
      for (String token : tokens) {
        latchkey.sessions().validate(token);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (pool != null) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        if (keepTables) {
          // Only this trial's own sessions go; the generated ones ("gen-…") stay for the next run.
          s.execute("DELETE FROM " + prefix + "sessions WHERE id NOT LIKE 'gen-%'");
        } else {
          JdbcTables.dropPrefixed(c, prefix); // every table of every migration
        }
      }
      pool.close();
    }
    if (redis != null) {
      redis.close();
      RedisClient client = RedisClient.create(redisUrl());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
          KeyScanCursor<String> page = c.sync().scan(cursor,
              ScanArgs.Builder.matches(prefix + "*").limit(1000));
          if (!page.getKeys().isEmpty()) {
            c.sync().unlink(page.getKeys().toArray(new String[0]));
          }
          cursor = page;
        } while (!cursor.isFinished());
      } finally {
        client.shutdown();
      }
    }
  }

  private static String redisUrl() {
    return System.getenv().getOrDefault("LATCHKEY_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0");
  }

  /** One digest per benchmark thread, reused: the cheapest way to hash, so the floor is a floor. */
  @State(Scope.Thread)
  public static class Digest {
    final java.security.MessageDigest sha256;

    public Digest() {
      try {
        sha256 = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String sha256Hex(java.security.MessageDigest digest, String token) {
    return java.util.HexFormat.of().formatHex(
        digest.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Benchmark
  public SessionValidation validateValidToken() {
    return latchkey.sessions().validate(tokens[ThreadLocalRandom.current().nextInt(SESSIONS)]);
  }

  /**
   * The floor validation cannot beat: on PostgreSQL one indexed {@code SELECT} of a session row by
   * its (precomputed) token hash on the same pool, every column read; in memory SHA-256 of the
   * token with a reused digest plus one hash-map lookup (the API key floor's shape). Not defined for Redis (the store's lookup is a Lua script; compare
   * with {@link #validateUnknownToken}).
   */
  @Benchmark
  public Object floorLookupByHash(Digest d, Blackhole bh)
      throws java.sql.SQLException {
    int i = ThreadLocalRandom.current().nextInt(SESSIONS);
    if (pool == null) {
      if (redis != null) {
        throw new UnsupportedOperationException("no floor for store=redis");
      }
      return floorMap.get(sha256Hex(d.sha256, tokens[i]));
    }
    String hash = hashes[i];
    try (Connection c = pool.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(selectByHash)) {
      ps.setString(1, hash);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("session row missing");
        }
        for (int col = 1; col <= 18; col++) {
          bh.consume(rs.getObject(col));
        }
      }
    }
    return hash;
  }

  @Benchmark
  public SessionValidation validateUnknownToken() {
    return latchkey.sessions().validate("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  }

  @Benchmark
  public SessionValidation validateMalformedToken() {
    return latchkey.sessions().validate("not a token!");
  }
}
