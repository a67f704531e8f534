package dev.latchkey.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one {@link InvalidationBus} and its connection state, for bus
 * implementations (the PostgreSQL, polling and Redis buses use it; a third-party bus can too).
 * Every state change and every subscription happens under one lock, so a subscriber hears
 * {@link InvalidationListener#onConnected()} exactly once per connection, whether it subscribed
 * before or during it, and {@link InvalidationListener#onConnectionLost()} once per loss. A
 * listener that throws is logged and skipped: one broken listener never keeps an invalidation
 * from the others.
 *
 * <p>Thread-safe.
 */
public final class InvalidationSubscribers {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidationSubscribers.class);

  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private boolean connected;

  /** No subscribers yet, disconnected. */
  public InvalidationSubscribers() {}

  /**
   * Adds a subscriber; when the bus is connected now, it hears {@code onConnected} at once.
   *
   * @return the subscription that removes it again
   */
  public InvalidationBus.Subscription add(InvalidationListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      listeners.add(listener);
      if (connected) {
        guarded(listener::onConnected);
      }
    }
    return () -> listeners.remove(listener);
  }

  /** The bus (re)connected: every subscriber hears {@code onConnected}, unless it already was. */
  public void connected() {
    synchronized (lock) {
      if (connected) {
        return;
      }
      connected = true;
      listeners.forEach(l -> guarded(l::onConnected));
    }
  }

  /**
   * The bus lost its connection: every subscriber hears {@code onConnectionLost} (and empties
   * what it caches), unless it was already lost.
   */
  public void lost() {
    synchronized (lock) {
      if (!connected) {
        return;
      }
      connected = false;
      listeners.forEach(l -> guarded(l::onConnectionLost));
    }
  }

  /** Whether the bus is connected, as last reported. */
  public boolean isConnected() {
    synchronized (lock) {
      return connected;
    }
  }

  /** Hands an invalidation to every subscriber. */
  public void deliver(Invalidation invalidation) {
    for (InvalidationListener l : listeners) {
      guarded(() -> l.onInvalidation(invalidation));
    }
  }

  /** Removes every subscriber (the bus is closing). */
  public void clear() {
    listeners.clear();
  }

  private void guarded(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("An invalidation listener threw; ignored", e);
    }
  }
}
