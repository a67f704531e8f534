package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.store.tck.ChallengeStoreContract;

class InMemoryChallengeStoreTest extends ChallengeStoreContract {
  @Override
  protected ChallengeStore emptyStore() {
    return new InMemoryChallengeStore();
  }
}
