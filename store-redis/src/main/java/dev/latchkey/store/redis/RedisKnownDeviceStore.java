package dev.latchkey.store.redis;

import dev.latchkey.spi.KnownDeviceRecord;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Known devices on Redis.
 *
 * <p>Keys: {@code device:<id>} a hash (the row), {@code device-token:<token hash>} the id,
 * {@code device-account:<account>} a set of the account's device ids, and
 * {@code devices-by-expiry} a sorted set of ids scored by expiry, which {@link #purge} walks. A
 * device's keys expire {@link RedisSettings#endedRetention()} after its token does.
 */
final class RedisKnownDeviceStore implements KnownDeviceStore {
  private static final Script INSERT = new Script("device-insert", """
      if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
        return 0
      end
      redis.call('HSET', KEYS[1], unpack(ARGV, 4))
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[1])
      redis.call('SADD', KEYS[3], ARGV[3])
      if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[1]) then
        redis.call('PEXPIRE', KEYS[3], ARGV[1])
      end
      redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3])
      return 1
      """);

  /**
   * Deletes one device row with its token key, account membership and index entry. Defined once
   * and inlined (as text) in the scripts below, which differ only in how they choose rows.
   */
  private static final String DELETE_ROW = """
      local function delete_row(prefix, id)
        local k = prefix .. 'device:' .. id
        local th = redis.call('HGET', k, 'th')
        if not th then return 0 end
        local acct = redis.call('HGET', k, 'acct')
        redis.call('DEL', k)
        local tk = prefix .. 'device-token:' .. th
        if redis.call('GET', tk) == id then redis.call('DEL', tk) end
        redis.call('SREM', prefix .. 'device-account:' .. acct, id)
        redis.call('ZREM', prefix .. 'devices-by-expiry', id)
        return 1
      end
      """;

  private static final Script DELETE = new Script("device-delete", DELETE_ROW + """
      if redis.call('HGET', ARGV[1] .. 'device:' .. ARGV[3], 'acct') ~= ARGV[2] then
        return 0
      end
      return delete_row(ARGV[1], ARGV[3])
      """);

  private static final Script DELETE_ALL = new Script("device-delete-all", DELETE_ROW + """
      local n = 0
      for _, id in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'device-account:' .. ARGV[2])) do
        if redis.call('HGET', ARGV[1] .. 'device:' .. id, 'acct') == ARGV[2] then
          n = n + delete_row(ARGV[1], id)
        else
          redis.call('SREM', ARGV[1] .. 'device-account:' .. ARGV[2], id)
        end
      end
      return n
      """);

  private static final Script PURGE = new Script("device-purge", DELETE_ROW + """
      local ids = redis.call('ZRANGEBYSCORE', ARGV[1] .. 'devices-by-expiry', '-inf',
          '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
      local n = 0
      for _, id in ipairs(ids) do
        n = n + delete_row(ARGV[1], id)
        redis.call('ZREM', ARGV[1] .. 'devices-by-expiry', id)
      end
      return {n, #ids}
      """);

  private final Redis redis;

  RedisKnownDeviceStore(Redis redis) {
    this.redis = redis;
  }

  @Override
  public void insert(KnownDeviceRecord d) {
    Objects.requireNonNull(d, "device");
    Rows.Fields f = new Rows.Fields()
        .put("id", d.id()).put("th", d.tokenHash()).put("acct", d.accountId())
        .put("ca", d.createdAt()).put("ea", d.expiresAt());
    long ttl = redis.ttlUntil(d.expiresAt().plus(redis.settings.endedRetention()));
    long inserted = redis.evalLong(INSERT,
        List.of(redis.key("device", d.id()), redis.key("device-token", d.tokenHash()),
            redis.key("device-account", d.accountId()), redis.key("devices-by-expiry")),
        Rows.args(List.of(Long.toString(ttl), Rows.millis(d.expiresAt()), d.id()), f.pairs()));
    if (inserted != 1) {
      throw new StoreException("Known device insert refused: id or token hash already stored");
    }
  }

  @Override
  public Optional<KnownDeviceRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Map<String, String> r = Rows.hash(redis.evalList(Scripts.ROW_BY_LOOKUP,
        List.of(redis.key("device-token", tokenHash)), redis.key("device", "")));
    return r.isEmpty() || !tokenHash.equals(r.get("th")) ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public boolean delete(String accountId, String id) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(id, "id");
    return redis.evalLong(DELETE, List.of(), redis.prefix, accountId, id) == 1;
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return (int) redis.evalLong(DELETE_ALL, List.of(), redis.prefix, accountId);
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int deleted = 0;
    while (true) {
      List<Object> r = redis.evalList(PURGE, List.of(), redis.prefix, Rows.millis(before),
          Integer.toString(redis.settings.purgeBatch()));
      deleted += ((Long) r.get(0)).intValue();
      if (((Long) r.get(1)) < redis.settings.purgeBatch()) {
        return deleted;
      }
    }
  }

  private static KnownDeviceRecord of(Map<String, String> r) {
    return new KnownDeviceRecord(Rows.required(r, "id"), Rows.required(r, "th"),
        Rows.required(r, "acct"), Rows.instant(r, "ca"), Rows.instant(r, "ea"));
  }
}
