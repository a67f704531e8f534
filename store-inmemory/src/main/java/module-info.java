/** Thread-safe in-memory implementations of Latchkey's storage SPI. */
module dev.latchkey.store.inmemory {
  exports dev.latchkey.store.inmemory;

  // InMemoryStores implements dev.latchkey.spi.Stores: hosts see the SPI through this module.
  requires transitive dev.latchkey.core;
}
