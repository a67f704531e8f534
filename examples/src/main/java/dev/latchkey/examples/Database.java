package dev.latchkey.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.common.LatchkeyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the connection pool the demo's users table and Latchkey's stores share. */
final class Database {
  private static final int MAX_POOL_SIZE = 10;

  private Database() {}

  /**
   * A pool over the configured database: {@code LATCHKEY_JDBC_URL} when given, else an H2 file
   * database under the data directory (created if missing).
   */
  static HikariDataSource open(DemoConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("latchkey-demo");
    hikari.setMaximumPoolSize(MAX_POOL_SIZE);
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

  /** A readable name for the start-up message: never the query string, which may hold a password. */
  static String describe(DemoConfig config) {
    return config.embeddedDatabase()
        ? "H2 database in " + config.dataDir().toAbsolutePath().normalize()
        : DemoConfig.redactUrl(config.jdbcUrl());
  }

  private static String embeddedUrl(Path dataDir) {
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
    return "jdbc:h2:file:" + dir.resolve("latchkey") + ";AUTO_SERVER=FALSE";
  }
}
