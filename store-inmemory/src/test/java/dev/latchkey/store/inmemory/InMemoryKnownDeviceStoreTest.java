package dev.latchkey.store.inmemory;

import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.store.tck.KnownDeviceStoreContract;

class InMemoryKnownDeviceStoreTest extends KnownDeviceStoreContract {
  @Override
  protected KnownDeviceStore emptyStore() {
    return InMemoryStores.create().knownDevices();
  }
}
