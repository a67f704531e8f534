package dev.latchkey.store.inmemory;

import dev.latchkey.spi.CodeFactorRecord;
import dev.latchkey.spi.OneTimeCodeRecord;
import dev.latchkey.spi.OneTimeCodeStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time codes and enrolled destinations in memory: rows are immutable records keyed as the
 * tables are ({@code (account, purpose)}, {@code (account, channel)}), times truncated to the
 * millisecond as the databases keep them.
 *
 * <p>Reads are lock-free; every write is one atomic map operation, so {@link #consume} has exactly
 * one winner as the database's conditional UPDATE has.
 */
final class InMemoryOneTimeCodeStore implements OneTimeCodeStore {
  private record Key(String accountId, String part) {}

  private final Map<Key, OneTimeCodeRecord> codes = new ConcurrentHashMap<>();
  private final Map<Key, CodeFactorRecord> factors = new ConcurrentHashMap<>();

  @Override
  public void issue(OneTimeCodeRecord code) {
    Objects.requireNonNull(code, "code");
    OneTimeCodeRecord row = new OneTimeCodeRecord(code.accountId(), code.purpose(),
        code.channel(), code.destination(), code.keyId(), code.codeHash(), millis(code.createdAt()),
        millis(code.expiresAt()), millis(code.consumedAt()));
    codes.put(new Key(code.accountId(), code.purpose()), row);
  }

  @Override
  public Optional<OneTimeCodeRecord> find(String accountId, String purpose) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    return Optional.ofNullable(codes.get(new Key(accountId, purpose)));
  }

  @Override
  public boolean consume(String accountId, String purpose, String codeHash, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(codeHash, "codeHash");
    Instant when = millis(Objects.requireNonNull(at, "at"));
    boolean[] won = new boolean[1];
    // computeIfPresent runs atomically per key: the check and the flip are one step.
    codes.computeIfPresent(new Key(accountId, purpose), (k, row) -> {
      if (row.codeHash().equals(codeHash) && row.liveAt(when)) {
        won[0] = true;
        return row.withConsumedAt(when);
      }
      return row;
    });
    return won[0];
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int[] n = new int[1];
    codes.forEach((k, row) -> {
      if (row.expiresAt().isBefore(before) && codes.remove(k, row)) {
        n[0]++;
      }
    });
    return n[0];
  }

  @Override
  public void putFactor(CodeFactorRecord factor) {
    Objects.requireNonNull(factor, "factor");
    factors.put(new Key(factor.accountId(), factor.channel()), new CodeFactorRecord(
        factor.accountId(), factor.channel(), factor.destination(), millis(factor.enrolledAt())));
  }

  @Override
  public List<CodeFactorRecord> factors(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    List<CodeFactorRecord> out = new ArrayList<>();
    for (Map.Entry<Key, CodeFactorRecord> e : factors.entrySet()) {
      if (e.getKey().accountId().equals(accountId)) {
        out.add(e.getValue());
      }
    }
    out.sort(Comparator.comparing(CodeFactorRecord::channel));
    return List.copyOf(out);
  }

  @Override
  public boolean removeFactor(String accountId, String channel) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(channel, "channel");
    return factors.remove(new Key(accountId, channel)) != null;
  }

  private static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }
}
