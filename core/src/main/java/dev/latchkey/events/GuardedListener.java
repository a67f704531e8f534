package dev.latchkey.events;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the host's {@link SecurityEventListener} so that it cannot break an operation: any
 * {@link RuntimeException} it throws is logged and swallowed (Caffeine's
 * {@code StatsCounter.guardedStatsCounter}). Package-private: only {@link EventRecorder} uses it.
 *
 * <p>Events are delivered after the state change they report has been stored; a listener failure
 * therefore loses the notification, never the change.
 */
final class GuardedListener implements SecurityEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final SecurityEventListener delegate;

  private GuardedListener(SecurityEventListener delegate) {
    this.delegate = delegate;
  }

  /** Guards {@code listener}; guarding a guarded listener returns it unchanged. */
  static SecurityEventListener guard(SecurityEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
  }

  @Override
  public void onEvent(SecurityEvent event) {
    try {
      delegate.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Security event listener failed on {} for account {}; the operation is unaffected",
          event.type().code(), event.accountId(), e);
    }
  }
}
