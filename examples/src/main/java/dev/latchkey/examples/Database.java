package dev.latchkey.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.common.LatchkeyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** Opens the connection pool the demo's users table and Latchkey's stores share. */
final class Database {
  private static final int MAX_POOL_SIZE = 10;
  /**
   * How long a request waits for a connection before its store call fails (and the request
   * answers 503): short, so that during a database outage requests fail fast instead of piling up
   * behind HikariCP's 30-second default.
   */
  static final long CONNECTION_TIMEOUT_MILLIS = 2_000;
  /** How long checking a pooled connection before lending it may take. */
  static final long VALIDATION_TIMEOUT_MILLIS = 1_000;
  /**
   * How often an idle connection is tested: a connection the server dropped (a restart, a killed
   * backend) is found and replaced between requests, not by the next request.
   */
  static final long KEEPALIVE_MILLIS = 30_000;
  /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1. */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private Database() {}

  /**
   * A pool over the configured database: {@code LATCHKEY_JDBC_URL} when given, else an H2 file
   * database under the data directory (created if missing).
   */
  static HikariDataSource open(DemoConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("latchkey-demo");
    hikari.setMaximumPoolSize(MAX_POOL_SIZE);
    // Outages: fail fast and recover on its own. HikariCP tests a connection that sat idle before
    // lending it (Connection.isValid), evicts one whose statement failed with a connection error
    // (SQLState 08…, PostgreSQL's 57P01 "terminating connection due to administrator command"),
    // and opens new ones as the database comes back: no restart of the app.
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    hikari.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
    hikari.setKeepaliveTime(KEEPALIVE_MILLIS);
    if (config.embeddedDatabase()) {
      hikari.setJdbcUrl(embeddedUrl(config.dataDir()));
      hikari.setUsername("sa");
      hikari.setPassword("");
    } else {
      hikari.setJdbcUrl(config.jdbcUrl());
      if (config.jdbcUser() != null) {
        hikari.setUsername(config.jdbcUser());
      }
      if (config.jdbcPassword() != null) {
        hikari.setPassword(config.jdbcPassword());
      }
    }
    return new HikariDataSource(hikari);
  }

  /**
   * Locks the embedded database's directory (created if missing) for this demo.
   *
   * @return the lock, or {@code null} with an external database (the server arbitrates)
   * @throws DataDirLock.InUse when another demo uses it
   */
  static DataDirLock lockDataDir(DemoConfig config) {
    if (!config.embeddedDatabase()) {
      return null;
    }
    Path dir = createDataDir(config.dataDir());
    return DataDirLock.acquire(dir, config.dataDir());
  }

  /** H2's "Database may be already in use" (error 90020), anywhere in the cause chain. */
  static boolean isInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return true;
      }
    }
    return false;
  }

  /** Releases what {@link #lockDataDir} took; {@code null} is fine. */
  static void unlock(DataDirLock lock) {
    if (lock != null) {
      lock.close();
    }
  }

  /** A readable name for the start-up message: never the query string, which may hold a password. */
  static String describe(DemoConfig config) {
    return config.embeddedDatabase()
        ? "H2 database in " + config.dataDir().toAbsolutePath().normalize()
        : DemoConfig.redactUrl(config.jdbcUrl());
  }

  private static Path createDataDir(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (dir.toString().contains(";")) {
      // H2 reads ';' as the start of its settings.
      throw new IllegalArgumentException("Invalid LATCHKEY_DATA_DIR " + dir
          + "; the path must not contain ';'");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LatchkeyException("Could not create the data directory " + dir, e);
    }
    return dir;
  }

  private static String embeddedUrl(Path dataDir) {
    Path dir = createDataDir(dataDir);
    return "jdbc:h2:file:" + dir.resolve("latchkey") + ";AUTO_SERVER=FALSE";
  }
}
