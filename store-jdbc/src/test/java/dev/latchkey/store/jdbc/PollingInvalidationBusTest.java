package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.store.tck.InvalidationBusContract;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The bus contract on the polling bus over the V14 table, on H2, MariaDB and PostgreSQL; a lost
 * connection is a DataSource that refuses connections until the test repairs it.
 */
class PollingInvalidationBusTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase extends InvalidationBusContract {
    private HikariDataSource pool;
    private JdbcSettings options;
    private final Map<InvalidationBus, SwitchableDataSource> switches = new IdentityHashMap<>();

    abstract TestDatabases.Db database();

    @BeforeAll
    void open() {
      if (TestDatabases.unavailable(database()).isPresent()) {
        return;
      }
      pool = TestDatabases.pool(database(), database().url(), "polling-bus");
      options = JdbcSettings.builder().tablePrefix(TestDatabases.randomPrefix()).build();
      JdbcSchema.apply(pool, options);
    }

    @BeforeEach
    void requireDatabase() {
      TestDatabases.assumeAvailable(database());
    }

    @AfterAll
    void close() {
      if (pool != null) {
        try {
          TestDatabases.dropTables(pool, options.tablePrefix());
        } finally {
          pool.close();
        }
      }
    }

    @Override
    protected InvalidationBus newBus() {
      SwitchableDataSource ds = new SwitchableDataSource(pool);
      // Latchkey's clock in production; here only the retention stamps read it.
      InvalidationBus bus = PollingInvalidationBus.builder(ds.dataSource, Clock.systemUTC())
          .settings(options).pollInterval(Duration.ofMillis(50)).build();
      switches.put(bus, ds);
      return bus;
    }

    @Override
    protected void breakConnection(InvalidationBus bus) {
      switches.get(bus).down.set(true);
    }

    @Override
    protected void repairConnection(InvalidationBus bus) {
      switches.get(bus).down.set(false);
    }
  }

  @Nested
  class OnH2 extends OnDatabase {
    @Override
    TestDatabases.Db database() {
      return TestDatabases.Db.H2;
    }
  }

  @Nested
  class OnMariaDb extends OnDatabase {
    @Override
    TestDatabases.Db database() {
      return TestDatabases.Db.MARIADB;
    }
  }

  @Nested
  class OnPostgresql extends OnDatabase {
    @Override
    TestDatabases.Db database() {
      return TestDatabases.Db.POSTGRESQL;
    }
  }
}
