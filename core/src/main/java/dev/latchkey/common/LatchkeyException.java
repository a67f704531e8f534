package dev.latchkey.common;


/**
 * The root of every unchecked failure Latchkey throws: a store that cannot be reached, a corrupt row,
 * a misconfigured builder.
 *
 * <p>Expected outcomes — a wrong password, an expired session, a replayed code — are never
 * exceptions; they are typed results with stable codes. An exception from Latchkey therefore always
 * means "something is broken", and its cause (when there is one) is attached. Messages never contain
 * a secret, a token or a password.
 */
public class LatchkeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that must not contain any secret. */
  public LatchkeyException(String message) {
    super(message);
  }

  /** Creates an exception wrapping an infrastructure failure. */
  public LatchkeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
