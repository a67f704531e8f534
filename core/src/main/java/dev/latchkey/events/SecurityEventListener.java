package dev.latchkey.events;

/**
 * Receives {@link SecurityEvent}s after the change they describe, and the event itself, have been
 * stored.
 *
 * <p>Called synchronously on the thread doing the operation, so keep it quick (hand off to a queue
 * for e-mail). An exception it throws is logged and ignored: a broken listener never fails a
 * sign-in or a settings change.
 *
 * <p>Typical use: e-mail the user on {@link SecurityEvent#suspicious() suspicious} sign-ins, on
 * {@link SecurityEventType#PASSWORD_CHANGED} and on {@link SecurityEventType#TOTP_DISABLED} —
 * which {@code dev.latchkey.delivery.SecurityNotifications} does through a message sender.
 */
@FunctionalInterface
public interface SecurityEventListener {

  /** Handles one event. */
  void onEvent(SecurityEvent event);

  /** A listener that ignores every event (the default). */
  static SecurityEventListener none() {
    return event -> { };
  }
}
