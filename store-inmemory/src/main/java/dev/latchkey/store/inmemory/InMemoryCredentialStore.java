package dev.latchkey.store.inmemory;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Password hashes in a concurrent map of immutable rows; compare-and-set via {@code replace}. */
final class InMemoryCredentialStore implements CredentialStore {
  private final ConcurrentMap<String, PasswordCredential> byAccount = new ConcurrentHashMap<>();

  @Override
  public Optional<PasswordCredential> find(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return Optional.ofNullable(byAccount.get(accountId));
  }

  @Override
  public void put(PasswordCredential credential) {
    Objects.requireNonNull(credential, "credential");
    byAccount.put(credential.accountId(), credential);
  }

  @Override
  public boolean replace(String accountId, String expectedHash, PasswordCredential replacement) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(expectedHash, "expectedHash");
    Objects.requireNonNull(replacement, "replacement");
    if (!accountId.equals(replacement.accountId())) {
      throw new IllegalArgumentException("replacement belongs to another account");
    }
    boolean[] replaced = {false};
    byAccount.computeIfPresent(accountId, (k, current) -> {
      if (current.hash().equals(expectedHash)) {
        replaced[0] = true;
        return replacement;
      }
      return current;
    });
    return replaced[0];
  }

  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return byAccount.remove(accountId) != null;
  }
}
