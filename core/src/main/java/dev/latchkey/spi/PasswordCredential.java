package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An account's stored password: the PHC string (Argon2id, or bcrypt for migrated users), never the
 * password.
 *
 * @param accountId the host's opaque account id
 * @param hash the encoded hash ({@code $argon2id$…} or {@code $2b$…})
 * @param updatedAt when the hash was last written
 */
public record PasswordCredential(String accountId, String hash, Instant updatedAt) {
  /** Validates that every field is present. */
  public PasswordCredential {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Never prints the hash: it is offline-crackable material. */
  @Override
  public String toString() {
    return "PasswordCredential[accountId=" + accountId + ", updatedAt=" + updatedAt + "]";
  }
}
