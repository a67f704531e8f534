package dev.latchkey.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's sender that cannot throw (see {@link MessageSender#guarded}). The exception is logged
 * as a new exception carrying the original's class name and stack trace but not its message:
 * an adapter that builds an exception from a provider's answer or from the message text could
 * otherwise put the code into the log.
 */
final class GuardedSender implements MessageSender {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedSender.class);

  private final MessageSender delegate;

  GuardedSender(MessageSender delegate) {
    this.delegate = delegate;
  }

  @Override
  public DeliveryResult deliver(Message message) {
    try {
      DeliveryResult result = delegate.deliver(message);
      if (result == null) {
        LOG.error("Message sender {} returned null for {}", delegate.getClass().getName(),
            message);
        return new DeliveryResult.Refused(DeliveryResult.Refused.SENDER_FAILED);
      }
      return result;
    } catch (RuntimeException e) {
      LOG.error("Message sender {} threw for {}; refused", delegate.getClass().getName(), message,
          withoutMessage(e));
      return new DeliveryResult.Refused(DeliveryResult.Refused.SENDER_FAILED);
    }
  }

  /** The same stack, with every message of the cause chain left out. */
  static Throwable withoutMessage(Throwable e) {
    return withoutMessage(e, 0);
  }

  private static Throwable withoutMessage(Throwable e, int depth) {
    RuntimeException copy = new RuntimeException(e.getClass().getName()
        + " (message withheld: it may quote the message content)");
    copy.setStackTrace(e.getStackTrace());
    // Bounded: a cause chain can be a cycle.
    if (e.getCause() != null && e.getCause() != e && depth < 16) {
      copy.initCause(withoutMessage(e.getCause(), depth + 1));
    }
    return copy;
  }

  @Override
  public String toString() {
    return "Guarded[" + delegate + "]";
  }
}
