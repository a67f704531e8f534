package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/*
 * Each SPI method is one statement, so each is atomic on its own, across threads and processes:
 *
 * - revoke, revokeAll, markRotated and touchLastUsed are conditional UPDATEs whose WHERE clause is
 *   the SPI's condition ("... AND owner = ? AND revoked_at IS NULL", "... AND replaced_by IS NULL",
 *   "... AND (last_used_at IS NULL OR last_used_at < ?)"). Concurrent updaters of one row queue on
 *   its row lock and re-check the condition against the committed row, so exactly one revoke or
 *   rotation of a key reports true, and of concurrent touches within one interval one writes.
 * - Every row those UPDATEs match, they change (revoked_at and replaced_by go from NULL to a value;
 *   last_used_at moves to at > ifLastUsedBefore > old value), so the update count is the same
 *   whether a MariaDB driver counts matched or changed rows (useAffectedRows).
 * - Uniqueness of id and key hash is the database's (primary key, unique constraint). The insert
 *   skips a duplicate (no database error, so MariaDB's driver logs no key hash) and then reports
 *   it as a constraint violation, as Jdbc.failure reports one: without values.
 * - scopes are one column: sorted, joined by a single space (a scope never contains one), '' when
 *   there are none. ApiKeyRecord sorts on construction, so the column is deterministic.
 * - findStale has three texts (unused, old, both) instead of "? IS NULL OR ..." on a null bound:
 *   PostgreSQL cannot type a parameter that is only ever compared with NULL.
 */
final class JdbcApiKeyStore implements ApiKeyStore {
  private static final String COLUMNS = """
      id, owner, key_hash, hint, name, permission, scopes, environment, created_at, expires_at,
      last_used_at, revoked_at, replaced_by, grace_until""";

  private static final String STALE = """
      SELECT %COLUMNS% FROM %PREFIX%api_keys
      WHERE owner = ? AND revoked_at IS NULL AND replaced_by IS NULL AND grace_until IS NULL
        AND (expires_at IS NULL OR expires_at > ?)
        AND %CRITERIA%
      ORDER BY created_at DESC, id ASC""";
  private static final String UNUSED = "COALESCE(last_used_at, created_at) < ?";
  private static final String OLD = "created_at < ?";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String findByHash;
  private final String findById;
  private final String listByOwner;
  private final String revoke;
  private final String revokeAll;
  private final String markRotated;
  private final String touchLastUsed;
  private final String staleUnused;
  private final String staleOld;
  private final String staleUnusedOrOld;

  JdbcApiKeyStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%api_keys (%COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.findByHash = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%api_keys WHERE key_hash = ?""");
    this.findById = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%api_keys WHERE id = ?""");
    this.listByOwner = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%api_keys WHERE owner = ?
        ORDER BY created_at DESC, id ASC""");
    this.revoke = sql(prefix, """
        UPDATE %PREFIX%api_keys SET revoked_at = ?
        WHERE id = ? AND owner = ? AND revoked_at IS NULL""");
    this.revokeAll = sql(prefix, """
        UPDATE %PREFIX%api_keys SET revoked_at = ?
        WHERE owner = ? AND revoked_at IS NULL""");
    this.markRotated = sql(prefix, """
        UPDATE %PREFIX%api_keys SET replaced_by = ?, grace_until = ?
        WHERE id = ? AND owner = ? AND revoked_at IS NULL AND replaced_by IS NULL""");
    this.touchLastUsed = sql(prefix, """
        UPDATE %PREFIX%api_keys SET last_used_at = ?
        WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)""");
    this.staleUnused = sql(prefix, STALE.replace("%CRITERIA%", UNUSED));
    this.staleOld = sql(prefix, STALE.replace("%CRITERIA%", OLD));
    this.staleUnusedOrOld =
        sql(prefix, STALE.replace("%CRITERIA%", "(" + UNUSED + " OR " + OLD + ")"));
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void insert(ApiKeyRecord key) {
    Objects.requireNonNull(key, "key");
    String scopes = joinScopes(key.scopes());
    jdbc.insertNew("insert API key " + key.id(), mariaDb, insert, ps -> {
        ps.setString(1, key.id());
        ps.setString(2, key.owner());
        ps.setString(3, key.keyHash());
        ps.setString(4, key.hint());
        ps.setString(5, key.name());
        ps.setString(6, key.permission());
        ps.setString(7, scopes);
        ps.setString(8, key.environment());
        dialect.bindInstant(ps, 9, key.createdAt());
        dialect.bindInstant(ps, 10, key.expiresAt());
        dialect.bindInstant(ps, 11, key.lastUsedAt());
        dialect.bindInstant(ps, 12, key.revokedAt());
        ps.setString(13, key.replacedBy());
        dialect.bindInstant(ps, 14, key.graceUntil());
    });
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    Objects.requireNonNull(keyHash, "keyHash");
    return jdbc.call("find API key by hash", c -> Jdbc.findOne(c, findByHash, keyHash, this::read));
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    return jdbc.call("find API key " + id, c -> Jdbc.findOne(c, findById, id, this::read));
  }

  @Override
  public List<ApiKeyRecord> listByOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    return jdbc.call("list API keys of an owner", c -> {
      try (PreparedStatement ps = c.prepareStatement(listByOwner)) {
        ps.setString(1, owner);
        return readAll(ps);
      }
    });
  }

  @Override
  public boolean revoke(String owner, String id, Instant at) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return jdbc.call("revoke API key " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(revoke)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, id);
        ps.setString(3, owner);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int revokeAll(String owner, Instant at) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(at, "at");
    return jdbc.call("revoke all API keys of an owner", c -> {
      try (PreparedStatement ps = c.prepareStatement(revokeAll)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, owner);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean markRotated(String owner, String id, Instant graceUntil, String replacementId) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(graceUntil, "graceUntil");
    Objects.requireNonNull(replacementId, "replacementId");
    return jdbc.call("mark API key " + id + " rotated", c -> {
      try (PreparedStatement ps = c.prepareStatement(markRotated)) {
        ps.setString(1, replacementId);
        dialect.bindInstant(ps, 2, graceUntil);
        ps.setString(3, id);
        ps.setString(4, owner);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(ifLastUsedBefore, "ifLastUsedBefore");
    return jdbc.call("record use of API key " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(touchLastUsed)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, id);
        dialect.bindInstant(ps, 3, ifLastUsedBefore);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(now, "now");
    if (usedBefore == null && createdBefore == null) {
      throw new IllegalArgumentException("usedBefore and createdBefore are both null");
    }
    String query = usedBefore == null ? staleOld
        : createdBefore == null ? staleUnused : staleUnusedOrOld;
    return jdbc.call("find stale API keys of an owner", c -> {
      try (PreparedStatement ps = c.prepareStatement(query)) {
        int i = 1;
        ps.setString(i++, owner);
        dialect.bindInstant(ps, i++, now);
        if (usedBefore != null) {
          dialect.bindInstant(ps, i++, usedBefore);
        }
        if (createdBefore != null) {
          dialect.bindInstant(ps, i, createdBefore);
        }
        return readAll(ps);
      }
    });
  }

  private List<ApiKeyRecord> readAll(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<ApiKeyRecord> out = new ArrayList<>();
      while (rs.next()) {
        out.add(read(rs));
      }
      return List.copyOf(out);
    }
  }

  private ApiKeyRecord read(ResultSet rs) throws SQLException {
    return new ApiKeyRecord(
        rs.getString("id"),
        rs.getString("owner"),
        rs.getString("key_hash"),
        rs.getString("hint"),
        rs.getString("name"),
        rs.getString("permission"),
        splitScopes(rs.getString("scopes")),
        rs.getString("environment"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "last_used_at"),
        dialect.readInstant(rs, "revoked_at"),
        rs.getString("replaced_by"),
        dialect.readInstant(rs, "grace_until"));
  }

  /**
   * The scopes column: already sorted (ApiKeyRecord keeps a sorted set), one space between them.
   *
   * @throws IllegalArgumentException for an empty scope or one containing a space, which the column
   *     could not give back (ApiKeySpec never makes one)
   */
  static String joinScopes(Set<String> scopes) {
    for (String s : scopes) {
      if (s.isEmpty() || s.indexOf(' ') >= 0) {
        throw new IllegalArgumentException(
            "a scope must be non-empty and contain no space to be stored");
      }
    }
    return String.join(" ", scopes);
  }

  static Set<String> splitScopes(String column) {
    Set<String> out = new HashSet<>();
    for (String s : column.split(" ")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out; // ApiKeyRecord takes a sorted, unmodifiable copy
  }
}
