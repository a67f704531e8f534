package dev.latchkey.store.jdbc;

import dev.latchkey.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates and upgrades Latchkey's tables for apps that have no migration tool of their own.
 *
 * <p>{@link #apply(DataSource, JdbcSettings)} runs the schema files shipped in the jar for the
 * database's dialect ({@code db/latchkey/{dialect}/V{n}__*.sql}, the same files a host can hand to
 * Flyway), in version order, skipping versions already applied (each version is checked on its
 * own, not against the highest applied one, so a gap filled later is still applied). It records
 * each applied version in a {@code {prefix}schema_version} table (version, description,
 * applied_at in UTC).
 *
 * <p>Safe to call at every start-up, from several processes at once: on PostgreSQL it holds a
 * transaction-level advisory lock and applies everything in one transaction; on MariaDB/MySQL it
 * holds a named lock ({@code GET_LOCK}); on H2 it serialises callers within the JVM.
 * MariaDB and MySQL commit each DDL statement on its own, so a version interrupted midway there
 * (the process killed between two statements) needs a hand repair before it can be re-applied.
 *
 * <p>One tool owns a set of tables. When Flyway or Liquibase runs Latchkey's files (the recipes are
 * in {@link JdbcStores}), {@code apply} refuses with {@link SchemaManagedElsewhereException}
 * rather than guess at another tool's history: it does so when the prefix's tables exist without
 * its {@code schema_version} table, and when {@code {prefix}flyway_history} exists. To switch a
 * database from {@code JdbcSchema} to Flyway, baseline Flyway at {@link #currentVersion} (the
 * {@code JdbcStores} recipe does) and stop calling {@code apply}.
 *
 * <p>Thread-safe; holds no state.
 */
