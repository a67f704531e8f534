package dev.latchkey.store.jdbc;

import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * Each SPI method is one statement, so each is atomic on its own, across threads and processes:
 *
 * - revoke, revokeAll, rotate and touch are conditional UPDATEs ("... AND revoked_at IS NULL").
 *   Concurrent updaters of one row queue on its row lock and re-check the condition against the
 *   committed row, so exactly one revoke of a session reports true, and a touch or rotate that
 *   runs after a revoke has committed matches nothing.
 * - touch moves last_active_at with GREATEST(current, new): never backwards, and the row still
 *   counts as matched when the new time is not later (the SPI's "true while unrevoked").
 *   reauthenticate moves authenticated_at the same way.
 * - Uniqueness of id and token hash is the database's (primary key, unique constraint).
 */
final class JdbcSessionStore implements SessionStore {
  private static final String COLUMNS = """
      id, account_id, token_hash, created_at, last_active_at, expires_at, revoked_at,
      ip_address, assurance, authenticated_at""" + ", " + ClientColumns.NAMES;

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String findByTokenHash;
  private final String findById;
  private final String touch;
  private final String reauthenticate;
  private final String existsUnrevoked;
  private final String listActive;
  private final String revoke;
  private final String revokeAll;
  private final String revokeAllExcept;
  private final String rotate;
  private final BatchedPurge purge;

  JdbcSessionStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%sessions (%COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.findByTokenHash = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%sessions WHERE token_hash = ?""");
    this.findById = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%sessions WHERE id = ?""");
    this.touch = sql(prefix, """
        UPDATE %PREFIX%sessions SET last_active_at = GREATEST(last_active_at, ?)
        WHERE id = ? AND revoked_at IS NULL""");
    this.reauthenticate = sql(prefix, """
        UPDATE %PREFIX%sessions SET authenticated_at = GREATEST(authenticated_at, ?)
        WHERE id = ? AND revoked_at IS NULL""");
    this.existsUnrevoked = sql(prefix, """
        SELECT 1 FROM %PREFIX%sessions WHERE id = ? AND revoked_at IS NULL""");
    this.listActive = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%sessions
        WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ? AND last_active_at >= ?
        ORDER BY last_active_at DESC, id ASC""");
    this.revoke = sql(prefix, """
        UPDATE %PREFIX%sessions SET revoked_at = ?
        WHERE id = ? AND account_id = ? AND revoked_at IS NULL""");
    this.revokeAll = sql(prefix, """
        UPDATE %PREFIX%sessions SET revoked_at = ?
        WHERE account_id = ? AND revoked_at IS NULL""");
    this.revokeAllExcept = sql(prefix, """
        UPDATE %PREFIX%sessions SET revoked_at = ?
        WHERE account_id = ? AND revoked_at IS NULL AND id <> ?""");
    this.rotate = sql(prefix, """
        UPDATE %PREFIX%sessions SET token_hash = ?, assurance = ?
        WHERE id = ? AND token_hash = ? AND revoked_at IS NULL""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge sessions",
        prefix + "sessions", "expires_at", "revoked_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void insert(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    jdbc.insertNew("insert session " + session.id(), mariaDb, insert, ps -> {
        ps.setString(1, session.id());
        ps.setString(2, session.accountId());
        ps.setString(3, session.tokenHash());
        dialect.bindInstant(ps, 4, session.createdAt());
        dialect.bindInstant(ps, 5, session.lastActiveAt());
        dialect.bindInstant(ps, 6, session.expiresAt());
        dialect.bindInstant(ps, 7, session.revokedAt());
        ps.setString(8, session.ipAddress());
        ps.setString(9, session.assurance());
        dialect.bindInstant(ps, 10, session.authenticatedAt());
        ClientColumns.bind(ps, 11, session.device(), session.location());
    });
  }

  @Override
  public Optional<SessionRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbc.call("find session by token hash", c -> Jdbc.findOne(c, findByTokenHash, tokenHash, this::read));
  }

  @Override
  public Optional<SessionRecord> findById(String id) {
    Objects.requireNonNull(id, "id");
    return jdbc.call("find session " + id, c -> Jdbc.findOne(c, findById, id, this::read));
  }

  @Override
  public boolean touch(String id, Instant lastActiveAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lastActiveAt, "lastActiveAt");
    return moveForward("touch session " + id, touch, id, lastActiveAt);
  }

  @Override
  public boolean reauthenticate(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return moveForward("reauthenticate session " + id, reauthenticate, id, at);
  }

  /** Runs a GREATEST(column, ?) update of one unrevoked row; true while the row is unrevoked. */
  private boolean moveForward(String what, String update, String id, Instant at) {
    return jdbc.call(what, c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(update)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, id);
        n = ps.executeUpdate();
      }
      if (n > 0 || !dialect.updateCountMayOmitUnchangedRows()) {
        return n > 0;
      }
      // The driver may count changed rows only: ask whether the row is there and unrevoked. Still
      // atomic in effect: the column only moves forward, so at this read the update is a no-op.
      try (PreparedStatement ps = c.prepareStatement(existsUnrevoked)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public List<SessionRecord> listActive(String accountId, Instant now, Instant activeSince) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(activeSince, "activeSince");
    return jdbc.call("list active sessions", c -> {
      try (PreparedStatement ps = c.prepareStatement(listActive)) {
        ps.setString(1, accountId);
        dialect.bindInstant(ps, 2, now);
        dialect.bindInstant(ps, 3, activeSince);
        try (ResultSet rs = ps.executeQuery()) {
          List<SessionRecord> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  @Override
  public boolean revoke(String accountId, String sessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(at, "at");
    return jdbc.call("revoke session " + sessionId, c -> {
      try (PreparedStatement ps = c.prepareStatement(revoke)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, sessionId);
        ps.setString(3, accountId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int revokeAll(String accountId, String keepSessionId, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    return jdbc.call("revoke all sessions of an account", c -> {
      try (PreparedStatement ps =
          c.prepareStatement(keepSessionId == null ? revokeAll : revokeAllExcept)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, accountId);
        if (keepSessionId != null) {
          ps.setString(3, keepSessionId);
        }
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean rotate(String sessionId, String expectedTokenHash, String newTokenHash,
      String assurance) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expectedTokenHash, "expectedTokenHash");
    Objects.requireNonNull(newTokenHash, "newTokenHash");
    Objects.requireNonNull(assurance, "assurance");
    return jdbc.call("rotate session " + sessionId, c -> {
      try (PreparedStatement ps = c.prepareStatement(rotate)) {
        ps.setString(1, newTokenHash);
        ps.setString(2, assurance);
        ps.setString(3, sessionId);
        ps.setString(4, expectedTokenHash);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }

  private SessionRecord read(ResultSet rs) throws SQLException {
    return new SessionRecord(
        rs.getString("id"),
        rs.getString("account_id"),
        rs.getString("token_hash"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "last_active_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "revoked_at"),
        rs.getString("ip_address"),
        ClientColumns.device(rs),
        ClientColumns.location(rs),
        rs.getString("assurance"),
        dialect.readInstant(rs, "authenticated_at"));
  }
}
