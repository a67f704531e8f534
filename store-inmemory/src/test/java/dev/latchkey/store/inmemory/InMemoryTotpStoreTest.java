package dev.latchkey.store.inmemory;

import dev.latchkey.spi.Stores;
import dev.latchkey.store.tck.TotpStoreContract;

class InMemoryTotpStoreTest extends TotpStoreContract {
  @Override
  protected Stores emptyStores() {
    return InMemoryStores.create();
  }
}
