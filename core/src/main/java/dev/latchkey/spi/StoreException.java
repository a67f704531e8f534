package dev.latchkey.spi;

import dev.latchkey.common.LatchkeyException;

/**
 * A store could not do what was asked because of an infrastructure problem (database down,
 * constraint it did not expect, corrupt row). Store implementations wrap their cause in this type so
 * host code has exactly one exception to catch.
 */
public class StoreException extends LatchkeyException {
  private static final long serialVersionUID = 1L;

  /** A failure with its cause; the message must name the operation, never a secret value. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure without an underlying cause. */
  public StoreException(String message) {
    super(message);
  }
}
