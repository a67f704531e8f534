package dev.latchkey.spi;

/**
 * Receives what an {@link InvalidationBus} delivers. Called from the bus's own thread; a listener
 * returns quickly and never throws (a bus logs and ignores an exception, so one listener cannot stop
 * the others).
 */
public interface InvalidationListener {
  /** An invalidation published by any process on the bus, this one included. */
  void onInvalidation(Invalidation invalidation);

  /**
   * The subscription is live: invalidations published from now on will be delivered. Called once
   * after the first connection and again after every reconnection.
   */
  void onConnected();

  /**
   * The subscription is broken (or its health check failed): invalidations published from now on
   * may be missed until the next {@link #onConnected()}. A cache must stop answering from memory.
   */
  void onConnectionLost();
}
