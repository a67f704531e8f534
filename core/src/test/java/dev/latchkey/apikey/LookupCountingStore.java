package dev.latchkey.apikey;

import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that knows no keys and counts lookups by hash; every other call is a test failure. */
final class LookupCountingStore implements ApiKeyStore {
  final AtomicInteger lookups = new AtomicInteger();

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    lookups.incrementAndGet();
    return Optional.empty();
  }

  @Override
  public void insert(ApiKeyRecord key) {
    throw new AssertionError("unexpected insert");
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    throw new AssertionError("unexpected findById");
  }

  @Override
  public List<ApiKeyRecord> listByOwner(String owner) {
    throw new AssertionError("unexpected listByOwner");
  }

  @Override
  public boolean revoke(String owner, String id, Instant at) {
    throw new AssertionError("unexpected revoke");
  }

  @Override
  public int revokeAll(String owner, Instant at) {
    throw new AssertionError("unexpected revokeAll");
  }

  @Override
  public boolean markRotated(String owner, String id, Instant graceUntil, String replacementId) {
    throw new AssertionError("unexpected markRotated");
  }

  @Override
  public boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore) {
    throw new AssertionError("unexpected touchLastUsed");
  }

  @Override
  public List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore) {
    throw new AssertionError("unexpected findStale");
  }
}
