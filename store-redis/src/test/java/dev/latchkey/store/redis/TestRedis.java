package dev.latchkey.store.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests run on, and what to do when it is missing: reached through
 * {@value #REDIS_URL_ENV} (default {@value #DEFAULT_URL}); when it does not answer, its tests skip
 * loudly, unless {@value #REQUIRE_ENV} names {@code redis} (CI does), in which case they fail
 * saying why. Other runs share that Redis: each test class writes under a random key prefix and
 * deletes its keys afterwards.
 */
final class TestRedis {
  static final String REDIS_URL_ENV = "LATCHKEY_TEST_REDIS_URL";
  static final String REQUIRE_ENV = "LATCHKEY_TEST_REQUIRE_DATABASES";
  static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Empty when reachable, else why not. Probed once per JVM. */
  private static volatile Optional<String> probe;

  private TestRedis() {}

  static String url() {
    String fromEnv = System.getenv(REDIS_URL_ENV);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.strip();
  }

  /** Whether {@value #REQUIRE_ENV} names Redis (or Valkey). */
  static boolean required() {
    String value = System.getenv(REQUIRE_ENV);
    if (value == null) {
      return false;
    }
    Set<String> names = Arrays.stream(value.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    return names.contains("redis") || names.contains("valkey");
  }

  /** Why Redis cannot be used, or empty when it can. */
  static synchronized Optional<String> unavailable() {
    if (probe == null) {
      probe = doProbe();
    }
    return probe;
  }

  private static Optional<String> doProbe() {
    try (RedisStores stores = RedisStores.connect(url(), Clock.systemUTC(),
        RedisSettings.builder().connectTimeout(Duration.ofSeconds(3)).build())) {
      stores.attempts().find("probe", "probe");
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("Redis is not reachable at " + url() + ": " + e
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
    }
  }

  /** Skips the calling test when Redis is unreachable and not required; fails it when required. */
  static void assumeAvailable() {
    Optional<String> why = unavailable();
    if (why.isEmpty()) {
      return;
    }
    if (required()) {
      fail(REQUIRE_ENV + " names redis but " + why.get() + " (start it, or point "
          + REDIS_URL_ENV + " at it)");
    }
    System.err.println("SKIPPED: " + why.get());
    Assumptions.abort(why.get() + "; skipping (set " + REQUIRE_ENV
        + "=redis to make this a failure)");
  }

  /** A key prefix no other run uses: {@code latchkey-test:} + 10 random letters + {@code :}. */
  static String randomPrefix() {
    StringBuilder sb = new StringBuilder("latchkey-test:");
    for (int i = 0; i < 10; i++) {
      sb.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return sb.append(':').toString();
  }

  /** A plain Lettuce connection for test setup: deleting, counting and planting keys. */
  static final class Admin implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    final RedisCommands<String, String> commands;

    Admin(String url) {
      client = RedisClient.create(RedisURI.create(url));
      connection = client.connect();
      commands = connection.sync();
    }

    /** Deletes every key under the prefix (SCAN, so the server is never blocked). */
    void deleteKeys(String prefix) {
      for (List<String> keys : pages(prefix)) {
        if (!keys.isEmpty()) {
          commands.unlink(keys.toArray(new String[0]));
        }
      }
    }

    /** Closes another client's connection from the server side: a network failure, for tests. */
    void killClient(long clientId) {
      commands.clientKill(io.lettuce.core.KillArgs.Builder.id(clientId));
    }

    /** The keys under the prefix. */
    List<String> keys(String prefix) {
      List<String> all = new java.util.ArrayList<>();
      pages(prefix).forEach(all::addAll);
      return all;
    }

    private List<List<String>> pages(String prefix) {
      List<List<String>> pages = new java.util.ArrayList<>();
      ScanArgs match = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = commands.scan(cursor, match);
        pages.add(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
      return pages;
    }

    @Override
    public void close() {
      try {
        connection.close();
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  private static String escapeGlob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
