package dev.latchkey.store.inmemory;

import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
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
 * Sessions in memory: rows are immutable {@link SessionRecord}s, so a reader can never see a
 * half-written one.
 *
 * <p>Reads are lock-free (the validate hot path); every write takes one lock, which makes each SPI
 * operation atomic exactly as a database transaction would: a revoke and a touch of the same session
 * can never interleave.
 */
final class InMemorySessionStore implements SessionStore {
  private static final Comparator<SessionRecord> MOST_RECENT_FIRST =
      Comparator.comparing(SessionRecord::lastActiveAt).reversed()
          .thenComparing(SessionRecord::id);

  private final Map<String, SessionRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByTokenHash = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> idsByAccount = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  @Override
  public void insert(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    synchronized (writeLock) {
      if (byId.containsKey(session.id()) || idByTokenHash.containsKey(session.tokenHash())) {
        throw new StoreException("duplicate session id or token hash for session " + session.id());
      }
      byId.put(session.id(), session);
      idByTokenHash.put(session.tokenHash(), session.id());
      idsByAccount.computeIfAbsent(session.accountId(), a -> ConcurrentHashMap.newKeySet())
          .add(session.id());
    }
  }

  @Override
  public Optional<SessionRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    String id = idByTokenHash.get(tokenHash);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<SessionRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean touch(String id, Instant lastActiveAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lastActiveAt, "lastActiveAt");
    synchronized (writeLock) {
      SessionRecord row = byId.get(id);
      if (row == null || row.revoked()) {
        return false;
      }
      if (lastActiveAt.isAfter(row.lastActiveAt())) {
        byId.put(id, row.withLastActiveAt(lastActiveAt));
      }
      return true;
    }
  }

  @Override
  public boolean reauthenticate(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      SessionRecord row = byId.get(id);
      if (row == null || row.revoked()) {
        return false;
      }
      if (at.isAfter(row.authenticatedAt())) {
        byId.put(id, row.withAuthenticatedAt(at));
      }
      return true;
    }
  }

  @Override
  public List<SessionRecord> listActive(String accountId, Instant now, Instant activeSince) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(activeSince, "activeSince");
    List<SessionRecord> out = new ArrayList<>();
    for (String id : idsByAccount.getOrDefault(accountId, Set.of())) {
      SessionRecord r = byId.get(id);
      if (r != null && !r.revoked() && r.expiresAt().isAfter(now)
          && !r.lastActiveAt().isBefore(activeSince)) {
        out.add(r);
      }
    }
    out.sort(MOST_RECENT_FIRST);
    return List.copyOf(out);
  }

  @Override
  public boolean revoke(String accountId, String sessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      SessionRecord row = byId.get(sessionId);
      if (row == null || row.revoked() || !row.accountId().equals(accountId)) {
        return false;
      }
      byId.put(sessionId, row.withRevokedAt(at));
      return true;
    }
  }

  @Override
  public int revokeAll(String accountId, String keepSessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      int n = 0;
      for (String id : idsByAccount.getOrDefault(accountId, Set.of())) {
        SessionRecord row = byId.get(id);
        if (row != null && !row.revoked() && !id.equals(keepSessionId)) {
          byId.put(id, row.withRevokedAt(at));
          n++;
        }
      }
      return n;
    }
  }

  @Override
  public boolean rotate(String sessionId, String expectedTokenHash, String newTokenHash,
      String assurance) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expectedTokenHash, "expectedTokenHash");
    Objects.requireNonNull(newTokenHash, "newTokenHash");
    Objects.requireNonNull(assurance, "assurance");
    synchronized (writeLock) {
      SessionRecord row = byId.get(sessionId);
      if (row == null || row.revoked() || !row.tokenHash().equals(expectedTokenHash)) {
        return false;
      }
      if (idByTokenHash.containsKey(newTokenHash)) {
        throw new StoreException("duplicate token hash rotating session " + sessionId);
      }
      // New hash first, then the row, then drop the old hash: a concurrent reader holding the old
      // token finds a row whose hash no longer matches and is refused.
      idByTokenHash.put(newTokenHash, sessionId);
      byId.put(sessionId, row.withToken(newTokenHash, assurance));
      idByTokenHash.remove(expectedTokenHash);
      return true;
    }
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    synchronized (writeLock) {
      int n = 0;
      for (SessionRecord row : List.copyOf(byId.values())) {
        boolean dead = (row.revoked() && row.revokedAt().isBefore(before))
            || row.expiresAt().isBefore(before);
        if (dead) {
          byId.remove(row.id());
          idByTokenHash.remove(row.tokenHash());
          Set<String> ids = idsByAccount.get(row.accountId());
          if (ids != null) {
            ids.remove(row.id());
            if (ids.isEmpty()) {
              idsByAccount.remove(row.accountId());
            }
          }
          n++;
        }
      }
      return n;
    }
  }
}
