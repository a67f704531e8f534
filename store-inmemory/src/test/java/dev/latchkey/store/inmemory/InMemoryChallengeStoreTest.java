package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.contract.ChallengeStoreContract;

class InMemoryChallengeStoreTest extends ChallengeStoreContract {
  @Override
  protected ChallengeStore emptyStore() {
    return new InMemoryChallengeStore();
  }
}
