package dev.latchkey.store.inmemory;

import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.contract.SecurityEventStoreContract;

class InMemorySecurityEventStoreTest extends SecurityEventStoreContract {
  @Override
  protected SecurityEventStore emptyStore() {
    return new InMemorySecurityEventStore();
  }
}
