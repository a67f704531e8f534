package com.example.store;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A third party's store, as small as a correct one gets: password credentials in a plain
 * {@link HashMap}, every method under one lock. It uses nothing of Latchkey but the SPI, and
 * {@link MapCredentialStoreTest} proves it with the TCK.
 *
 * <p>The lock is what makes {@link #replace} a compare-and-set: reading the stored hash and writing
 * the new one happen with no other writer in between.
 */
public final class MapCredentialStore implements CredentialStore {
  private final Map<String, PasswordCredential> byAccount = new HashMap<>();

  @Override
  public synchronized Optional<PasswordCredential> find(String accountId) {
    return Optional.ofNullable(byAccount.get(Objects.requireNonNull(accountId, "accountId")));
  }

  @Override
  public synchronized void put(PasswordCredential credential) {
    byAccount.put(credential.accountId(), credential);
  }

  @Override
  public synchronized boolean replace(String accountId, String expectedHash,
      PasswordCredential replacement) {
    PasswordCredential current = byAccount.get(accountId);
    // PHC strings are public-format hashes, not secrets: a plain comparison is fine here.
    if (current == null || !current.hash().equals(expectedHash)) {
      return false;
    }
    byAccount.put(accountId, replacement);
    return true;
  }

  @Override
  public synchronized boolean delete(String accountId) {
    return byAccount.remove(accountId) != null;
  }
}
