package dev.latchkey.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL, MariaDB and Redis the scale-out tests run on, the way the store modules' tests
 * find them: {@code LATCHKEY_TEST_POSTGRES_URL}, {@code LATCHKEY_TEST_MARIADB_URL},
 * {@code LATCHKEY_TEST_REDIS_URL} (local defaults). A missing one skips its tests loudly, unless
 * {@code LATCHKEY_TEST_REQUIRE_DATABASES} names it (CI), in which case they fail saying why.
 */
final class ExternalServices {
  static final String REQUIRE_ENV = "LATCHKEY_TEST_REQUIRE_DATABASES";

  private ExternalServices() {}

  static String postgresUrl() {
    return env("LATCHKEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
  }

  static String mariadbUrl() {
    return env("LATCHKEY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
  }

  static String redisUrl() {
    return env("LATCHKEY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
  }

  /** Skips (or, when required, fails) unless PostgreSQL answers. */
  static void assumePostgres() {
    assume("postgresql", probeJdbc(postgresUrl()));
  }

  /** Skips (or, when required, fails) unless MariaDB answers. */
  static void assumeMariaDb() {
    assume("mariadb", probeJdbc(mariadbUrl()));
  }

  /** Skips (or, when required, fails) unless Redis accepts a connection. */
  static void assumeRedis() {
    URI uri = URI.create(redisUrl());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
          3000);
      assume("redis", Optional.empty());
    } catch (java.io.IOException e) {
      assume("redis", Optional.of("Redis is not reachable at " + uri.getHost() + ": " + e));
    }
  }

  /** A PostgreSQL schema of its own, so a test's tables never meet another's. */
  static String createPostgresSchema(String name) throws SQLException {
    exec(postgresUrl(), "CREATE SCHEMA " + name);
    String sep = postgresUrl().contains("?") ? "&" : "?";
    return postgresUrl() + sep + "currentSchema=" + name;
  }

  static void dropPostgresSchema(String name) throws SQLException {
    exec(postgresUrl(), "DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  static void exec(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static Optional<String> probeJdbc(String url) {
    String sep = url.contains("?") ? "&" : "?";
    String timed = url.startsWith("jdbc:postgresql:")
        ? url + sep + "connectTimeout=3&loginTimeout=3" : url + sep + "connectTimeout=3000";
    try (Connection c = DriverManager.getConnection(timed)) {
      return c.isValid(3) ? Optional.empty() : Optional.of(url + " did not answer");
    } catch (SQLException e) {
      return Optional.of("not reachable: " + e.getMessage());
    }
  }

  private static void assume(String key, Optional<String> why) {
    if (why.isEmpty()) {
      return;
    }
    if (required(key)) {
      fail(REQUIRE_ENV + " names " + key + " but " + why.get());
    }
    System.err.println("SKIPPED: " + key + " " + why.get() + " (set " + REQUIRE_ENV + "=" + key
        + " to make this a failure)");
    Assumptions.abort(key + " " + why.get() + "; skipping");
  }

  static boolean required(String key) {
    String value = System.getenv(REQUIRE_ENV);
    if (value == null) {
      return false;
    }
    Set<String> names = Arrays.stream(value.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return names.contains(key);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }
}
