package dev.latchkey.store.inmemory;

import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.store.tck.AccountTokenStoreContract;

class InMemoryAccountTokenStoreTest extends AccountTokenStoreContract {
  @Override
  protected AccountTokenStore emptyStore() {
    return new InMemoryAccountTokenStore();
  }
}
