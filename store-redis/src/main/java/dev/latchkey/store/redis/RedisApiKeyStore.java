package dev.latchkey.store.redis;

import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API keys on Redis, for hosts that opt in ({@link RedisStores#combinedWithApiKeysInRedis}):
 * key rows are durable data, so Redis must then persist (AOF) like a database would.
 *
 * <p>Keys: {@code apikey:<id>} a hash (the row), {@code apikey-hash:<key hash>} the id, and
 * {@code apikey-owner:<owner>} a set of the owner's key ids. Nothing expires: as the SPI says, rows
 * stay until the host deletes them.
 */
final class RedisApiKeyStore implements ApiKeyStore {
  private static final Comparator<ApiKeyRecord> NEWEST_FIRST =
      Comparator.comparing(ApiKeyRecord::createdAt).reversed().thenComparing(ApiKeyRecord::id);

  private static final Script INSERT = new Script("apikey-insert", """
      if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
        return 0
      end
      redis.call('HSET', KEYS[1], unpack(ARGV, 2))
      redis.call('SET', KEYS[2], ARGV[1])
      redis.call('SADD', KEYS[3], ARGV[1])
      return 1
      """);

  private static final Script REVOKE = new Script("apikey-revoke", """
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
      if redis.call('HEXISTS', KEYS[1], 'ra') == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'ra', ARGV[2])
      return 1
      """);

  private static final Script REVOKE_ALL = new Script("apikey-revoke-all", """
      local n = 0
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local k = ARGV[1] .. id
        if redis.call('HGET', k, 'owner') == ARGV[2] and redis.call('HEXISTS', k, 'ra') == 0 then
          redis.call('HSET', k, 'ra', ARGV[3])
          n = n + 1
        end
      end
      return n
      """);

  private static final Script MARK_ROTATED = new Script("apikey-mark-rotated", """
      if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
      if redis.call('HEXISTS', KEYS[1], 'ra') == 1 or redis.call('HEXISTS', KEYS[1], 'rb') == 1 then
        return 0
      end
      redis.call('HSET', KEYS[1], 'rb', ARGV[3], 'gu', ARGV[2])
      return 1
      """);

  private static final Script TOUCH_LAST_USED = new Script("apikey-touch", """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      local lu = redis.call('HGET', KEYS[1], 'lu')
      if lu and tonumber(lu) >= tonumber(ARGV[2]) then return 0 end
      redis.call('HSET', KEYS[1], 'lu', ARGV[1])
      return 1
      """);

  private final Redis redis;

  RedisApiKeyStore(Redis redis) {
    this.redis = redis;
  }

  private String row(String id) {
    return redis.key("apikey", id);
  }

  @Override
  public void insert(ApiKeyRecord k) {
    Objects.requireNonNull(k, "key");
    for (String scope : k.scopes()) {
      if (scope.isEmpty() || scope.indexOf(' ') >= 0) {
        throw new IllegalArgumentException(
            "a scope must be non-empty and contain no space to be stored");
      }
    }
    Rows.Fields f = new Rows.Fields()
        .put("id", k.id()).put("owner", k.owner()).put("kh", k.keyHash()).put("hint", k.hint())
        .put("name", k.name()).put("perm", k.permission())
        // Space-separated like the JDBC column (checked above: no scope holds a space).
        .put("scopes", String.join(" ", k.scopes())).put("env", k.environment())
        .put("ca", k.createdAt()).put("ea", k.expiresAt()).put("lu", k.lastUsedAt())
        .put("ra", k.revokedAt()).put("rb", k.replacedBy()).put("gu", k.graceUntil());
    long inserted = redis.evalLong(INSERT,
        List.of(row(k.id()), redis.key("apikey-hash", k.keyHash()),
            redis.key("apikey-owner", k.owner())),
        Rows.args(List.of(k.id()), f.pairs()));
    if (inserted != 1) {
      throw new StoreException("API key insert refused: id or key hash already stored");
    }
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash");
    Map<String, String> r = Rows.hash(redis.evalList(Scripts.ROW_BY_LOOKUP,
        List.of(redis.key("apikey-hash", keyHash)), redis.key("apikey", "")));
    return r.isEmpty() || !keyHash.equals(r.get("kh")) ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    Map<String, String> r = redis.call("apikey-find", c -> c.hgetall(row(id)));
    return r.isEmpty() ? Optional.empty() : Optional.of(of(r));
  }

  @Override
  public List<ApiKeyRecord> listByOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    List<ApiKeyRecord> keys = new ArrayList<>();
    for (Map<String, String> r : Rows.hashes(redis.evalList(Scripts.ROWS_OF_SET,
        List.of(redis.key("apikey-owner", owner)), redis.key("apikey", "")))) {
      ApiKeyRecord k = of(r);
      if (k.owner().equals(owner)) {
        keys.add(k);
      }
    }
    keys.sort(NEWEST_FIRST);
    return keys;
  }

  @Override
  public boolean revoke(String owner, String id, Instant at) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    return redis.evalLong(REVOKE, List.of(row(id)), owner, Rows.millis(at)) == 1;
  }

  @Override
  public int revokeAll(String owner, Instant at) {
    Objects.requireNonNull(owner, "owner");
    return (int) redis.evalLong(REVOKE_ALL, List.of(redis.key("apikey-owner", owner)),
        redis.key("apikey", ""), owner, Rows.millis(at));
  }

  @Override
  public boolean markRotated(String owner, String id, Instant graceUntil, String replacementId) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(replacementId, "replacementId");
    return redis.evalLong(MARK_ROTATED, List.of(row(id)), owner, Rows.millis(graceUntil),
        replacementId) == 1;
  }

  @Override
  public boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore) {
    Objects.requireNonNull(id, "id");
    return redis.evalLong(TOUCH_LAST_USED, List.of(row(id)), Rows.millis(at),
        Rows.millis(ifLastUsedBefore)) == 1;
  }

  @Override
  public List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore) {
    Objects.requireNonNull(now, "now");
    if (usedBefore == null && createdBefore == null) {
      throw new IllegalArgumentException("usedBefore and createdBefore cannot both be null");
    }
    List<ApiKeyRecord> stale = new ArrayList<>();
    for (ApiKeyRecord k : listByOwner(owner)) {
      boolean works = k.revokedAt() == null && k.replacedBy() == null
          && (k.expiresAt() == null || k.expiresAt().isAfter(now));
      Instant lastUse = k.lastUsedAt() != null ? k.lastUsedAt() : k.createdAt();
      boolean unused = usedBefore != null && lastUse.isBefore(usedBefore);
      boolean old = createdBefore != null && k.createdAt().isBefore(createdBefore);
      if (works && (unused || old)) {
        stale.add(k);
      }
    }
    return stale;
  }

  private static ApiKeyRecord of(Map<String, String> r) {
    String scopes = Rows.required(r, "scopes");
    Set<String> scopeSet = scopes.isEmpty() ? Set.of()
        : Arrays.stream(scopes.split(" ")).collect(Collectors.toSet());
    return new ApiKeyRecord(Rows.required(r, "id"), Rows.required(r, "owner"),
        Rows.required(r, "kh"), Rows.required(r, "hint"), Rows.required(r, "name"),
        Rows.required(r, "perm"), scopeSet, Rows.required(r, "env"), Rows.instant(r, "ca"),
        Rows.optionalInstant(r, "ea"), Rows.optionalInstant(r, "lu"),
        Rows.optionalInstant(r, "ra"), r.get("rb"), Rows.optionalInstant(r, "gu"));
  }
}
