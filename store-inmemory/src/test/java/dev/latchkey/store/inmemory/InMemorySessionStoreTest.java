package dev.latchkey.store.inmemory;

import dev.latchkey.spi.SessionStore;
import dev.latchkey.store.tck.SessionStoreContract;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore emptyStore() {
    return new InMemorySessionStore();
  }
}
