package dev.latchkey.store.redis;

import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign-in challenges on Redis.
 *
 * <p>Keys: {@code challenge:<id>} a hash (the row), {@code challenge-token:<token hash>} the id,
 * and {@code challenges-by-expiry} a sorted set of ids scored by expiry, which {@link #purge}
 * walks. Both keys of a challenge expire {@link RedisSettings#endedRetention()} after it does;
 * {@link #consume} checks the expiry against the caller's instant, never trusting the TTL.
 */
final class RedisChallengeStore implements ChallengeStore {
  private static final Script INSERT = new Script("challenge-insert", """
      if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
        return 0
      end
      redis.call('HSET', KEYS[1], unpack(ARGV, 4))
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[1])
      redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
      return 1
      """);

  /** Consume once: unconsumed and not expired at ARGV[1], then set consumed-at. */
  private static final Script CONSUME = new Script("challenge-consume", """
      local ea = redis.call('HGET', KEYS[1], 'ea')
      if not ea or redis.call('HEXISTS', KEYS[1], 'co') == 1 then return 0 end
      if tonumber(ARGV[1]) >= tonumber(ea) then return 0 end
      redis.call('HSET', KEYS[1], 'co', ARGV[1])
      return 1
      """);

  /** Undo exactly the consume made at ARGV[1]. */
  private static final Script RELEASE = new Script("challenge-release", """
      if redis.call('HGET', KEYS[1], 'co') ~= ARGV[1] then return 0 end
      redis.call('HDEL', KEYS[1], 'co')
      return 1
      """);

  private static final Script PURGE = new Script("challenge-purge", """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3], 'LIMIT', 0,
          tonumber(ARGV[4]))
      local n = 0
      for _, id in ipairs(ids) do
        local k = ARGV[1] .. id
        local th = redis.call('HGET', k, 'th')
        if th then
          redis.call('DEL', k)
          if redis.call('GET', ARGV[2] .. th) == id then redis.call('DEL', ARGV[2] .. th) end
          n = n + 1
        end
        redis.call('ZREM', KEYS[1], id)
      end
      return {n, #ids}
      """);

  private final Redis redis;
  private final String byExpiry;

  RedisChallengeStore(Redis redis) {
    this.redis = redis;
    this.byExpiry = redis.key("challenges-by-expiry");
  }

  @Override
  public void insert(ChallengeRecord c) {
    Objects.requireNonNull(c, "challenge");
    Rows.Fields f = new Rows.Fields()
        .put("id", c.id()).put("th", c.tokenHash()).put("acct", c.accountId())
        .put("ip", c.ipAddress()).put("ua", c.userAgent()).put("ca", c.createdAt())
        .put("ea", c.expiresAt()).put("co", c.consumedAt());
    long ttl = redis.ttlUntil(c.expiresAt().plus(redis.settings.endedRetention()));
    long inserted = redis.evalLong(INSERT,
        List.of(redis.key("challenge", c.id()), redis.key("challenge-token", c.tokenHash()),
            byExpiry),
        Rows.args(List.of(Long.toString(ttl), Rows.millis(c.expiresAt()), c.id()), f.pairs()));
    if (inserted != 1) {
      throw new StoreException("Challenge insert refused: id or token hash already stored");
    }
  }

  @Override
  public Optional<ChallengeRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Map<String, String> r = Rows.hash(redis.evalList(Scripts.ROW_BY_LOOKUP,
        List.of(redis.key("challenge-token", tokenHash)), redis.key("challenge", "")));
    return r.isEmpty() || !tokenHash.equals(r.get("th")) ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public boolean consume(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return redis.evalLong(CONSUME, List.of(redis.key("challenge", id)), Rows.millis(at)) == 1;
  }

  @Override
  public boolean release(String id, Instant consumedAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumedAt, "consumedAt");
    return redis.evalLong(RELEASE, List.of(redis.key("challenge", id)),
        Rows.millis(consumedAt)) == 1;
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int deleted = 0;
    while (true) {
      List<Object> r = redis.evalList(PURGE, List.of(byExpiry), redis.key("challenge", ""),
          redis.key("challenge-token", ""), Rows.millis(before),
          Integer.toString(redis.settings.purgeBatch()));
      deleted += ((Long) r.get(0)).intValue();
      if (((Long) r.get(1)) < redis.settings.purgeBatch()) {
        return deleted;
      }
    }
  }

  private static ChallengeRecord of(Map<String, String> r) {
    return new ChallengeRecord(Rows.required(r, "id"), Rows.required(r, "th"),
        Rows.required(r, "acct"), Rows.required(r, "ip"), Rows.required(r, "ua"),
        Rows.instant(r, "ca"), Rows.instant(r, "ea"), Rows.optionalInstant(r, "co"));
  }
}
