package dev.latchkey.recovery;

import dev.latchkey.delivery.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A password-reset link that still works, as {@link PasswordResets#inspect} sees it. Names no
 * account and no destination: the page needs only to know what to ask for.
 *
 * @param expiresAt when it stops working
 * @param secondFactorRequired whether the reset will ask for a second factor
 * @param codeChannels the channels {@link PasswordResets#sendCode} can send a reset code to (the
 *     account's enrolled SMS or email destinations that the host's policy allows), email before
 *     SMS; empty when none. An authenticator or backup code is accepted whenever
 *     {@code secondFactorRequired} is, if the account has one.
 */
public record ResetLink(Instant expiresAt, boolean secondFactorRequired,
    List<Channel> codeChannels) {
  /** Requires the time and copies the channels. */
  public ResetLink {
    Objects.requireNonNull(expiresAt, "expiresAt");
    codeChannels = List.copyOf(codeChannels);
  }

  /** A link whose account has no SMS or email code factor. */
  public ResetLink(Instant expiresAt, boolean secondFactorRequired) {
    this(expiresAt, secondFactorRequired, List.of());
  }
}
