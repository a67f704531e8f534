package dev.latchkey.signin;

import dev.latchkey.common.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * A device token, issued with a successful sign-in: the proof that this client signed in to this
 * account before. Keep it in a long-lived cookie (HttpOnly, {@code Secure}, {@code __Host-} off
 * localhost, {@code Max-Age} until {@link #expiresAt()}) and pass it back at every sign-in; a
 * client that shows it counts against an attempt allowance of its own, so someone guessing the
 * password from elsewhere cannot lock the owner out (see {@code AttemptLimiter}).
 *
 * <p>It authenticates nothing: it never stands in for a password, a code or a session. 256 random
 * bits; Latchkey keeps only its SHA-256, bound to the account. Only {@link SignInService} makes
 * one; {@link #toString()} never shows the token.
 */
public final class KnownDeviceToken {
  private final Secret token;
  private final Instant expiresAt;

  KnownDeviceToken(Secret token, Instant expiresAt) {
    this.token = Objects.requireNonNull(token, "token");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The token to set as the device cookie's value. */
  public Secret token() {
    return token;
  }

  /** When the token stops being recognised (the cookie's expiry). */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "KnownDeviceToken[token=redacted, expiresAt=" + expiresAt + "]";
  }
}
