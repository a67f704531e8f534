package dev.latchkey.spring.boot;

import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link SecurityEventListener} bean, in order, as the one listener Latchkey takes. One that
 * throws is logged and the next still runs (Latchkey itself guards the whole).
 */
final class EventListeners implements SecurityEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(EventListeners.class);

  private final List<SecurityEventListener> listeners;

  EventListeners(List<SecurityEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onEvent(SecurityEvent event) {
    for (SecurityEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Security event listener {} failed on {}; ignored", listener.getClass().getName(),
            event.type(), e);
      }
    }
  }
}
