package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.store.tck.InvalidationBusContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The bus contract on PostgreSQL LISTEN/NOTIFY ({@code LATCHKEY_TEST_POSTGRES_URL}), on a channel
 * of its own; a lost connection is a listening backend killed with {@code pg_terminate_backend}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresInvalidationBusTest extends InvalidationBusContract {
  private HikariDataSource pool;
  private String channel;

  @BeforeAll
  void open() {
    if (TestDatabases.unavailable(TestDatabases.Db.POSTGRESQL).isPresent()) {
      return;
    }
    pool = TestDatabases.pool(TestDatabases.Db.POSTGRESQL, TestDatabases.Db.POSTGRESQL.url(),
        "pg-bus");
    channel = TestDatabases.randomPrefix() + "invalidation";
  }

  @BeforeEach
  void requireDatabase() {
    TestDatabases.assumeAvailable(TestDatabases.Db.POSTGRESQL);
  }

  @AfterAll
  void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected InvalidationBus newBus() {
    return PostgresInvalidationBus.builder(pool).channel(channel).wait(Duration.ofMillis(50))
        .healthCheckEvery(Duration.ofMillis(200)).healthCheckTimeout(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).build();
  }

  @Override
  protected void breakConnection(InvalidationBus bus) throws Exception {
    int pid = ((PostgresInvalidationBus) bus).listenerProcessId();
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      ps.execute();
    }
  }
}
