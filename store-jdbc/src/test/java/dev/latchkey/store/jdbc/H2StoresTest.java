package dev.latchkey.store.jdbc;

import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.store.tck.SecurityEventStoreContract;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Nested;

/** The JDBC stores on an in-memory H2 database. */
class H2StoresTest extends StoresOnDatabase {
  @Override
  TestDatabases.Db database() {
    return TestDatabases.Db.H2;
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
