package dev.latchkey.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A plaintext secret handed to the host exactly once: a session token, an API key, a backup code.
 *
 * <p>Deliberately not a record and not a {@code CharSequence}: {@link #toString()} never prints the
 * value, there is no {@code equals}/{@code hashCode} that could leak it through a map or a timing
 * difference, and the only way to read it is the explicit {@link #reveal()} call, which is easy to
 * spot in code review. Comparison with a candidate is constant-time.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a secret value (for example a token read back from a cookie). */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    return new Secret(value);
  }

  /** The plaintext. Call it only where the value leaves the process (response body, cookie). */
  public String reveal() {
    return value;
  }

  /**
   * Compares this secret with a candidate in time independent of where they differ.
   *
   * @return {@code false} for {@code null}
   */
  public boolean matches(CharSequence candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8),
        candidate.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The length of the secret, which is public information (it follows from the format). */
  public int length() {
    return value.length();
  }

  /** Never the value. */
  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
