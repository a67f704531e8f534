package dev.latchkey.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the tests run on, and what to do when one is missing.
 *
 * <p>H2 runs in memory and is always there. PostgreSQL and MariaDB are reached through
 * {@value #POSTGRES_URL_ENV} and {@value #MARIADB_URL_ENV} (defaults: local servers, user root,
 * database test). A server that does not answer within {@value #CONNECT_TIMEOUT_SECONDS} s makes
 * its tests skip, unless {@value #REQUIRE_ENV} names it (for CI: {@code postgresql,mariadb}), in
 * which case they fail saying why.
 */
final class TestDatabases {
  static final String POSTGRES_URL_ENV = "LATCHKEY_TEST_POSTGRES_URL";
  static final String MARIADB_URL_ENV = "LATCHKEY_TEST_MARIADB_URL";
  static final String REQUIRE_ENV = "LATCHKEY_TEST_REQUIRE_DATABASES";
  static final int CONNECT_TIMEOUT_SECONDS = 3;

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Per database: empty when reachable, else why not. Probed once per JVM. */
  private static final Map<Db, Optional<String>> PROBES = new ConcurrentHashMap<>();

  private TestDatabases() {}

  /** A database the tests can run on. */
  enum Db {
    H2("h2", Dialect.H2, null, null),
    POSTGRESQL("postgresql", Dialect.POSTGRESQL, POSTGRES_URL_ENV,
        "jdbc:postgresql://127.0.0.1:5432/test?user=root"),
    MARIADB("mariadb", Dialect.MARIADB, MARIADB_URL_ENV,
        "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    final String key;
    final Dialect dialect;
    private final String urlEnv;
    private final String defaultUrl;

    Db(String key, Dialect dialect, String urlEnv, String defaultUrl) {
      this.key = key;
      this.dialect = dialect;
      this.urlEnv = urlEnv;
      this.defaultUrl = defaultUrl;
    }

    /** The JDBC URL to use (for H2 a fresh in-memory database per call). */
    String url() {
      if (this == H2) {
        return "jdbc:h2:mem:latchkey_" + randomLetters(8) + ";DB_CLOSE_DELAY=-1";
      }
      String fromEnv = System.getenv(urlEnv);
      return fromEnv == null || fromEnv.isBlank() ? defaultUrl : fromEnv.strip();
    }

    /** The URL with the driver's connect timeouts set, so an absent server fails fast. */
    String urlWithTimeouts(String url) {
      String sep = url.contains("?") ? "&" : "?";
      return switch (this) {
        case H2 -> url;
        case POSTGRESQL -> url + sep + "connectTimeout=" + CONNECT_TIMEOUT_SECONDS
            + "&loginTimeout=" + CONNECT_TIMEOUT_SECONDS;
        case MARIADB -> url + sep + "connectTimeout=" + CONNECT_TIMEOUT_SECONDS * 1000;
      };
    }
  }

  /** Whether {@value #REQUIRE_ENV} names the database. */
  static boolean required(Db db) {
    String value = System.getenv(REQUIRE_ENV);
    if (value == null) {
      return false;
    }
    Set<String> names = Arrays.stream(value.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    return switch (db) {
      case H2 -> true;
      case POSTGRESQL -> names.contains("postgresql") || names.contains("postgres");
      case MARIADB -> names.contains("mariadb") || names.contains("mysql");
    };
  }

  /** Why the database cannot be used, or empty when it can. Probes at most once per JVM. */
  static Optional<String> unavailable(Db db) {
    if (db == Db.H2) {
      return Optional.empty();
    }
    return PROBES.computeIfAbsent(db, TestDatabases::probe);
  }

  private static Optional<String> probe(Db db) {
    String url = db.url();
    try (Connection c = DriverManager.getConnection(db.urlWithTimeouts(url))) {
      return c.isValid(CONNECT_TIMEOUT_SECONDS) ? Optional.empty()
          : Optional.of(db + " at " + masked(url) + " did not answer a validity check");
    } catch (SQLException | RuntimeException e) {
      return Optional.of(db + " is not reachable at " + masked(url) + ": " + e.getMessage());
    }
  }

  /**
   * Skips the calling test (class) when the database is unreachable and not required; fails it
   * with the reason when it is required.
   */
  static void assumeAvailable(Db db) {
    Optional<String> why = unavailable(db);
    if (why.isEmpty()) {
      return;
    }
    if (required(db)) {
      fail(REQUIRE_ENV + " names " + db.key + " but " + why.get()
          + " (start it, or point " + db.urlEnv + " at it)");
    }
    Assumptions.abort(why.get() + "; skipping (set " + REQUIRE_ENV + "=" + db.key
        + " to make this a failure)");
  }

  /** A small HikariCP pool on the database; call {@link #assumeAvailable} first. */
  static HikariDataSource pool(Db db, String url, String name) {
    return pool(db, url, name, true);
  }

  /** A small pool whose connections start with the given auto-commit mode. */
  static HikariDataSource pool(Db db, String url, String name, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setAutoCommit(autoCommit);
    config.setJdbcUrl(db.urlWithTimeouts(url));
    config.setPoolName(name);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(30_000);
    return new HikariDataSource(config);
  }

  /** A table prefix no other test run uses: {@code lk_t} + 6 random letters + {@code _}. */
  static String randomPrefix() {
    return "lk_t" + randomLetters(6) + "_";
  }

  static String randomLetters(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return sb.toString();
  }

  /** Deletes every row of the prefix's store tables. */
  static void deleteRows(DataSource ds, String prefix) {
    execute(ds, "DELETE FROM " + prefix + "sessions",
        "DELETE FROM " + prefix + "password_credentials",
        "DELETE FROM " + prefix + "api_keys",
        "DELETE FROM " + prefix + "backup_codes",
        "DELETE FROM " + prefix + "totp_credentials",
        "DELETE FROM " + prefix + "attempt_counters",
        "DELETE FROM " + prefix + "connected_accounts",
        "DELETE FROM " + prefix + "security_events",
        "DELETE FROM " + prefix + "sign_in_challenges",
        "DELETE FROM " + prefix + "known_devices",
        "DELETE FROM " + prefix + "passkeys",
        "DELETE FROM " + prefix + "passkey_challenges",
        "DELETE FROM " + prefix + "one_time_codes",
        "DELETE FROM " + prefix + "code_factors",
        "DELETE FROM " + prefix + "account_tokens",
        "DELETE FROM " + prefix + "invalidations");
  }

  /** Drops every table the schema creates for the prefix. */
  static void dropTables(DataSource ds, String prefix) {
    execute(ds, "DROP TABLE IF EXISTS " + prefix + "sessions",
        "DROP TABLE IF EXISTS " + prefix + "password_credentials",
        "DROP TABLE IF EXISTS " + prefix + "api_keys",
        "DROP TABLE IF EXISTS " + prefix + "backup_codes",
        "DROP TABLE IF EXISTS " + prefix + "totp_credentials",
        "DROP TABLE IF EXISTS " + prefix + "attempt_counters",
        "DROP TABLE IF EXISTS " + prefix + "connected_accounts",
        "DROP TABLE IF EXISTS " + prefix + "security_events",
        "DROP TABLE IF EXISTS " + prefix + "sign_in_challenges",
        "DROP TABLE IF EXISTS " + prefix + "known_devices",
        "DROP TABLE IF EXISTS " + prefix + "passkeys",
        "DROP TABLE IF EXISTS " + prefix + "passkey_challenges",
        "DROP TABLE IF EXISTS " + prefix + "one_time_codes",
        "DROP TABLE IF EXISTS " + prefix + "code_factors",
        "DROP TABLE IF EXISTS " + prefix + "invalidations",
        "DROP TABLE IF EXISTS " + prefix + "account_tokens",
        "DROP TABLE IF EXISTS " + prefix + "schema_version");
  }

  static void execute(DataSource ds, String... statements) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test setup failed", e);
    }
  }

  private static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
  }
}
