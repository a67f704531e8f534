package dev.latchkey.spi;

/**
 * One set of stores, so a host can hand all of them to {@code Latchkey.builder().stores(...)} at once.
 * {@code InMemoryStores} and {@code JdbcStores} implement it; a host may mix its own.
 */
public interface Stores {
  /** Where sessions live. */
  SessionStore sessions();

  /** Where password hashes live. */
  CredentialStore credentials();

  /** Where API key hashes and metadata live. */
  ApiKeyStore apiKeys();
}
