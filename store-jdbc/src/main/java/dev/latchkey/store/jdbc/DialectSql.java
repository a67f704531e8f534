package dev.latchkey.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/*
 * Everything that differs between the dialects lives here, so the stores hold one text block per
 * operation and nothing else branches on the database.
 *
 * Timestamps: PostgreSQL (timestamptz) and H2 (TIMESTAMP WITH TIME ZONE) store an instant, written
 * and read as an OffsetDateTime at UTC. MariaDB's DATETIME has no zone, so it holds the UTC wall
 * time, written and read as a LocalDateTime: the driver converts neither (unlike
 * java.sql.Timestamp, which goes through the JVM's default zone), so neither the JVM's nor the
 * server's time zone can shift a value. Every instant is truncated to whole milliseconds on the
 * way in, the precision of all three column types, so every database gives the same answers.
 */
final class DialectSql {
  private final Dialect dialect;

  DialectSql(Dialect dialect) {
    this.dialect = dialect;
  }

  Dialect dialect() {
    return dialect;
  }

  void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, dialect == Dialect.MARIADB ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
      return;
    }
    Instant millis = value.truncatedTo(ChronoUnit.MILLIS);
    if (dialect == Dialect.MARIADB) {
      ps.setObject(index, LocalDateTime.ofInstant(millis, ZoneOffset.UTC));
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(millis, ZoneOffset.UTC));
    }
  }

  Instant readInstant(ResultSet rs, String column) throws SQLException {
    if (dialect == Dialect.MARIADB) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Insert-or-replace of one credential row; parameters: account_id, hash, updated_at. */
  String upsertCredential() {
    return switch (dialect) {
      case POSTGRESQL -> """
          INSERT INTO %PREFIX%password_credentials (account_id, hash, updated_at)
          VALUES (?, ?, ?)
          ON CONFLICT (account_id) DO UPDATE
            SET hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at""";
      case MARIADB -> """
          INSERT INTO %PREFIX%password_credentials (account_id, hash, updated_at)
          VALUES (?, ?, ?)
          ON DUPLICATE KEY UPDATE hash = VALUES(hash), updated_at = VALUES(updated_at)""";
      case H2 -> """
          MERGE INTO %PREFIX%password_credentials (account_id, hash, updated_at)
          KEY (account_id) VALUES (?, ?, ?)""";
    };
  }

  /**
   * An INSERT that skips a row whose primary or unique key is taken, where the dialect can say so:
   * PostgreSQL {@code ON CONFLICT DO NOTHING}, MariaDB {@code INSERT IGNORE}. A duplicate there is
   * an answer (0 rows), not an error, so it leaves no ERROR in PostgreSQL's log and no WARN from
   * MariaDB's driver, which quotes the duplicate key's values. H2 has no such form outside its
   * compatibility modes and reports the duplicate as an error. Run it with
   * {@link Jdbc#insertUnlessDuplicate}, which handles both and MariaDB's other IGNORE warnings.
   *
   * @param intoAndValues {@code %PREFIX%table (columns) VALUES (?, …)}
   */
  String insertSkippingDuplicates(String intoAndValues) {
    return switch (dialect) {
      case POSTGRESQL -> "INSERT INTO " + intoAndValues + "\nON CONFLICT DO NOTHING";
      case MARIADB -> "INSERT IGNORE INTO " + intoAndValues;
      case H2 -> "INSERT INTO " + intoAndValues;
    };
  }

  /**
   * Insert of one connected identity, skipping a duplicate of either unique key ("already
   * linked" is a normal, user-triggered answer); parameters: account_id, provider, subject, email,
   * linked_at.
   */
  String insertConnectedIdentity() {
    return insertSkippingDuplicates("""
        %PREFIX%connected_accounts (account_id, provider, subject, email, linked_at)
        VALUES (?, ?, ?, ?, ?)""");
  }

  /**
   * Insert of a new attempt counter, skipping one that a concurrent first attempt inserted;
   * parameters: factor, subject, attempts, last_attempt_at. On PostgreSQL a failed statement would
   * also abort the whole transaction when the pool turns auto-commit off.
   */
  String insertAttemptCounter() {
    return insertSkippingDuplicates("""
        %PREFIX%attempt_counters (factor, subject, attempts, last_attempt_at)
        VALUES (?, ?, ?, ?)""");
  }

  /**
   * The clause that keeps the first rows of an ordered query, to put after its ORDER BY; one
   * parameter, the number of rows. MariaDB and MySQL know only {@code LIMIT}; PostgreSQL and H2
   * take the standard form.
   */
  String firstRows() {
    return dialect == Dialect.MARIADB ? "LIMIT ?" : "FETCH FIRST ? ROWS ONLY";
  }

  /**
   * One batch of a purge: deletes at most {@code limit} rows of {@code table} whose
   * {@code column} is before the cutoff, walking the column's index in order. Every parameter is
   * the cutoff. PostgreSQL has no DELETE … LIMIT: the batch picks the rows' physical ids (ctid)
   * by an index range scan and deletes those (a TID scan), re-checking the cutoff in case a row
   * changed in between. MariaDB and MySQL take ORDER BY and LIMIT on a single-table DELETE; H2
   * takes FETCH FIRST. {@code limit} is a validated int, written into the text so the statement
   * binds only instants.
   */
  String deleteBatch(String table, String column, int limit) {
    return switch (dialect) {
      case POSTGRESQL -> "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM "
          + table + " WHERE " + column + " < ? ORDER BY " + column + " LIMIT " + limit
          + ")) AND " + column + " < ?";
      case MARIADB -> "DELETE FROM " + table + " WHERE " + column + " < ? ORDER BY " + column
          + " LIMIT " + limit;
      case H2 -> "DELETE FROM " + table + " WHERE " + column + " < ? FETCH FIRST " + limit
          + " ROWS ONLY";
    };
  }

  /**
   * Whether an UPDATE's count may leave out rows it matched but did not change. MariaDB's and
   * MySQL's drivers report matched rows by default, but a host may set {@code useAffectedRows=true}
   * on its URL, and then a touch that keeps the stored time would look like "no such session".
   */
  boolean updateCountMayOmitUnchangedRows() {
    return dialect == Dialect.MARIADB;
  }

  /**
   * The schema history table {@link JdbcSchema} keeps. MariaDB and MySQL name every primary key
   * {@code PRIMARY} and warn (1280, "Name … ignored for PRIMARY key") about any other name, so
   * there the key is left unnamed; the others take the prefixed name.
   */
  String createSchemaVersionTable() {
    String appliedAt = switch (dialect) {
      case POSTGRESQL -> "TIMESTAMPTZ(3)";
      case MARIADB -> "DATETIME(3)";
      case H2 -> "TIMESTAMP(3) WITH TIME ZONE";
    };
    String primaryKey = dialect == Dialect.MARIADB ? "PRIMARY KEY (version)"
        : "CONSTRAINT %PREFIX%schema_version_pk PRIMARY KEY (version)";
    String tail = dialect == Dialect.MARIADB
        ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : "";
    return """
        CREATE TABLE IF NOT EXISTS %PREFIX%schema_version (
          version INT NOT NULL,
          description VARCHAR(200) NOT NULL,
          applied_at %TIMESTAMP% NOT NULL,
          %PRIMARY_KEY%
        )""".replace("%PRIMARY_KEY%", primaryKey).replace("%TIMESTAMP%", appliedAt) + tail;
  }

  /**
   * A query counting the tables of one name (the parameter, lower case as the schema files write
   * it) where the stores' unqualified names resolve: PostgreSQL's search path, MariaDB's current
   * database, H2's current schema. H2 keeps unquoted names in upper case and quoted ones (Flyway's
   * history table) as written, so there the name is compared without case.
   */
  String countTablesNamed() {
    return switch (dialect) {
      case POSTGRESQL -> "SELECT COUNT(*) FROM (SELECT to_regclass(?) AS t) r WHERE t IS NOT NULL";
      case MARIADB -> "SELECT COUNT(*) FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_name = ?";
      case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
          + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND UPPER(TABLE_NAME) = UPPER(?)";
    };
  }

  /** The database's current time as a value of the dialect's UTC timestamp column. */
  String utcNow() {
    return dialect == Dialect.MARIADB ? "UTC_TIMESTAMP(3)" : "CURRENT_TIMESTAMP";
  }
}
