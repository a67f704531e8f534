package dev.latchkey.archfixture.store;

import dev.latchkey.common.LatchkeyException;
import dev.latchkey.spi.StoreException;

/** Uses only the SPI and the shared exceptions: no violation. */
public final class GoodStore {
  /** Wraps a failure the way stores do. */
  public LatchkeyException fail(Exception cause) {
    return new StoreException("store failed", cause);
  }
}
