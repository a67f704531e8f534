package dev.latchkey.spi;

import java.util.Optional;

/**
 * Storage of password hashes, one per account. Thread-safe; every method atomic.
 */
public interface CredentialStore {

  /**
   * The account's credential.
   *
   * @return empty when the account has no password (unknown, or signed up through a provider)
   */
  Optional<PasswordCredential> find(String accountId);

  /** Inserts or replaces the account's credential. */
  void put(PasswordCredential credential);

  /**
   * Atomically replaces the hash only if the stored one is still {@code expectedHash}
   * (compare-and-set), so a transparent rehash never overwrites a password changed meanwhile.
   *
   * @return {@code false} when there is no credential or its hash differs
   */
  boolean replace(String accountId, String expectedHash, PasswordCredential replacement);

  /**
   * Removes the account's credential.
   *
   * @return {@code false} when there was none
   */
  boolean delete(String accountId);
}
