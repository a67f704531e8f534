package dev.latchkey.store.inmemory;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.store.tck.CredentialStoreContract;

class InMemoryCredentialStoreTest extends CredentialStoreContract {
  @Override
  protected CredentialStore emptyStore() {
    return new InMemoryCredentialStore();
  }
}
