package com.example.store;

import dev.latchkey.spi.AttemptStore;
import dev.latchkey.store.tck.AttemptStoreContract;

/** Every test of the attempt-counter contract, run against {@link MapAttemptStore}. */
class MapAttemptStoreTest extends AttemptStoreContract {
  @Override
  protected AttemptStore emptyStore() {
    return new MapAttemptStore();
  }
}
