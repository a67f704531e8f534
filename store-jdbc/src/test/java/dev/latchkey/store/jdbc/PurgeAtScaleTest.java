package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spi.SessionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The batched purge on a sessions table of millions of rows, generated in the database with
 * {@code generate_series}: total time, batches, the longest batch (each batch is its own
 * transaction, so the longest time any row lock is held), and session lookups running beside the
 * purge (p50/p99/max, against the same lookups before it).
 *
 * <p>A measurement, not part of the build: it runs only when {@code LATCHKEY_PURGE_SCALE_ROWS} is
 * set, on the PostgreSQL at {@code LATCHKEY_PURGE_SCALE_URL}; {@code
 * benchmarks/purge-at-scale.sh} starts a private cluster and runs it with 10 000 000 rows.
 */
class PurgeAtScaleTest {
  static final String ROWS_ENV = "LATCHKEY_PURGE_SCALE_ROWS";
  static final String URL_ENV = "LATCHKEY_PURGE_SCALE_URL";
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final int READERS = 2;

  @Test
  void purgeOfMillionsOfSessionsRunsInShortBatchesBesideFastLookups() throws Exception {
    String rowsSetting = System.getenv(ROWS_ENV);
    Assumptions.assumeTrue(rowsSetting != null, "set " + ROWS_ENV + " (and " + URL_ENV
        + ") to measure; benchmarks/purge-at-scale.sh does");
    long rows = Long.parseLong(rowsSetting);
    long live = rows / 20;
    long revokedOnly = rows / 20;
    String url = System.getenv().getOrDefault(URL_ENV,
        "jdbc:postgresql://127.0.0.1:5545/postgres?user=postgres");
    String prefix = "purgescale_";
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(READERS + 2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcSettings options = JdbcSettings.builder().tablePrefix(prefix).build();
      TestDatabases.dropTables(pool, prefix);
      JdbcSchema.apply(pool, options);
      long generating = System.nanoTime();
      generate(pool, prefix, rows, live, revokedOnly);
      System.out.printf("PURGE generated %,d sessions in %d s (%,d live, %,d revoked, %,d"
          + " expired)%n", rows, Duration.ofNanos(System.nanoTime() - generating).toSeconds(),
          live, revokedOnly, rows - live - revokedOnly);

      SessionStore lookups = JdbcStores.create(pool, options).sessions();
      List<Long> before = readFor(lookups, live, Duration.ofSeconds(10), null);

      StatementLog log = new StatementLog(pool);
      SessionStore purging = JdbcStores.create(log.dataSource(), options).sessions();
      AtomicBoolean purgeDone = new AtomicBoolean();
      ExecutorService readers = Executors.newFixedThreadPool(READERS);
      List<Future<List<Long>>> during = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        during.add(readers.submit(() -> readFor(lookups, live, Duration.ofHours(1), purgeDone)));
      }
      long start = System.nanoTime();
      int purged = purging.purge(NOW.minus(Duration.ofDays(1)));
      Duration total = Duration.ofNanos(System.nanoTime() - start);
      purgeDone.set(true);
      List<Long> duringPurge = new ArrayList<>();
      for (Future<List<Long>> f : during) {
        duringPurge.addAll(f.get());
      }
      readers.shutdown();

      List<StatementLog.Executed> batches = log.startingWith("DELETE");
      long longest = batches.stream().mapToLong(StatementLog.Executed::nanos).max().orElse(0);
      double mean = batches.stream().mapToLong(StatementLog.Executed::nanos).average()
          .orElse(0);
      System.out.printf("PURGE deleted %,d of %,d rows in %.1f s: %,d batches of <= %,d rows,"
          + " mean batch %.1f ms, longest batch (= longest lock) %.1f ms%n", purged, rows,
          total.toMillis() / 1000.0, batches.size(), JdbcSettings.DEFAULT_PURGE_BATCH_SIZE,
          mean / 1e6, longest / 1e6);
      System.out.printf("PURGE session lookups before: %s; during the purge: %s%n",
          summary(before), summary(duringPurge));

      assertThat(purged).isEqualTo(rows - live);
      assertThat(count(pool, prefix)).isEqualTo(live);
      assertThat(batches).hasSizeGreaterThanOrEqualTo(
          (int) ((rows - live) / JdbcSettings.DEFAULT_PURGE_BATCH_SIZE));
      TestDatabases.dropTables(pool, prefix);
    }
  }

  /**
   * Rows made by the database itself: g = 1..rows; the first {@code live} are live, the next
   * {@code revokedOnly} are unexpired but revoked before the cutoff, the rest created over 89
   * days (7 689 600 s) and expired 12 hours later, all at least 12 hours before the cutoff (one day
   * before NOW). Token hashes are md5(g) twice, so a reader can compute
   * the hash of any live row.
   */
  private static void generate(HikariDataSource pool, String prefix, long rows, long live,
      long revokedOnly) throws SQLException {
    long chunk = 1_000_000;
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      for (long from = 1; from <= rows; from += chunk) {
        long to = Math.min(rows, from + chunk - 1);
        st.execute("INSERT INTO " + prefix + "sessions (id, account_id, token_hash, created_at,"
            + " last_active_at, expires_at, revoked_at, ip_address, assurance,"
            + " authenticated_at, browser, os, device_type, city, country_code, address_scope)"
            + " SELECT 's' || g, 'acct-' || (g % 100000), md5(g::text) || md5('x' || g::text),"
            + " t.created, t.created, t.expires, t.revoked, '203.0.113.9',"
            + " 'single_factor', t.created, 'Firefox', 'Linux', 'desktop', 'Berlin', 'DE',"
            + " 'public'"
            + " FROM generate_series(" + from + ", " + to + ") g,"
            + " LATERAL (SELECT"
            + "   CASE WHEN g <= " + live + " THEN TIMESTAMPTZ '" + NOW + "'"
            + "     ELSE TIMESTAMPTZ '" + NOW + "' - interval '91 days'"
            + "       + (g % 7689600) * interval '1 second' END AS created,"
            + "   CASE WHEN g <= " + (live + revokedOnly) + " THEN TIMESTAMPTZ '" + NOW
            + "' + interval '12 hours'"
            + "     ELSE TIMESTAMPTZ '" + NOW + "' - interval '91 days'"
            + "       + (g % 7689600) * interval '1 second' + interval '12 hours' END AS expires,"
            + "   CASE WHEN g > " + live + " AND g <= " + (live + revokedOnly)
            + "     THEN TIMESTAMPTZ '" + NOW + "' - interval '2 days' ELSE NULL END AS revoked"
            + " ) t");
      }
      st.execute("VACUUM ANALYZE " + prefix + "sessions");
    }
  }

  /** Looks up random live sessions by token hash until the time is up or {@code done}. */
  private static List<Long> readFor(SessionStore sessions, long live, Duration limit,
      AtomicBoolean done) {
    List<Long> nanos = new ArrayList<>();
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end && (done == null || !done.get())) {
      long g = ThreadLocalRandom.current().nextLong(1, live + 1);
      String hash = md5(Long.toString(g)) + md5("x" + g);
      long t = System.nanoTime();
      assertThat(sessions.findByTokenHash(hash)).isPresent();
      nanos.add(System.nanoTime() - t);
    }
    return nanos;
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return "no lookups";
    }
    return String.format("%,d lookups, p50 %.2f ms, p99 %.2f ms, max %.1f ms", sorted.size(),
        sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
  }

  private static long count(HikariDataSource pool, String prefix) throws SQLException {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM " + prefix + "sessions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String md5(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
