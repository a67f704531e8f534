package dev.latchkey.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of opening a link of an email change: the confirmation sent to the new address
 * ({@link EmailVerification#confirmChange}) or the undo link sent to the old one
 * ({@link EmailVerification#undoChange}). The host owns the email column: on {@link Changed} it
 * sets the account's email to {@link Changed#newEmail()}, on {@link Undone} back to
 * {@link Undone#restoredEmail()}.
 */
public sealed interface EmailChangeResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The new address is confirmed: set it on the account. The old address was sent a notice with
   * a link that undoes the change until {@link #undoExpiresAt()}.
   *
   * @param accountId the account
   * @param oldEmail the address being replaced
   * @param newEmail the confirmed new address
   * @param undoExpiresAt when the undo link stops working
   */
  record Changed(String accountId, String oldEmail, String newEmail, Instant undoExpiresAt)
      implements EmailChangeResult {
    /** Requires every field. */
    public Changed {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(oldEmail, "oldEmail");
      Objects.requireNonNull(newEmail, "newEmail");
      Objects.requireNonNull(undoExpiresAt, "undoExpiresAt");
    }

    @Override
    public String code() {
      return "changed";
    }
  }

  /**
   * The change is undone: set the account's email back to {@link #restoredEmail()}. Every session
   * of the account ended, and its pending reset and change links were revoked (they may have gone
   * to the address being removed).
   *
   * @param accountId the account
   * @param restoredEmail the address to set again
   * @param removedEmail the address the change had set
   * @param sessionsEnded how many sessions were signed out
   */
  record Undone(String accountId, String restoredEmail, String removedEmail, int sessionsEnded)
      implements EmailChangeResult {
    /** Requires every field. */
    public Undone {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(restoredEmail, "restoredEmail");
      Objects.requireNonNull(removedEmail, "removedEmail");
    }

    @Override
    public String code() {
      return "undone";
    }
  }

  /**
   * The link is not usable; nothing changed.
   *
   * @param reason why
   */
  record InvalidLink(LinkRejection reason) implements EmailChangeResult {
    /** Requires a reason. */
    public InvalidLink {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }
}
