package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.store.tck.ApiKeyStoreContract;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore emptyStore() {
    return new InMemoryApiKeyStore();
  }
}
