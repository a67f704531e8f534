package dev.latchkey.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyCacheSettings;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.Permission;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code ApiKeyService.authenticate("Bearer …")}, the call every API request makes, each next to
 * the bare cost floor it cannot beat:
 *
 * <ul>
 *   <li>in memory ({@code inMemory*}, cache off and on): a valid key, a key with a bad checksum
 *       (refused before any hashing or lookup) and an unknown key (well-formed, correct checksum,
 *       not stored: one hash and one lookup, like a valid key). Floor:
 *       {@link #inMemoryFloorSha256AndMapLookup}, one SHA-256 of the key (hex, with a reused
 *       digest) plus one {@link ConcurrentHashMap} lookup in a map holding the same hashes;
 *   <li>on PostgreSQL ({@code postgresql*}, cache off): a valid key. Floor:
 *       {@link #postgresqlFloorSelectByHash}, one indexed {@code SELECT … WHERE key_hash = ?} round
 *       trip on the same HikariCP pool (prepared statement, every column read), hash precomputed.
 * </ul>
 *
 * <p>{@value #KEYS} keys, picked at random per call. Setup authenticates every valid key once, so
 * the measurement sees the steady state: last use is already recorded (the default interval is
 * 60 s, longer than a trial), and with the cache on every key is cached. The PostgreSQL
 * benchmarks need the local server ({@code LATCHKEY_BENCH_POSTGRES_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}); their tables live under a random prefix
 * and are dropped at the end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ApiKeyAuthenticationBenchmark {
  static final int KEYS = 10_000;

  // ---- in memory ----

  /** An in-memory store with {@value #KEYS} keys, and headers to try. */
  @State(Scope.Benchmark)
  public static class InMemory {
    @Param({"off", "on"})
    public String cache;

    ApiKeyService service;
    String[] valid;
    String[] badChecksum;
    String[] unknown;

    @Setup(Level.Trial)
    public void setUp() {
      ApiKeySettings settings = cache.equals("on")
          ? ApiKeySettings.builder().cache(ApiKeyCacheSettings.enabled().build()).build()
          : ApiKeySettings.defaults();
      service = ApiKeyService.using(InMemoryStores.create().apiKeys(), Clock.systemUTC(),
          new SecureRandom(), settings);
      valid = headers(createKeys(service));
      badChecksum = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        badChecksum[i] = withBadChecksum(valid[i]);
      }
      // Made by a service over another store: the right shape and checksum, never stored here.
      unknown = headers(createKeys(ApiKeyService.using(InMemoryStores.create().apiKeys(),
          Clock.systemUTC(), new SecureRandom(), settings)));
      warmEveryKey(service, valid);
    }
  }

  /** The floor: the same hashes in a plain map. */
  @State(Scope.Benchmark)
  public static class InMemoryFloor {
    Map<String, ApiKeyRecord> byHash;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      ApiKeyStore store = InMemoryStores.create().apiKeys();
      ApiKeyService service = ApiKeyService.using(store, Clock.systemUTC(), new SecureRandom(),
          ApiKeySettings.defaults());
      keys = createKeys(service);
      byHash = new ConcurrentHashMap<>();
      for (String key : keys) {
        String hash = sha256Hex(sha256(), key);
        byHash.put(hash, store.findByHash(hash).orElseThrow());
      }
    }
  }

  /** One digest per benchmark thread: the cheapest way to hash, so the floor is a true floor. */
  @State(Scope.Thread)
  public static class Digest {
    final MessageDigest sha256 = sha256();
  }

  @Benchmark
  public ApiKeyAuthentication inMemoryValidKey(InMemory s) {
    return s.service.authenticate(s.valid[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  @Benchmark
  public ApiKeyAuthentication inMemoryBadChecksumKey(InMemory s) {
    return s.service.authenticate(s.badChecksum[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  @Benchmark
  public ApiKeyAuthentication inMemoryUnknownKey(InMemory s) {
    return s.service.authenticate(s.unknown[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  @Benchmark
  public ApiKeyRecord inMemoryFloorSha256AndMapLookup(InMemoryFloor s, Digest d) {
    String key = s.keys[ThreadLocalRandom.current().nextInt(KEYS)];
    return s.byHash.get(sha256Hex(d.sha256, key));
  }

  // ---- PostgreSQL ----

  /** {@value #KEYS} keys in PostgreSQL behind a HikariCP pool; the service has no cache. */
  @State(Scope.Benchmark)
  public static class Postgresql {
    /** Other keys generated in the table besides the {@value #KEYS} used (see scale.sh). */
    @Param({"0"})
    public long otherRows;

    HikariDataSource pool;
    String prefix;
    ApiKeyService service;
    String[] headers;
    String[] hashes;
    String selectByHash;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(System.getenv().getOrDefault("LATCHKEY_BENCH_POSTGRES_URL",
          "jdbc:postgresql://127.0.0.1:5432/test?user=root"));
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
      prefix = "lk_bench_" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
      JdbcSettings options = JdbcSettings.builder().tablePrefix(prefix).build();
      JdbcSchema.apply(pool, options);
      FreezableClock clock = new FreezableClock();
      service = ApiKeyService.using(JdbcStores.create(pool, options).apiKeys(),
          clock, new SecureRandom(), ApiKeySettings.defaults());
      String[] keys = createKeys(service);
      hashes = new String[KEYS];
      MessageDigest sha256 = sha256();
      for (int i = 0; i < KEYS; i++) {
        hashes[i] = sha256Hex(sha256, keys[i]);
      }
      // The store's own query text, so both sides get the same plan and statement cache.
      selectByHash = "SELECT id, owner, key_hash, hint, name, permission, scopes, environment,"
          + " created_at, expires_at, last_used_at, revoked_at, replaced_by, grace_until"
          + " FROM " + prefix + "api_keys WHERE key_hash = ?";
      headers = headers(keys);
      GeneratedRows.apiKeys(pool, prefix, otherRows);
      // Last use recorded at the frozen instant, after the generation (which can take longer than
      // the 60 s last-use interval): the measurement then never writes, however long it runs.
      // (Warming before the generation made a 10 M-row trial write on every first use of a key.)
      clock.freeze();
      warmEveryKey(service, headers);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        JdbcTables.dropPrefixed(c, prefix); // every table of every migration
      } finally {
        pool.close();
      }
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ApiKeyAuthentication postgresqlValidKey(Postgresql s) {
    return s.service.authenticate(s.headers[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void postgresqlFloorSelectByHash(Postgresql s, Blackhole bh) throws SQLException {
    String hash = s.hashes[ThreadLocalRandom.current().nextInt(KEYS)];
    try (Connection c = s.pool.getConnection();
        PreparedStatement ps = c.prepareStatement(s.selectByHash)) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("key row missing");
        }
        for (int col = 1; col <= 14; col++) {
          bh.consume(rs.getString(col));
        }
      }
    }
  }

  // ---- helpers ----

  static String[] createKeys(ApiKeyService service) {
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = service.create("owner-" + (i % 1000), ApiKeySpec.builder()
          .name("bench " + i).permission(Permission.READ_WRITE).build()).key().reveal();
    }
    return keys;
  }

  static String[] headers(String[] keys) {
    String[] out = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = "Bearer " + keys[i];
    }
    return out;
  }

  /** The last character is a checksum digit: any other Base62 digit there breaks the checksum. */
  static String withBadChecksum(String header) {
    char last = header.charAt(header.length() - 1);
    return header.substring(0, header.length() - 1) + (last == '0' ? '1' : '0');
  }

  /** Authenticates every key once: records last use, fills the cache if there is one. */
  static void warmEveryKey(ApiKeyService service, String[] headers) {
    for (String h : headers) {
      if (!service.authenticate(h).isAuthenticated()) {
        throw new IllegalStateException("a freshly created key did not authenticate");
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(MessageDigest digest, String key) {
    return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
