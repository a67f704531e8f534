package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's stored authenticator-app secret: encrypted, never plaintext.
 *
 * @param accountId the host's opaque account id (one credential per account)
 * @param encryptedSecret the shared secret sealed with AES-256-GCM under the key ring, bound to
 *     {@code accountId} ({@code v1.{keyId}.{base64url}}, at most a few hundred characters)
 * @param status {@link Status#PENDING} until the user confirms a code, then {@link Status#ACTIVE}
 * @param lastAcceptedStep the highest TOTP time step accepted so far, {@value #NO_STEP} for none
 * @param createdAt when enrolment began
 * @param confirmedAt when it was confirmed, {@code null} while pending
 */
public record TotpCredential(String accountId, String encryptedSecret, Status status,
    long lastAcceptedStep, Instant createdAt, Instant confirmedAt) {

  /** The {@code lastAcceptedStep} of a credential that has accepted no code. */
  public static final long NO_STEP = -1;

  /** Validates the fields and their consistency. */
  public TotpCredential {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(encryptedSecret, "encryptedSecret");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    if (lastAcceptedStep < NO_STEP) {
      throw new IllegalArgumentException("lastAcceptedStep must be -1 or more");
    }
    if ((status == Status.ACTIVE) != (confirmedAt != null)) {
      throw new IllegalArgumentException("confirmedAt must be set exactly when status is ACTIVE");
    }
  }

  /** A new pending credential that has accepted no code. */
  public static TotpCredential pending(String accountId, String encryptedSecret, Instant createdAt) {
    return new TotpCredential(accountId, encryptedSecret, Status.PENDING, NO_STEP, createdAt, null);
  }

  /** Whether the credential is confirmed and in force. */
  public boolean active() {
    return status == Status.ACTIVE;
  }

  /** This credential, activated at {@code at} with {@code step} as its last accepted step. */
  public TotpCredential activated(long step, Instant at) {
    return new TotpCredential(accountId, encryptedSecret, Status.ACTIVE, step, createdAt, at);
  }

  /** This credential with another last accepted step. */
  public TotpCredential withLastAcceptedStep(long step) {
    return new TotpCredential(accountId, encryptedSecret, status, step, createdAt, confirmedAt);
  }

  /** This credential with another ciphertext (re-encryption under a new key). */
  public TotpCredential withEncryptedSecret(String secret) {
    return new TotpCredential(accountId, secret, status, lastAcceptedStep, createdAt, confirmedAt);
  }

  /** Leaves the ciphertext out: it is useless without the key, but has no place in logs. */
  @Override
  public String toString() {
    return "TotpCredential[accountId=" + accountId + ", status=" + status + ", lastAcceptedStep="
        + lastAcceptedStep + ", createdAt=" + createdAt + ", confirmedAt=" + confirmedAt + "]";
  }

  /** Enrolment state. Stored by {@link #code()}. */
  public enum Status {
    /** Enrolment begun; the user has not yet proved they hold the secret. */
    PENDING("pending"),
    /** Confirmed: codes are required at sign-in. */
    ACTIVE("active");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    /** The stable stored value. */
    public String code() {
      return code;
    }

    /**
     * The status for a stored code.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static Status fromCode(String code) {
      for (Status s : values()) {
        if (s.code.equals(code)) {
          return s;
        }
      }
      throw new IllegalArgumentException("Unknown TOTP status code");
    }
  }
}
