package dev.latchkey.store.inmemory;

import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Account tokens in memory: immutable records keyed by their hash as the table is, times
 * truncated to the millisecond as the databases keep them.
 *
 * <p>Reads are lock-free; every write is one atomic map operation, so {@link #consume} has exactly
 * one winner as the database's conditional UPDATE has.
 */
final class InMemoryAccountTokenStore implements AccountTokenStore {
  private final Map<String, AccountTokenRecord> tokens = new ConcurrentHashMap<>();

  @Override
  public void issue(AccountTokenRecord token) {
    Objects.requireNonNull(token, "token");
    AccountTokenRecord row = new AccountTokenRecord(token.tokenHash(), token.purpose(),
        token.accountId(), token.destination(), token.previousDestination(),
        token.passwordFingerprint(), millis(token.createdAt()), millis(token.expiresAt()),
        millis(token.consumedAt()));
    if (tokens.putIfAbsent(token.tokenHash(), row) != null) {
      // As the primary key refuses it; the message names no value.
      throw new StoreException("issue account token: the token hash is already stored");
    }
  }

  @Override
  public Optional<AccountTokenRecord> find(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return Optional.ofNullable(tokens.get(tokenHash));
  }

  @Override
  public boolean consume(String tokenHash, String purpose, Instant at) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(purpose, "purpose");
    Instant when = millis(Objects.requireNonNull(at, "at"));
    boolean[] won = new boolean[1];
    // computeIfPresent runs atomically per key: the check and the flip are one step.
    tokens.computeIfPresent(tokenHash, (k, row) -> {
      if (row.purpose().equals(purpose) && row.liveAt(when)) {
        won[0] = true;
        return row.withConsumedAt(when);
      }
      return row;
    });
    return won[0];
  }

  @Override
  public int revoke(String accountId, String purpose) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    int[] n = new int[1];
    tokens.forEach((k, row) -> {
      if (row.accountId().equals(accountId) && row.purpose().equals(purpose)
          && tokens.remove(k, row)) {
        n[0]++;
      }
    });
    return n[0];
  }

  @Override
  public int revokeIssuedAfter(String accountId, String purpose, Instant after) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    Instant cutOff = millis(Objects.requireNonNull(after, "after"));
    int[] n = new int[1];
    tokens.forEach((k, row) -> {
      if (row.accountId().equals(accountId) && row.purpose().equals(purpose)
          && row.createdAt().isAfter(cutOff) && tokens.remove(k, row)) {
        n[0]++;
      }
    });
    return n[0];
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int[] n = new int[1];
    tokens.forEach((k, row) -> {
      if (row.expiresAt().isBefore(before) && tokens.remove(k, row)) {
        n[0]++;
      }
    });
    return n[0];
  }

  private static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }
}
