package dev.latchkey.examples.spring;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example on PostgreSQL, in a schema of its own that is dropped afterwards. The server is
 * found as store-jdbc's tests find it: {@value #URL_ENV} (default: local server, user root,
 * database test). When it does not answer the test is skipped, loudly, unless
 * {@value #REQUIRE_ENV} names {@code postgresql}: then it fails.
 */
@SpringBootTest(classes = {ExampleApplication.class, TestClockConfig.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "latchkey.keys=" + ExampleAppContract.TEST_KEYS)
@DirtiesContext
class PostgresqlExampleAppTest extends ExampleAppContract {
  static final String URL_ENV = "LATCHKEY_TEST_POSTGRES_URL";
  static final String REQUIRE_ENV = "LATCHKEY_TEST_REQUIRE_DATABASES";
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";
  private static final int TIMEOUT_SECONDS = 3;

  private static final String SCHEMA = "lk_spring_" + randomLetters(8);

  @BeforeAll
  static void database() throws SQLException {
    Optional<String> why = unavailable();
    if (why.isPresent()) {
      if (required()) {
        fail(REQUIRE_ENV + " names postgresql but " + why.get() + " (start it, or point "
            + URL_ENV + " at it)");
      }
      System.err.println("SKIPPED PostgresqlExampleAppTest: " + why.get());
      Assumptions.abort(why.get() + "; skipping (set " + REQUIRE_ENV
          + "=postgresql to make this a failure)");
    }
    execute("CREATE SCHEMA " + SCHEMA);
  }

  @DynamicPropertySource
  static void dataSource(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> withParameters(url(), "currentSchema=" + SCHEMA));
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (unavailable().isEmpty()) {
      execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  private static String url() {
    String fromEnv = System.getenv(URL_ENV);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.strip();
  }

  private static String withParameters(String url, String parameters) {
    return url + (url.contains("?") ? "&" : "?") + parameters;
  }

  private static boolean required() {
    String value = System.getenv(REQUIRE_ENV);
    return value != null && Arrays.stream(value.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .anyMatch(s -> s.equals("postgresql") || s.equals("postgres"));
  }

  private static Optional<String> unavailable() {
    try (Connection c = connect()) {
      return c.isValid(TIMEOUT_SECONDS) ? Optional.empty()
          : Optional.of("PostgreSQL did not answer a validity check");
    } catch (SQLException | RuntimeException e) {
      return Optional.of("PostgreSQL is not reachable: " + e.getMessage());
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(withParameters(url(),
        "connectTimeout=" + TIMEOUT_SECONDS + "&loginTimeout=" + TIMEOUT_SECONDS));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String randomLetters(int n) {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