public final class JdbcSchema {
  /*
   * The migrations in version order. A jar cannot be listed reliably, so this list is the index:
   * a new version adds a file per dialect and one entry here (JdbcSchemaTest checks that the two
   * agree). Each version is applied when the database lacks it, not merely when it is above the
   * highest one applied, so a version that lands after a higher one (parallel branches merged late)
   * still reaches databases that already have the higher one.
   */
  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "sessions_and_credentials"),
      new Migration(2, "api_keys"),
      new Migration(3, "two_factor"),
      new Migration(4, "attempt_counters"),
      new Migration(5, "connected_accounts"),
      new Migration(6, "security_events"),
      new Migration(7, "structured_client"),
      new Migration(8, "sign_in_challenges"),
      new Migration(9, "session_auth_time"),
      new Migration(10, "known_devices"),
      new Migration(11, "passkeys"),
      new Migration(12, "one_time_codes"),
      new Migration(13, "account_tokens"),
      new Migration(14, "invalidations"),
      new Migration(15, "purge_indexes"));

  /** The placeholder the schema files use for the table prefix (Flyway's syntax). */
  static final String PREFIX_PLACEHOLDER = "${table_prefix}";

  /**
   * The name, after the prefix, of the Flyway history table the {@link JdbcStores} recipe gives
   * Latchkey's migrations; {@link #apply} refuses to run beside it.
   */
  static final String FLYWAY_HISTORY = "flyway_history";

  /** How long to wait for another process applying the schema, on MariaDB/MySQL. */
  private static final int LOCK_TIMEOUT_SECONDS = 60;

  /** A statement ends with a semicolon at the end of a line. */
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

  /**
   * SQLStates meaning "no such table", for {@link #currentVersion}: PostgreSQL's, the standard one
   * MariaDB uses, and H2's three (table, table in a schema, table in an empty database), which H2
   * 2 reports as 42S02, 42S03 and 42S04 and older versions by their codes 42102 to 42104.
   */
  private static final Set<String> TABLE_NOT_FOUND =
      Set.of("42P01", "42S02", "42S03", "42S04", "42102", "42103", "42104");

  private static final Object H2_LOCK = new Object();

  private JdbcSchema() {}

  /** One schema version: {@code V{version}__{name}.sql}. */
  record Migration(int version, String name) {
    String fileName() {
      return "V" + version + "__" + name + ".sql";
    }

    String description() {
      return name.replace('_', ' ');
    }
  }

  /**
   * Applies the missing schema versions with the default options (prefix
   * {@value JdbcSettings#DEFAULT_TABLE_PREFIX}, dialect detected).
   *
   * @throws StoreException when the database refuses a statement or cannot be reached
   */
  public static void apply(DataSource dataSource) {
    apply(dataSource, JdbcSettings.defaults());
  }

  /**
   * Applies the schema versions the database lacks, in order, and records them. Does nothing when
   * the database is up to date.
   *
   * @throws IllegalArgumentException when the database is not one the stores support
   * @throws SchemaManagedElsewhereException when another migration tool manages the prefix's
   *     tables: {@code {prefix}flyway_history} exists, or the tables exist without
   *     {@code {prefix}schema_version}
   * @throws StoreException when the database refuses a statement or cannot be reached
   */
  public static void apply(DataSource dataSource, JdbcSettings options) {
    Dialect dialect = Jdbc.dialectOf(dataSource, options);
    DialectSql sql = new DialectSql(dialect);
    String prefix = options.tablePrefix();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try {
        switch (dialect) {
          case POSTGRESQL -> applyInOneTransaction(c, sql, prefix);
          case MARIADB -> applyUnderNamedLock(c, sql, prefix);
          case H2 -> {
            synchronized (H2_LOCK) {
              c.setAutoCommit(true);
              applyMissing(c, sql, prefix);
            }
          }
        }
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      throw Jdbc.failure("apply the Latchkey schema", e);
    }
  }

  /**
   * The highest schema version applied with the default prefix.
   *
   * @return 0 when the schema has never been applied
   * @throws StoreException when the database cannot be reached
   */
  public static int currentVersion(DataSource dataSource) {
    return currentVersion(dataSource, JdbcSettings.defaults());
  }

  /**
   * The highest schema version {@link #apply} has recorded for the options' prefix (a database
   * migrated with Flyway or Liquibase from the start has no {@code schema_version} table and reads
   * as 0). It is the {@code baselineVersion} of the Flyway recipe in {@link JdbcStores}: 0 when
   * Flyway must apply every version, else the version {@code JdbcSchema} reached.
   *
   * @return 0 when the schema has never been applied
   * @throws StoreException when the database cannot be reached
   */
  public static int currentVersion(DataSource dataSource, JdbcSettings options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      // Auto-commit, so a missing table fails one statement rather than a whole transaction.
      c.setAutoCommit(true);
      try {
        return currentVersion(c, options.tablePrefix());
      } catch (SQLException e) {
        if (TABLE_NOT_FOUND.contains(e.getSQLState())) {
          return 0;
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      throw Jdbc.failure("read the Latchkey schema version", e);
    }
  }

  /** The newest version this jar ships. */
  static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  // PostgreSQL's DDL is transactional: lock, apply and record in one transaction, so a failure
  // leaves nothing behind and a second process waits for the lock, then finds the versions applied.
  private static void applyInOneTransaction(Connection c, DialectSql sql, String prefix)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, lockKey(prefix));
        ps.execute();
      }
      applyMissing(c, sql, prefix);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static void applyUnderNamedLock(Connection c, DialectSql sql, String prefix)
      throws SQLException {
    c.setAutoCommit(true);
    String lockName = "latchkey_schema_" + prefix;
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      ps.setString(1, lockName);
      ps.setInt(2, LOCK_TIMEOUT_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new StoreException("apply the Latchkey schema failed: another process held the "
              + "schema lock " + lockName + " for more than " + LOCK_TIMEOUT_SECONDS + " s");
        }
      }
    }
    try {
      applyMissing(c, sql, prefix);
    } finally {
      try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        ps.setString(1, lockName);
        ps.execute();
      }
    }
  }

  private static void applyMissing(Connection c, DialectSql sql, String prefix)
      throws SQLException {
    // One owner per set of tables: JdbcSchema cannot read another tool's history, so where one
    // keeps it (Flyway's table by the recipe's name, or Latchkey's tables without ours), refuse.
    if (tableExists(c, sql, prefix + FLYWAY_HISTORY)) {
      throw new SchemaManagedElsewhereException(prefix, prefix + FLYWAY_HISTORY + " exists");
    }
    // Look before creating: MariaDB notes every CREATE TABLE IF NOT EXISTS that finds the table.
    if (!tableExists(c, sql, prefix + "schema_version")) {
      if (tableExists(c, sql, prefix + "sessions")) {
        throw new SchemaManagedElsewhereException(prefix,
            prefix + "sessions exists but " + prefix + "schema_version does not");
      }
      try (Statement st = c.createStatement()) {
        st.execute(sql.createSchemaVersionTable().replace("%PREFIX%", prefix));
      }
    }
    Set<Integer> applied = appliedVersions(c, prefix);
    for (Migration m : MIGRATIONS) {
      if (applied.contains(m.version())) {
        continue;
      }
      for (String statement : statements(sql.dialect(), m, prefix)) {
        try (Statement st = c.createStatement()) {
          st.execute(statement);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix
          + "schema_version (version, description, applied_at) VALUES (?, ?, " + sql.utcNow()
          + ")")) {
        ps.setInt(1, m.version());
        ps.setString(2, m.description());
        ps.executeUpdate();
      }
    }
  }

  private static boolean tableExists(Connection c, DialectSql sql, String table)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.countTablesNamed())) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) > 0;
      }
    }
  }

  private static Set<Integer> appliedVersions(Connection c, String prefix) throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM " + prefix + "schema_version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private static int currentVersion(Connection c, String prefix) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + prefix + "schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** The statements of one schema file, the prefix substituted, comment lines dropped. */
  static List<String> statements(Dialect dialect, Migration migration, String prefix) {
    String text = read(dialect.schemaLocation() + "/" + migration.fileName());
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\\R")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    String body = withoutComments.toString().replace(PREFIX_PLACEHOLDER, prefix);
    if (body.contains("${")) {
      throw new IllegalStateException("Unknown placeholder in " + migration.fileName());
    }
    List<String> out = new ArrayList<>();
    for (String statement : STATEMENT_END.split(body)) {
      if (!statement.isBlank()) {
        out.add(statement.strip());
      }
    }
    return out;
  }

  static String read(String resource) {
    try (InputStream in = JdbcSchema.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("Schema file missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read schema file " + resource, e);
    }
  }

  /** A stable 64-bit key for PostgreSQL's advisory lock, one per prefix. */
  private static long lockKey(String prefix) {
    // String.hashCode is specified, so every process computes the same key.
    return 0x4C4B_0000_0000_0000L | (("latchkey_schema_" + prefix).hashCode() & 0xFFFF_FFFFL);
  }
}
