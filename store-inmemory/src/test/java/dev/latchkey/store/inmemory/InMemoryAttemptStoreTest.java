package dev.latchkey.store.inmemory;

import dev.latchkey.spi.AttemptStore;
import dev.latchkey.store.tck.AttemptStoreContract;

class InMemoryAttemptStoreTest extends AttemptStoreContract {
  @Override
  protected AttemptStore emptyStore() {
    return InMemoryStores.create().attempts();
  }
}
