package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in challenges in memory: rows are immutable {@link ChallengeRecord}s, so a reader can never
 * see a half-written one.
 *
 * <p>Reads are lock-free; every write takes one lock, which makes each SPI operation atomic exactly
 * as the database's conditional statement is: of many concurrent consumes, one wins.
 */
final class InMemoryChallengeStore implements ChallengeStore {
  private final Map<String, ChallengeRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByTokenHash = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  @Override
  public void insert(ChallengeRecord challenge) {
    Objects.requireNonNull(challenge, "challenge");
    synchronized (writeLock) {
      if (byId.containsKey(challenge.id())
          || idByTokenHash.containsKey(challenge.tokenHash())) {
        throw new StoreException(
            "duplicate challenge id or token hash for challenge " + challenge.id());
      }
      byId.put(challenge.id(), challenge);
      idByTokenHash.put(challenge.tokenHash(), challenge.id());
    }
  }

  @Override
  public Optional<ChallengeRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    String id = idByTokenHash.get(tokenHash);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean consume(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      ChallengeRecord row = byId.get(id);
      if (row == null || !row.liveAt(at)) {
        return false;
      }
      byId.put(id, row.withConsumedAt(at));
      return true;
    }
  }

  @Override
  public boolean release(String id, Instant consumedAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumedAt, "consumedAt");
    synchronized (writeLock) {
      ChallengeRecord row = byId.get(id);
      // To the millisecond, as the databases keep it.
      if (row == null || row.consumedAt() == null || !row.consumedAt().truncatedTo(
          ChronoUnit.MILLIS).equals(consumedAt.truncatedTo(ChronoUnit.MILLIS))) {
        return false;
      }
      byId.put(id, row.withConsumedAt(null));
      return true;
    }
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    synchronized (writeLock) {
      int n = 0;
      for (ChallengeRecord row : List.copyOf(byId.values())) {
        if (row.expiresAt().isBefore(before)) {
          byId.remove(row.id());
          idByTokenHash.remove(row.tokenHash());
          n++;
        }
      }
      return n;
    }
  }
}
