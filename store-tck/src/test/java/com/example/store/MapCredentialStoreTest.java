package com.example.store;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.store.tck.CredentialStoreContract;

/** Every test of the credential contract, run against {@link MapCredentialStore}. */
class MapCredentialStoreTest extends CredentialStoreContract {
  @Override
  protected CredentialStore emptyStore() {
    return new MapCredentialStore();
  }
}
