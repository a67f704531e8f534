package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys in memory: rows are immutable {@link ApiKeyRecord}s, so a reader can never see a
 * half-written one.
 *
 * <p>Reads are lock-free (the authenticate hot path is one {@link #findByHash}, a single map read
 * from the hash straight to the row); every write takes one lock, which makes each SPI operation
 * atomic exactly as a single SQL statement would: a revoke and a rotation of the same key can never
 * interleave. Both indexes hold the same row, and every write replaces it in both before it
 * returns, so a revoke is visible to the next {@link #findByHash}.
 */
final class InMemoryApiKeyStore implements ApiKeyStore {
  private static final Comparator<ApiKeyRecord> NEWEST_FIRST =
      Comparator.comparing(ApiKeyRecord::createdAt).reversed().thenComparing(ApiKeyRecord::id);

  private final Map<String, ApiKeyRecord> byId = new ConcurrentHashMap<>();
  /**
   * The same rows by key hash: the lookup every API request makes is one map read (a hash → id →
   * row index cost a second one, with its cache misses, per request). The values are the rows
   * themselves, not stored {@code Optional}s: a fresh one is free after inlining, a stored one
   * would be one more object to fetch from memory.
   */
  private final Map<String, ApiKeyRecord> byHash = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> idsByOwner = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  @Override
  public void insert(ApiKeyRecord key) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      if (byId.containsKey(key.id()) || byHash.containsKey(key.keyHash())) {
        throw new StoreException("duplicate API key id or key hash for key " + key.id());
      }
      put(key);
      idsByOwner.computeIfAbsent(key.owner(), o -> ConcurrentHashMap.newKeySet()).add(key.id());
    }
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash");
    return Optional.ofNullable(byHash.get(keyHash));
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<ApiKeyRecord> listByOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    List<ApiKeyRecord> out = new ArrayList<>();
    for (String id : idsByOwner.getOrDefault(owner, Set.of())) {
      ApiKeyRecord r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    out.sort(NEWEST_FIRST);
    return List.copyOf(out);
  }

  @Override
  public boolean revoke(String owner, String id, Instant at) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      ApiKeyRecord row = byId.get(id);
      if (row == null || row.revoked() || !row.owner().equals(owner)) {
        return false;
      }
      put(row.withRevokedAt(at));
      return true;
    }
  }

  @Override
  public int revokeAll(String owner, Instant at) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      int n = 0;
      for (String id : idsByOwner.getOrDefault(owner, Set.of())) {
        ApiKeyRecord row = byId.get(id);
        if (row != null && !row.revoked()) {
          put(row.withRevokedAt(at));
          n++;
        }
      }
      return n;
    }
  }

  @Override
  public boolean markRotated(String owner, String id, Instant graceUntil, String replacementId) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(graceUntil, "graceUntil");
    Objects.requireNonNull(replacementId, "replacementId");
    synchronized (writeLock) {
      ApiKeyRecord row = byId.get(id);
      if (row == null || row.revoked() || !row.owner().equals(owner) || row.replacedBy() != null) {
        return false;
      }
      put(row.withRotation(replacementId, graceUntil));
      return true;
    }
  }

  @Override
  public boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(ifLastUsedBefore, "ifLastUsedBefore");
    synchronized (writeLock) {
      ApiKeyRecord row = byId.get(id);
      if (row == null
          || (row.lastUsedAt() != null && !row.lastUsedAt().isBefore(ifLastUsedBefore))) {
        return false;
      }
      put(row.withLastUsedAt(at));
      return true;
    }
  }

  @Override
  public List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(now, "now");
    if (usedBefore == null && createdBefore == null) {
      throw new IllegalArgumentException("usedBefore and createdBefore are both null");
    }
    List<ApiKeyRecord> out = new ArrayList<>();
    for (ApiKeyRecord r : listByOwner(owner)) {
      boolean working = !r.revoked() && r.replacedBy() == null && r.graceUntil() == null
          && (r.expiresAt() == null || r.expiresAt().isAfter(now));
      if (!working) {
        continue;
      }
      Instant lastSeen = r.lastUsedAt() == null ? r.createdAt() : r.lastUsedAt();
      boolean unused = usedBefore != null && lastSeen.isBefore(usedBefore);
      boolean old = createdBefore != null && r.createdAt().isBefore(createdBefore);
      if (unused || old) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /** Stores a new version of a row in both indexes; called under {@link #writeLock} only. */
  private void put(ApiKeyRecord row) {
    byId.put(row.id(), row);
    byHash.put(row.keyHash(), row);
  }
}
