package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.store.tck.ConnectedAccountStoreContract;

class InMemoryConnectedAccountStoreTest extends ConnectedAccountStoreContract {
  @Override
  protected ConnectedAccountStore emptyStore() {
    return new InMemoryConnectedAccountStore();
  }
}
