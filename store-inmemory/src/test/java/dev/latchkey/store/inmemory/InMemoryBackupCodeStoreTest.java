package dev.latchkey.store.inmemory;

import dev.latchkey.spi.Stores;
import dev.latchkey.store.tck.BackupCodeStoreContract;

class InMemoryBackupCodeStoreTest extends BackupCodeStoreContract {
  @Override
  protected Stores emptyStores() {
    return InMemoryStores.create();
  }
}
