package dev.latchkey.store.inmemory;

import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.store.tck.SecurityEventStoreContract;

class InMemorySecurityEventStoreTest extends SecurityEventStoreContract {
  @Override
  protected SecurityEventStore emptyStore() {
    return new InMemorySecurityEventStore();
  }
}
