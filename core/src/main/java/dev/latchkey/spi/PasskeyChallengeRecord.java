package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A WebAuthn challenge handed to a browser and not yet answered: single use, short-lived, and bound
 * to whoever asked for it. Holds no secret in the clear: the challenge and the binding are kept as
 * SHA-256 hashes (hex).
 *
 * @param challengeHash SHA-256 (hex) of the challenge bytes; unique
 * @param purpose what the challenge is for: {@link #REGISTRATION}, {@link #SECOND_FACTOR},
 *     {@link #PASSWORDLESS} or {@link #REAUTHENTICATION}
 * @param bindingHash SHA-256 (hex) of what the challenge is bound to (the session, the sign-in
 *     challenge, or the passwordless ceremony token), so only that party can answer it
 * @param accountId the account a registration, second factor or re-authentication is for, or
 *     {@code null} for a passwordless sign-in (the account is not known yet)
 * @param userHandle the user handle a registration offered the authenticator (base64url), or
 *     {@code null}
 * @param createdAt when it was issued
 * @param expiresAt when it stops being accepted
 * @param consumedAt when it was answered, or {@code null} while unused
 */
public record PasskeyChallengeRecord(String challengeHash, String purpose, String bindingHash,
    String accountId, String userHandle, Instant createdAt, Instant expiresAt,
    Instant consumedAt) {

  /** Purpose of a challenge for {@code navigator.credentials.create}. */
  public static final String REGISTRATION = "registration";
  /** Purpose of a challenge answered as the second factor of a sign-in. */
  public static final String SECOND_FACTOR = "second_factor";
  /** Purpose of a challenge for a passwordless ("Sign in with a passkey") sign-in. */
  public static final String PASSWORDLESS = "passwordless";
  /** Purpose of a challenge answered to re-authenticate a session. */
  public static final String REAUTHENTICATION = "reauthentication";

  /** Checks the fields. @throws IllegalArgumentException for a malformed one */
  public PasskeyChallengeRecord {
    requireHash(challengeHash, "challengeHash");
    Objects.requireNonNull(purpose, "purpose");
    if (!purpose.equals(REGISTRATION) && !purpose.equals(SECOND_FACTOR)
        && !purpose.equals(PASSWORDLESS) && !purpose.equals(REAUTHENTICATION)) {
      throw new IllegalArgumentException("Invalid purpose; must be registration, second_factor,"
          + " passwordless or reauthentication");
    }
    requireHash(bindingHash, "bindingHash");
    if (accountId != null && (accountId.isEmpty() || accountId.length() > 255)) {
      throw new IllegalArgumentException("Invalid accountId; must be 1 to 255 characters");
    }
    if (userHandle != null && (userHandle.isEmpty()
        || userHandle.length() > PasskeyRecord.MAX_USER_HANDLE_LENGTH)) {
      throw new IllegalArgumentException("Invalid userHandle; must be 1 to "
          + PasskeyRecord.MAX_USER_HANDLE_LENGTH + " characters");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it can still be answered at {@code now}: unused and not expired. */
  public boolean liveAt(Instant now) {
    return consumedAt == null && now.isBefore(expiresAt);
  }

  private static void requireHash(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() != 64) {
      throw new IllegalArgumentException("Invalid " + field + "; must be 64 hex characters");
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("Invalid " + field + "; must be 64 hex characters");
      }
    }
  }
}
