package dev.latchkey.spi;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

  /**
   * Checks a new set before a store writes anything ({@link BackupCodeStore#replaceAll},
   * {@link TotpStore#activate}): every code is this account's, unused, and no hash repeats. Stores
   * call it first so every implementation refuses the same bad input the same way.
   *
   * @return an immutable copy of {@code set}
   * @throws IllegalArgumentException naming the problem, never a hash
   */
  public static List<BackupCodeRecord> validatedSet(String accountId, List<BackupCodeRecord> set) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(set, "codes");
    Set<String> hashes = new HashSet<>();
    for (BackupCodeRecord r : set) {
      Objects.requireNonNull(r, "code");
      if (!r.accountId().equals(accountId)) {
        throw new IllegalArgumentException("A backup code belongs to another account");
      }
      if (r.used()) {
        throw new IllegalArgumentException("A new backup code is already used");
      }
      if (!hashes.add(r.codeHash())) {
        throw new IllegalArgumentException("Duplicate backup code hash");
      }
    }
    return List.copyOf(set);
  }

  /** Leaves the hash out. */
  @Override
  public String toString() {
    return "BackupCodeRecord[accountId=" + accountId + ", keyId=" + keyId + ", createdAt="
        + createdAt + ", usedAt=" + usedAt + "]";
  }
}
