package dev.latchkey.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * An email change whose confirmation link still works, as {@link EmailVerification#pendingChange}
 * sees it without using the link: for a host that checks the new address is still free before it
 * confirms.
 *
 * @param accountId the account
 * @param oldEmail its current address
 * @param newEmail the address it asked to change to
 * @param expiresAt when the link stops working
 */
public record PendingEmailChange(String accountId, String oldEmail, String newEmail,
    Instant expiresAt) {
  /** Requires every field. */
  public PendingEmailChange {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(oldEmail, "oldEmail");
    Objects.requireNonNull(newEmail, "newEmail");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
