package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time code sent by SMS or email and not yet used: its keyed hash, never the code. An
 * account has at most one per purpose; issuing another replaces it.
 *
 * @param accountId the host's opaque account id
 * @param purpose {@link #SIGN_IN} or {@link #ENROLMENT}
 * @param channel {@code sms} or {@code email}
 * @param destination where it was sent (an E.164 number or an email address): not a secret, and
 *     needed to finish an enrolment
 * @param keyId the key-ring key the hash was made with
 * @param codeHash lower-case hex HMAC-SHA-256 (64 characters) over the code and what it is bound
 *     to
 * @param createdAt when it was sent
 * @param expiresAt when it stops being accepted
 * @param consumedAt when it was used, {@code null} while unused
 */
public record OneTimeCodeRecord(String accountId, String purpose, String channel,
    String destination, String keyId, String codeHash, Instant createdAt, Instant expiresAt,
    Instant consumedAt) {

  /** Purpose of a code that completes a sign-in. */
  public static final String SIGN_IN = "sign_in";
  /** Purpose of a code that confirms a destination being enrolled. */
  public static final String ENROLMENT = "enrolment";
  /** The longest destination a store must hold: 254 characters (an email address). */
  public static final int MAX_DESTINATION_LENGTH = 254;

  /** Checks the fields. @throws IllegalArgumentException for a malformed one */
  public OneTimeCodeRecord {
    requireAccountId(accountId);
    Objects.requireNonNull(purpose, "purpose");
    if (!purpose.equals(SIGN_IN) && !purpose.equals(ENROLMENT)) {
      throw new IllegalArgumentException("Invalid purpose; must be sign_in or enrolment");
    }
    requireChannel(channel);
    requireDestination(destination);
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isEmpty() || keyId.length() > 64) {
      throw new IllegalArgumentException("Invalid keyId; must be 1 to 64 characters");
    }
    requireHash(codeHash);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it can still be used at {@code now}: unused and not expired. */
  public boolean liveAt(Instant now) {
    return consumedAt == null && now.isBefore(expiresAt);
  }

  /** This code, used at {@code at}. */
  public OneTimeCodeRecord withConsumedAt(Instant at) {
    return new OneTimeCodeRecord(accountId, purpose, channel, destination, keyId, codeHash,
        createdAt, expiresAt, at);
  }

  /** Leaves the hash out. */
  @Override
  public String toString() {
    return "OneTimeCodeRecord[accountId=" + accountId + ", purpose=" + purpose + ", channel="
        + channel + ", keyId=" + keyId + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
        + ", consumedAt=" + consumedAt + "]";
  }

  static void requireAccountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isEmpty() || accountId.length() > 255) {
      throw new IllegalArgumentException("Invalid accountId; must be 1 to 255 characters");
    }
  }

  static void requireChannel(String channel) {
    Objects.requireNonNull(channel, "channel");
    if (!channel.equals("sms") && !channel.equals("email")) {
      throw new IllegalArgumentException("Invalid channel; must be sms or email");
    }
  }

  static void requireDestination(String destination) {
    Objects.requireNonNull(destination, "destination");
    if (destination.isEmpty() || destination.length() > MAX_DESTINATION_LENGTH) {
      throw new IllegalArgumentException(
          "Invalid destination; must be 1 to " + MAX_DESTINATION_LENGTH + " characters");
    }
  }

  private static void requireHash(String value) {
    Objects.requireNonNull(value, "codeHash");
    if (value.length() != 64) {
      throw new IllegalArgumentException("Invalid codeHash; must be 64 hex characters");
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("Invalid codeHash; must be 64 hex characters");
      }
    }
  }
}
