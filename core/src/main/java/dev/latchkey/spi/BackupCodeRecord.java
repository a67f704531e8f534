package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored backup code: its keyed hash, never the code.
 *
 * @param accountId the host's opaque account id
 * @param keyId the key-ring key the hash was made with (so the ring can rotate)
 * @param codeHash lower-case hex HMAC-SHA-256 of the normalised code (64 characters)
 * @param createdAt when the set this code belongs to was issued
 * @param usedAt when it was used, {@code null} while unused
 */
public record BackupCodeRecord(String accountId, String keyId, String codeHash, Instant createdAt,
    Instant usedAt) {

  /** Validates that every required field is present. */
  public BackupCodeRecord {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether the code has been used. */
  public boolean used() {
    return usedAt != null;
  }

  /** This code, used at {@code at}. */
  public BackupCodeRecord withUsedAt(Instant at) {
    return new BackupCodeRecord(accountId, keyId, codeHash, createdAt, at);
  }

  /** Leaves the hash out. */
  @Override
  public String toString() {
    return "BackupCodeRecord[accountId=" + accountId + ", keyId=" + keyId + ", createdAt="
        + createdAt + ", usedAt=" + usedAt + "]";
  }
}
