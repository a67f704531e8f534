package dev.latchkey.common;


/**
 * A stored secret could not be decrypted: its key id is not in the {@link KeyRing}, it was
 * tampered with, it belongs to another account (it was copied onto this row), or it is not a
 * ciphertext Latchkey wrote.
 *
 * <p>This is never an expected outcome of user input: it means the key ring or the database is not
 * what it should be. The message names the key id and the kind of failure, never plaintext or key
 * material.
 */
public class DecryptionException extends LatchkeyException {
  private static final long serialVersionUID = 1L;

  /** A failure whose message must not contain any secret. */
  public DecryptionException(String message) {
    super(message);
  }

  /** A failure with its (secret-free) cause. */
  public DecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
