package dev.latchkey.store.inmemory;

import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.store.tck.PasskeyStoreContract;

class InMemoryPasskeyStoreTest extends PasskeyStoreContract {
  @Override
  protected PasskeyStore emptyStore() {
    return InMemoryStores.create().passkeys();
  }
}
