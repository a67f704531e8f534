package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A single-use link token of an account: a password reset, an email verification, the
 * confirmation of a new email address, or the undo of an email change. Only the SHA-256 of the
 * token is stored, never the token.
 *
 * @param tokenHash lower-case hex SHA-256 (64 characters) of the token; the primary key
 * @param purpose {@link #PASSWORD_RESET}, {@link #VERIFY_EMAIL}, {@link #CHANGE_EMAIL} or
 *     {@link #UNDO_EMAIL_CHANGE}
 * @param accountId the host's opaque account id (or {@link #DECOY_ACCOUNT_ID})
 * @param destination the address the token is about (the address to verify, the new address of
 *     a change, the old address an undo restores), or {@code null} when it is about none (a reset)
 * @param previousDestination the address being replaced (a change) or removed again (an undo), or
 *     {@code null}
 * @param passwordFingerprint a keyed hash of the account's password state when the token was
 *     issued, so a reset link dies when the password changes; {@code null} when not bound
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted
 * @param consumedAt when it was used, {@code null} while unused
 */
public record AccountTokenRecord(String tokenHash, String purpose, String accountId,
    String destination, String previousDestination, String passwordFingerprint,
    Instant createdAt, Instant expiresAt, Instant consumedAt) {

  /** A password-reset link. */
  public static final String PASSWORD_RESET = "password_reset";
  /** A link that verifies an address given at sign-up (or re-sent later). */
  public static final String VERIFY_EMAIL = "verify_email";
  /** A link that confirms a new address the signed-in account asked to change to. */
  public static final String CHANGE_EMAIL = "change_email";
  /** A link, sent to the old address after a change, that undoes the change. */
  public static final String UNDO_EMAIL_CHANGE = "undo_email_change";
  /**
   * The account id of the stand-in rows written when the address matches no account (a reset
   * asked for an unknown address, a sign-up with an address already taken), so both paths do the
   * same store work. A namespace no host account id uses; such a row is never looked up by a link.
   */
  public static final String DECOY_ACCOUNT_ID = "token:decoy";
  /** The longest address a store must hold: 254 characters. */
  public static final int MAX_DESTINATION_LENGTH = 254;
  /** The longest password fingerprint a store must hold: 160 characters. */
  public static final int MAX_FINGERPRINT_LENGTH = 160;

  /** Checks the fields. @throws IllegalArgumentException for a malformed one */
  public AccountTokenRecord {
    requireHash(tokenHash);
    Objects.requireNonNull(purpose, "purpose");
    if (!purpose.equals(PASSWORD_RESET) && !purpose.equals(VERIFY_EMAIL)
        && !purpose.equals(CHANGE_EMAIL) && !purpose.equals(UNDO_EMAIL_CHANGE)) {
      throw new IllegalArgumentException("Invalid purpose; must be password_reset, verify_email,"
          + " change_email or undo_email_change");
    }
    OneTimeCodeRecord.requireAccountId(accountId);
    optionalText("destination", destination, MAX_DESTINATION_LENGTH);
    optionalText("previousDestination", previousDestination, MAX_DESTINATION_LENGTH);
    optionalText("passwordFingerprint", passwordFingerprint, MAX_FINGERPRINT_LENGTH);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it can still be used at {@code now}: unused and not expired. */
  public boolean liveAt(Instant now) {
    return consumedAt == null && now.isBefore(expiresAt);
  }

  /** This token, used at {@code at}. */
  public AccountTokenRecord withConsumedAt(Instant at) {
    return new AccountTokenRecord(tokenHash, purpose, accountId, destination, previousDestination,
        passwordFingerprint, createdAt, expiresAt, at);
  }

  /** Leaves the hash, the addresses and the fingerprint out. */
  @Override
  public String toString() {
    return "AccountTokenRecord[purpose=" + purpose + ", accountId=" + accountId + ", createdAt="
        + createdAt + ", expiresAt=" + expiresAt + ", consumedAt=" + consumedAt + "]";
  }

  private static void optionalText(String name, String value, int max) {
    if (value != null && (value.isEmpty() || value.length() > max)) {
      throw new IllegalArgumentException(
          "Invalid " + name + "; must be null or 1 to " + max + " characters");
    }
  }

  private static void requireHash(String value) {
    Objects.requireNonNull(value, "tokenHash");
    if (value.length() != 64) {
      throw new IllegalArgumentException("Invalid tokenHash; must be 64 hex characters");
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("Invalid tokenHash; must be 64 hex characters");
      }
    }
  }
}
