package dev.latchkey.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Fills a table with generated rows in the database (PostgreSQL {@code generate_series}), not over
 * JDBC: each new row is a copy of one real row (made through Latchkey) with its unique columns
 * replaced ({@code jsonb_populate_record}), so it has every column of every migration without this
 * class naming them. Then {@code ANALYZE}, so the planner sees the table as it is.
 */
final class GeneratedRows {
  private GeneratedRows() {}

  /** {@code n} more sessions: ids {@code gen-i}, 10 000 accounts, token hash SHA-256 of the id. */
  static void sessions(DataSource pool, String prefix, long n) throws SQLException {
    copies(pool, prefix + "sessions", n, "'id', 'gen-' || g,"
        + " 'account_id', 'gen-acct-' || (g % 10000),"
        + " 'token_hash', encode(sha256(('gen-' || g)::bytea), 'hex')");
  }

  /** {@code n} more API keys: ids {@code gen-i}, 10 000 owners, key hash SHA-256 of the id. */
  static void apiKeys(DataSource pool, String prefix, long n) throws SQLException {
    copies(pool, prefix + "api_keys", n, "'id', 'gen-' || g, 'owner', 'gen-owner-' || (g % 10000),"
        + " 'key_hash', encode(sha256(('gen-' || g)::bytea), 'hex')");
  }

  /**
   * Whether {@code table} already holds the {@code n} generated rows (kept tables): the last one,
   * {@code gen-n}, exists. Refuses a partial generation, which a new one would collide with.
   */
  static boolean present(DataSource pool, String table, long n) throws SQLException {
    if (n <= 0) {
      return true;
    }
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery(
          "SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = 'gen-" + n + "'),"
              + " EXISTS (SELECT 1 FROM " + table + " WHERE id = 'gen-1')")) {
        rs.next();
        if (rs.getBoolean(1)) {
          System.out.printf("%n%s: the %,d generated rows are there (kept)%n", table, n);
          return true;
        }
        if (rs.getBoolean(2)) {
          throw new IllegalStateException(table + " holds a partial generation: drop it first");
        }
        return false;
      }
    }
  }

  /** Rows per INSERT: big enough to be bulk work, small enough that no transaction gets huge. */
  private static final long CHUNK = 1_000_000;

  static void copies(DataSource pool, String table, long n, String replaced)
      throws SQLException {
    if (n <= 0) {
      return;
    }
    long start = System.nanoTime();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      // The record is built once per row in a LATERAL call: "(jsonb_populate_record(...)).*" in
      // the select list would call the function once per column (PostgreSQL expands the star
      // into one call each), which made 100 000 rows take 45 s.
      for (long from = 1; from <= n; from += CHUNK) {
        long to = Math.min(n, from + CHUNK - 1);
        st.execute("INSERT INTO " + table + " SELECT r.*"
            + " FROM (SELECT * FROM " + table + " LIMIT 1) t"
            + " CROSS JOIN generate_series(" + from + ", " + to + ") g"
            + " CROSS JOIN LATERAL jsonb_populate_record(NULL::" + table
            + ", to_jsonb(t) || jsonb_build_object(" + replaced + ")) r");
        if (n > CHUNK) {
          System.out.printf("%n%s: %,d of %,d rows after %.1f s%n", table, to, n,
              (System.nanoTime() - start) / 1e9);
        }
      }
      st.execute("ANALYZE " + table);
    }
    System.out.printf("%n%s: %,d generated rows in %.1f s%n", table, n,
        (System.nanoTime() - start) / 1e9);
  }
}
