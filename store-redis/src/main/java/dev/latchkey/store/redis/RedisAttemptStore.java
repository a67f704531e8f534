package dev.latchkey.store.redis;

import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attempt counters on Redis.
 *
 * <p>Keys: {@code attempt:<length of factor>:<factor>:<subject>} a hash ({@code n} the count,
 * {@code t} the last attempt), and {@code attempts-by-last} a sorted set of those keys scored by
 * the last attempt, which {@link #purge} walks. The factor's length makes the key unambiguous
 * whatever characters factor and subject hold. A counter expires
 * {@link RedisSettings#attemptRetention()} after its last attempt.
 */
final class RedisAttemptStore implements AttemptStore {
  /**
   * The compare-and-set: ARGV[1] the expected count ('' for absent), ARGV[2] the next count ('' to
   * remove), ARGV[3] the next last-attempt time, ARGV[4] the TTL.
   */
  private static final Script COMPARE_AND_SET = new Script("attempt-cas", """
      local current = redis.call('HGET', KEYS[1], 'n')
      if ARGV[1] == '' then
        if current then return 0 end
      elseif current ~= ARGV[1] then
        return 0
      end
      if ARGV[2] == '' then
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], KEYS[1])
        return 1
      end
      redis.call('HSET', KEYS[1], 'n', ARGV[2], 't', ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
      return 1
      """);

  private static final Script RESET = new Script("attempt-reset", """
      redis.call('DEL', KEYS[1])
      redis.call('ZREM', KEYS[2], KEYS[1])
      return 1
      """);

  private static final Script PURGE = new Script("attempt-purge", """
      local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0,
          tonumber(ARGV[2]))
      local n = 0
      for _, k in ipairs(keys) do
        local t = redis.call('HGET', k, 't')
        if t and tonumber(t) < tonumber(ARGV[1]) then
          redis.call('DEL', k)
          n = n + 1
        end
        redis.call('ZREM', KEYS[1], k)
      end
      return {n, #keys}
      """);

  private final Redis redis;
  private final String byLast;

  RedisAttemptStore(Redis redis) {
    this.redis = redis;
    this.byLast = redis.key("attempts-by-last");
  }

  private String counter(String factor, String subject) {
    return redis.key("attempt", factor.length() + ":" + factor + ":" + subject);
  }

  @Override
  public Optional<AttemptRecord> find(String factor, String subject) {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(subject, "subject");
    Map<String, String> r = redis.call("attempt-find", c -> c.hgetall(counter(factor, subject)));
    if (r.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AttemptRecord(factor, subject,
        Integer.parseInt(Rows.required(r, "n")), Rows.instant(r, "t")));
  }

  @Override
  public boolean compareAndSet(AttemptRecord expected, AttemptRecord next) {
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next cannot both be null");
    }
    AttemptRecord named = next != null ? next : expected;
    if (expected != null && next != null && (!expected.factor().equals(next.factor())
        || !expected.subject().equals(next.subject()))) {
      throw new IllegalArgumentException("expected and next must name the same counter");
    }
    String ttl = next == null ? "1"
        : Long.toString(redis.ttlUntil(
            next.lastAttemptAt().plus(redis.settings.attemptRetention())));
    return redis.evalLong(COMPARE_AND_SET,
        List.of(counter(named.factor(), named.subject()), byLast),
        expected == null ? "" : Integer.toString(expected.attempts()),
        next == null ? "" : Integer.toString(next.attempts()),
        next == null ? "" : Rows.millis(next.lastAttemptAt()), ttl) == 1;
  }

  @Override
  public void reset(String factor, String subject) {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(subject, "subject");
    redis.evalLong(RESET, List.of(counter(factor, subject), byLast));
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int deleted = 0;
    while (true) {
      List<Object> r = redis.evalList(PURGE, List.of(byLast), Rows.millis(before),
          Integer.toString(redis.settings.purgeBatch()));
      deleted += ((Long) r.get(0)).intValue();
      if (((Long) r.get(1)) < redis.settings.purgeBatch()) {
        return deleted;
      }
    }
  }
}
