package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/*
 * Each SPI method is one statement, so each is atomic on its own, across threads and processes:
 *
 * - consume is one conditional UPDATE ("... AND consumed_at IS NULL AND expires_at > ?") whose
 *   row count decides: concurrent consumers of one challenge queue on its row lock and re-check the
 *   condition against the committed row, so exactly one sees a count of 1. Nothing is inserted to
 *   mark a use, so no race ever ends in a duplicate-key error. release is its mirror ("... AND
 *   consumed_at = ?", the instant that consume wrote).
 * - Uniqueness of id and token hash is the database's (primary key, unique constraint); with 128
 *   and 256 random bits a duplicate means a broken random source.
 */
final class JdbcChallengeStore implements ChallengeStore {
  private static final String COLUMNS = """
      id, token_hash, account_id, ip_address, user_agent, created_at, expires_at, consumed_at""";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String findByTokenHash;
  private final String consume;
  private final String release;
  private final BatchedPurge purge;

  JdbcChallengeStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%sign_in_challenges (%COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.findByTokenHash = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%sign_in_challenges WHERE token_hash = ?""");
    this.consume = sql(prefix, """
        UPDATE %PREFIX%sign_in_challenges SET consumed_at = ?
        WHERE id = ? AND consumed_at IS NULL AND expires_at > ?""");
    this.release = sql(prefix, """
        UPDATE %PREFIX%sign_in_challenges SET consumed_at = NULL
        WHERE id = ? AND consumed_at = ?""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge sign-in challenges",
        prefix + "sign_in_challenges", "expires_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void insert(ChallengeRecord challenge) {
    Objects.requireNonNull(challenge, "challenge");
    jdbc.insertNew("insert sign-in challenge " + challenge.id(), mariaDb, insert, ps -> {
        ps.setString(1, challenge.id());
        ps.setString(2, challenge.tokenHash());
        ps.setString(3, challenge.accountId());
        ps.setString(4, challenge.ipAddress());
        ps.setString(5, challenge.userAgent());
        dialect.bindInstant(ps, 6, challenge.createdAt());
        dialect.bindInstant(ps, 7, challenge.expiresAt());
        dialect.bindInstant(ps, 8, challenge.consumedAt());
    });
  }

  @Override
  public Optional<ChallengeRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbc.call("find sign-in challenge by token hash",
        c -> Jdbc.findOne(c, findByTokenHash, tokenHash, this::read));
  }

  @Override
  public boolean consume(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return jdbc.call("consume sign-in challenge " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(consume)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, id);
        dialect.bindInstant(ps, 3, at);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean release(String id, Instant consumedAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(consumedAt, "consumedAt");
    return jdbc.call("release sign-in challenge " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(release)) {
        ps.setString(1, id);
        dialect.bindInstant(ps, 2, consumedAt);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }

  private ChallengeRecord read(ResultSet rs) throws SQLException {
    return new ChallengeRecord(
        rs.getString("id"),
        rs.getString("token_hash"),
        rs.getString("account_id"),
        rs.getString("ip_address"),
        rs.getString("user_agent"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "consumed_at"));
  }
}
