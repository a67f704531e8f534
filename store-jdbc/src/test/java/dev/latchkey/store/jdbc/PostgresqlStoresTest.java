package dev.latchkey.store.jdbc;

import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.store.tck.SecurityEventStoreContract;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Nested;

/** The JDBC stores on PostgreSQL ({@code LATCHKEY_TEST_POSTGRES_URL}); skipped when unreachable. */
class PostgresqlStoresTest extends StoresOnDatabase {
  @Override
  TestDatabases.Db database() {
    return TestDatabases.Db.POSTGRESQL;
  }

  /** Also a jqwik group, so the contract's paging property runs here too. */
  @Nested
  @Group
  class SecurityEvents extends SecurityEventStoreContract {
    @Override
    protected SecurityEventStore emptyStore() {
      return emptySecurityEvents();
    }
  }
}
