package dev.latchkey.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * A password-reset link that still works, as {@link PasswordResets#inspect} sees it. Names no
 * account: the page needs only to know what to ask for.
 *
 * @param expiresAt when it stops working
 * @param secondFactorRequired whether the reset will ask for an authenticator or backup code
 */
public record ResetLink(Instant expiresAt, boolean secondFactorRequired) {
  /** Requires the time. */
  public ResetLink {
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
