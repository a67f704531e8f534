package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a store, counting the hot-path calls; can make last-used writes fail. */
final class CountingApiKeyStore implements ApiKeyStore {
  final ApiKeyStore delegate;
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger touches = new AtomicInteger();
  final AtomicInteger touchWrites = new AtomicInteger();
  volatile boolean failTouches;
  /** Runs after a lookup has read its row and before it returns (to force interleavings). */
  volatile Runnable afterLookup = () -> {};

  CountingApiKeyStore(ApiKeyStore delegate) {
    this.delegate = delegate;
  }

  static CountingApiKeyStore overInMemory() {
    return new CountingApiKeyStore(InMemoryStores.create().apiKeys());
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    lookups.incrementAndGet();
    Optional<ApiKeyRecord> found = delegate.findByHash(keyHash);
    afterLookup.run();
    return found;
  }

  @Override
  public boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore) {
    touches.incrementAndGet();
    if (failTouches) {
      throw new StoreException("read-only replica");
    }
    boolean wrote = delegate.touchLastUsed(id, at, ifLastUsedBefore);
    if (wrote) {
      touchWrites.incrementAndGet();
    }
    return wrote;
  }

  @Override
  public void insert(ApiKeyRecord key) {
    delegate.insert(key);
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public List<ApiKeyRecord> listByOwner(String owner) {
    return delegate.listByOwner(owner);
  }

  @Override
  public boolean revoke(String owner, String id, Instant at) {
    return delegate.revoke(owner, id, at);
  }

  @Override
  public int revokeAll(String owner, Instant at) {
    return delegate.revokeAll(owner, at);
  }

  @Override
  public boolean markRotated(String owner, String id, Instant graceUntil, String replacementId) {
    return delegate.markRotated(owner, id, graceUntil, replacementId);
  }

  @Override
  public List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore) {
    return delegate.findStale(owner, now, usedBefore, createdBefore);
  }
}
