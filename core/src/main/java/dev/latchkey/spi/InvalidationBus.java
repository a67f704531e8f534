package dev.latchkey.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Carries {@link Invalidation}s between the processes that share one set of stores, so that a
 * revocation, a rotation or a change of factor made in one process empties the validation caches of
 * all of them. Latchkey publishes after the store change has been committed; every process (the
 * publisher included) subscribes.
 *
 * <p>Contract every implementation keeps (the store TCK's {@code InvalidationBusContract} checks
 * it against the real service):
 * <ul>
 *   <li>An invalidation published while a subscriber is connected (between its
 *       {@link InvalidationListener#onConnected()} and any later
 *       {@link InvalidationListener#onConnectionLost()}) is delivered to it, normally within
 *       milliseconds (a polling bus: within its poll interval).
 *   <li>When the bus cannot promise that any more (connection closed, health check failed,
 *       poll failed), it calls {@code onConnectionLost()} on every subscriber, then reconnects by
 *       itself, with backoff, and calls {@code onConnected()} once it can promise it again.
 *       Invalidations published in between may be lost: that is why a cache empties itself and
 *       bypasses on {@code onConnectionLost()}.
 *   <li>Delivery may repeat an invalidation; applying one is idempotent.
 *   <li>{@link #publish} never throws for a delivery problem: the store change it follows has
 *       already happened, so failing the caller would only hide that. It logs instead.
 * </ul>
 *
 * <p>Implementations are thread-safe. {@link #close()} stops delivery and releases connections.
 */
public interface InvalidationBus extends AutoCloseable {
  /** Sends {@code invalidation} to every subscriber of every process on this bus. */
  void publish(Invalidation invalidation);

  /**
   * Adds a subscriber. It hears {@link InvalidationListener#onConnected()} once the bus is (or as
   * soon as it becomes) connected; until then it must assume it misses invalidations.
   *
   * @return a handle that removes the subscriber when closed
   */
  Subscription subscribe(InvalidationListener listener);

  /** Stops delivery and releases the bus's connections and threads. Idempotent. */
  @Override
  void close();

  /** A subscriber's handle. */
  interface Subscription extends AutoCloseable {
    /** Removes the subscriber; idempotent. */
    @Override
    void close();
  }

  /**
   * A bus inside this process only: publish calls every subscriber at once, on the caller's
   * thread, and it is always connected. Right for a single process (and for tests); several
   * processes sharing a database need a bus over that database or over Redis.
   */
  static InvalidationBus local() {
    return new InvalidationBus() {
      private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

      @Override
      public void publish(Invalidation invalidation) {
        Objects.requireNonNull(invalidation, "invalidation");
        for (InvalidationListener l : listeners) {
          l.onInvalidation(invalidation);
        }
      }

      @Override
      public Subscription subscribe(InvalidationListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        listener.onConnected();
        return () -> listeners.remove(listener);
      }

      @Override
      public void close() {
        listeners.clear();
      }

      @Override
      public String toString() {
        return "InvalidationBus.local()";
      }
    };
  }
}
