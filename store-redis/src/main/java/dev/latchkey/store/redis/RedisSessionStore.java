package dev.latchkey.store.redis;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
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

/**
 * Sessions on Redis.
 *
 * <p>Keys: {@code session:<id>} a hash (the row), {@code session-token:<token hash>} the id,
 * {@code session-account:<account>} a set of the account's session ids, and
 * {@code sessions-by-end} a sorted set of ids scored by when the row ended (expiry, or revocation
 * if earlier), which {@link #purge} walks. The row and its token key expire
 * {@link RedisSettings#endedRetention()} after the session does.
 */
final class RedisSessionStore implements SessionStore {
  private static final Comparator<SessionRecord> MOST_RECENT_FIRST =
      Comparator.comparing(SessionRecord::lastActiveAt).reversed()
          .thenComparing(SessionRecord::id);

  private static final Script INSERT = new Script("session-insert", """
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

  /** Raises a time field of an unrevoked session (touch, re-authentication). */
  private static final Script RAISE = new Script("session-raise", """
      if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'ra') == 1 then
        return 0
      end
      local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
      if current == nil or tonumber(ARGV[2]) > current then
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      end
      return 1
      """);

  private static final Script REVOKE = new Script("session-revoke", """
      if redis.call('HGET', KEYS[1], 'acct') ~= ARGV[1] then return 0 end
      if redis.call('HEXISTS', KEYS[1], 'ra') == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'ra', ARGV[2])
      local ea = redis.call('HGET', KEYS[1], 'ea')
      if tonumber(ARGV[2]) < tonumber(ea) then
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
      end
      return 1
      """);

  private static final Script REVOKE_ALL = new Script("session-revoke-all", """
      local n = 0
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        if not (ARGV[3] == '1' and id == ARGV[4]) then
          local k = ARGV[1] .. id
          if redis.call('EXISTS', k) == 0 then
            redis.call('SREM', KEYS[1], id)
          elseif redis.call('HEXISTS', k, 'ra') == 0 then
            redis.call('HSET', k, 'ra', ARGV[2])
            if tonumber(ARGV[2]) < tonumber(redis.call('HGET', k, 'ea')) then
              redis.call('ZADD', KEYS[2], ARGV[2], id)
            end
            n = n + 1
          end
        end
      end
      return n
      """);

  private static final Script ROTATE = new Script("session-rotate", """
      if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'ra') == 1 then
        return 0
      end
      if redis.call('HGET', KEYS[1], 'th') ~= ARGV[2] then return 0 end
      if ARGV[2] ~= ARGV[3] then
        if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
        redis.call('DEL', ARGV[1] .. ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then
          redis.call('SET', KEYS[2], ARGV[5], 'PX', ttl)
        else
          redis.call('SET', KEYS[2], ARGV[5])
        end
      end
      redis.call('HSET', KEYS[1], 'th', ARGV[3], 'as', ARGV[4])
      return 1
      """);

  private static final Script PURGE = new Script("session-purge", """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4], 'LIMIT', 0,
          tonumber(ARGV[5]))
      local n = 0
      for _, id in ipairs(ids) do
        local k = ARGV[1] .. id
        local th = redis.call('HGET', k, 'th')
        if th then
          local acct = redis.call('HGET', k, 'acct')
          redis.call('DEL', k)
          if redis.call('GET', ARGV[2] .. th) == id then redis.call('DEL', ARGV[2] .. th) end
          redis.call('SREM', ARGV[3] .. acct, id)
          n = n + 1
        end
        redis.call('ZREM', KEYS[1], id)
      end
      return {n, #ids}
      """);

  private final Redis redis;
  private final String byEnd;

  RedisSessionStore(Redis redis) {
    this.redis = redis;
    this.byEnd = redis.key("sessions-by-end");
  }

  private String row(String id) {
    return redis.key("session", id);
  }

  private String token(String hash) {
    return redis.key("session-token", hash);
  }

  private String account(String accountId) {
    return redis.key("session-account", accountId);
  }

  @Override
  public void insert(SessionRecord s) {
    Objects.requireNonNull(s, "session");
    Device d = s.device();
    Location l = s.location();
    Rows.Fields f = new Rows.Fields()
        .put("id", s.id()).put("acct", s.accountId()).put("th", s.tokenHash())
        .put("ca", s.createdAt()).put("la", s.lastActiveAt()).put("ea", s.expiresAt())
        .put("ra", s.revokedAt()).put("ip", s.ipAddress())
        .put("br", d.browser()).put("bv", Integer.toString(d.browserVersion()))
        .put("os", d.os()).put("dt", d.type().code())
        .put("city", l.city()).put("reg", l.region()).put("cc", l.countryCode())
        .put("sc", l.scope().code()).put("as", s.assurance()).put("aa", s.authenticatedAt());
    Instant end = s.revokedAt() != null && s.revokedAt().isBefore(s.expiresAt())
        ? s.revokedAt() : s.expiresAt();
    long ttl = redis.ttlUntil(s.expiresAt().plus(redis.settings.endedRetention()));
    long inserted = redis.evalLong(INSERT,
        List.of(row(s.id()), token(s.tokenHash()), account(s.accountId()), byEnd),
        Rows.args(List.of(Long.toString(ttl), Rows.millis(end), s.id()), f.pairs()));
    if (inserted != 1) {
      throw new StoreException("Session insert refused: id or token hash already stored");
    }
  }

  @Override
  public Optional<SessionRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Map<String, String> r = Rows.hash(redis.evalList(Scripts.ROW_BY_LOOKUP,
        List.of(token(tokenHash)), redis.key("session", "")));
    // The token key and the row change together in one script; checking the hash again costs
    // nothing and keeps a stale lookup key (a restore from an old snapshot) from ever matching.
    return r.isEmpty() || !tokenHash.equals(r.get("th")) ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public Optional<SessionRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    Map<String, String> r = redis.call("session-find", c -> c.hgetall(row(id)));
    return r.isEmpty() ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public boolean touch(String id, Instant lastActiveAt) {
    Objects.requireNonNull(id, "id");
    return redis.evalLong(RAISE, List.of(row(id)), "la", Rows.millis(lastActiveAt)) == 1;
  }

  @Override
  public boolean reauthenticate(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    return redis.evalLong(RAISE, List.of(row(id)), "aa", Rows.millis(at)) == 1;
  }

  @Override
  public List<SessionRecord> listActive(String accountId, Instant now, Instant activeSince) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(activeSince, "activeSince");
    List<SessionRecord> active = new ArrayList<>();
    for (Map<String, String> r : Rows.hashes(redis.evalList(Scripts.ROWS_OF_SET,
        List.of(account(accountId)), redis.key("session", "")))) {
      SessionRecord s = of(r);
      if (!s.revoked() && s.expiresAt().isAfter(now) && !s.lastActiveAt().isBefore(activeSince)
          && s.accountId().equals(accountId)) {
        active.add(s);
      }
    }
    active.sort(MOST_RECENT_FIRST);
    return active;
  }

  @Override
  public boolean revoke(String accountId, String sessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(sessionId, "sessionId");
    return redis.evalLong(REVOKE, List.of(row(sessionId), byEnd), accountId, Rows.millis(at),
        sessionId) == 1;
  }

  @Override
  public int revokeAll(String accountId, String keepSessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    return (int) redis.evalLong(REVOKE_ALL, List.of(account(accountId), byEnd),
        redis.key("session", ""), Rows.millis(at), keepSessionId == null ? "0" : "1",
        keepSessionId == null ? "" : keepSessionId);
  }

  @Override
  public boolean rotate(String sessionId, String expectedTokenHash, String newTokenHash,
      String assurance) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expectedTokenHash, "expectedTokenHash");
    Objects.requireNonNull(newTokenHash, "newTokenHash");
    Objects.requireNonNull(assurance, "assurance");
    long result = redis.evalLong(ROTATE, List.of(row(sessionId), token(newTokenHash)),
        redis.key("session-token", ""), expectedTokenHash, newTokenHash, assurance, sessionId);
    if (result < 0) {
      throw new StoreException("Session rotate refused: new token hash already stored");
    }
    return result == 1;
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int deleted = 0;
    while (true) {
      List<Object> r = redis.evalList(PURGE, List.of(byEnd), redis.key("session", ""),
          redis.key("session-token", ""), redis.key("session-account", ""), Rows.millis(before),
          Integer.toString(redis.settings.purgeBatch()));
      deleted += ((Long) r.get(0)).intValue();
      if (((Long) r.get(1)) < redis.settings.purgeBatch()) {
        return deleted;
      }
    }
  }

  private static SessionRecord of(Map<String, String> r) {
    Device device = new Device(Rows.required(r, "br"), Integer.parseInt(Rows.required(r, "bv")),
        Rows.required(r, "os"), DeviceType.fromCode(Rows.required(r, "dt")));
    Location location = new Location(Rows.required(r, "city"), Rows.required(r, "reg"),
        Rows.required(r, "cc"), AddressScope.fromCode(Rows.required(r, "sc")));
    return new SessionRecord(Rows.required(r, "id"), Rows.required(r, "acct"),
        Rows.required(r, "th"), Rows.instant(r, "ca"), Rows.instant(r, "la"),
        Rows.instant(r, "ea"), Rows.optionalInstant(r, "ra"), Rows.required(r, "ip"), device,
        location, Rows.required(r, "as"), Rows.instant(r, "aa"));
  }
}
