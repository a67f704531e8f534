package dev.latchkey.store.inmemory;

import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.store.tck.OneTimeCodeStoreContract;

class InMemoryOneTimeCodeStoreTest extends OneTimeCodeStoreContract {
  @Override
  protected OneTimeCodeStore emptyStore() {
    return new InMemoryOneTimeCodeStore();
  }
}
