package dev.latchkey.store.jdbc;

import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;

/**
 * The subscribers of one bus and its connection state: every state change and every subscription
 * happens under one lock, so a subscriber hears {@code onConnected} exactly once per connection,
 * whether it subscribed before or during it. A listener that throws is logged and skipped.
 * Shared by the buses of this module and of store-redis (a copy there: modules share no engine).
 */
final class BusSubscribers {
  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final Logger log;
  private boolean connected;

  BusSubscribers(Logger log) {
    this.log = log;
  }

  InvalidationBus.Subscription add(InvalidationListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      listeners.add(listener);
      if (connected) {
        guarded(listener::onConnected);
      }
    }
    return () -> listeners.remove(listener);
  }

  void connected() {
    synchronized (lock) {
      if (connected) {
        return;
      }
      connected = true;
      listeners.forEach(l -> guarded(l::onConnected));
    }
  }

  void lost() {
    synchronized (lock) {
      if (!connected) {
        return;
      }
      connected = false;
      listeners.forEach(l -> guarded(l::onConnectionLost));
    }
  }

  boolean isConnected() {
    synchronized (lock) {
      return connected;
    }
  }

  void deliver(Invalidation invalidation) {
    for (InvalidationListener l : listeners) {
      guarded(() -> l.onInvalidation(invalidation));
    }
  }

  void clear() {
    listeners.clear();
  }

  static void requireBetween(String name, java.time.Duration value, java.time.Duration min,
      java.time.Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + "; must be "
          + min + " to " + max);
    }
  }

  private void guarded(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("An invalidation listener threw; ignored", e);
    }
  }
}
