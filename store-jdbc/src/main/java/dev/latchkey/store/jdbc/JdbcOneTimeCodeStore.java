package dev.latchkey.store.jdbc;

import dev.latchkey.spi.CodeFactorRecord;
import dev.latchkey.spi.OneTimeCodeRecord;
import dev.latchkey.spi.OneTimeCodeStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * - issue and putFactor replace the row of their key in one transaction: DELETE the key, then an
 *   INSERT that skips a taken key. When a concurrent transaction inserted the key first, the insert
 *   answers 0 rows and the transaction runs again (Jdbc.conflict), now deleting the winner's row:
 *   the later writer's row stands, as a plain replace would leave it, and no duplicate-key error
 *   reaches a driver that would log the key.
 * - consume is one conditional UPDATE ("... AND code_hash = ? AND consumed_at IS NULL
 *   AND expires_at > ?"): its row count decides, so of two requests with one code exactly one wins,
 *   in one process or many.
 */
final class JdbcOneTimeCodeStore implements OneTimeCodeStore {
  private static final String COLUMNS = """
      account_id, purpose, channel, destination, key_id, code_hash, created_at, expires_at, \
      consumed_at""";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String deleteCode;
  private final String insertCode;
  private final String findCode;
  private final String consume;
  private final BatchedPurge purge;
  private final String deleteFactor;
  private final String insertFactor;
  private final String listFactors;

  JdbcOneTimeCodeStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.deleteCode = sql(prefix, """
        DELETE FROM %PREFIX%one_time_codes WHERE account_id = ? AND purpose = ?""");
    this.insertCode = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%one_time_codes (%COLUMNS%) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.findCode = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%one_time_codes WHERE account_id = ? AND purpose = ?""");
    this.consume = sql(prefix, """
        UPDATE %PREFIX%one_time_codes SET consumed_at = ?
        WHERE account_id = ? AND purpose = ? AND code_hash = ?
          AND consumed_at IS NULL AND expires_at > ?""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge one-time codes",
        prefix + "one_time_codes", "expires_at");
    this.deleteFactor = sql(prefix, """
        DELETE FROM %PREFIX%code_factors WHERE account_id = ? AND channel = ?""");
    this.insertFactor = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%code_factors (account_id, channel, destination, enrolled_at)
        VALUES (?, ?, ?, ?)"""));
    this.listFactors = sql(prefix, """
        SELECT account_id, channel, destination, enrolled_at FROM %PREFIX%code_factors
        WHERE account_id = ? ORDER BY channel""");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void issue(OneTimeCodeRecord code) {
    Objects.requireNonNull(code, "code");
    jdbc.transaction("issue one-time code", c -> {
      delete(c, deleteCode, code.accountId(), code.purpose());
      try (PreparedStatement ps = c.prepareStatement(insertCode)) {
        ps.setString(1, code.accountId());
        ps.setString(2, code.purpose());
        ps.setString(3, code.channel());
        ps.setString(4, code.destination());
        ps.setString(5, code.keyId());
        ps.setString(6, code.codeHash());
        dialect.bindInstant(ps, 7, code.createdAt());
        dialect.bindInstant(ps, 8, code.expiresAt());
        dialect.bindInstant(ps, 9, code.consumedAt());
        if (!Jdbc.insertUnlessDuplicate(ps)) {
          throw Jdbc.conflict("issue one-time code");
        }
      }
      return null;
    });
  }

  @Override
  public Optional<OneTimeCodeRecord> find(String accountId, String purpose) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    return jdbc.call("find one-time code", c -> {
      try (PreparedStatement ps = c.prepareStatement(findCode)) {
        ps.setString(1, accountId);
        ps.setString(2, purpose);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(readCode(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean consume(String accountId, String purpose, String codeHash, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(at, "at");
    return jdbc.call("consume one-time code", c -> {
      try (PreparedStatement ps = c.prepareStatement(consume)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, accountId);
        ps.setString(3, purpose);
        ps.setString(4, codeHash);
        dialect.bindInstant(ps, 5, at);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }

  @Override
  public void putFactor(CodeFactorRecord factor) {
    Objects.requireNonNull(factor, "factor");
    jdbc.transaction("put code factor", c -> {
      delete(c, deleteFactor, factor.accountId(), factor.channel());
      try (PreparedStatement ps = c.prepareStatement(insertFactor)) {
        ps.setString(1, factor.accountId());
        ps.setString(2, factor.channel());
        ps.setString(3, factor.destination());
        dialect.bindInstant(ps, 4, factor.enrolledAt());
        if (!Jdbc.insertUnlessDuplicate(ps)) {
          throw Jdbc.conflict("put code factor");
        }
      }
      return null;
    });
  }

  @Override
  public List<CodeFactorRecord> factors(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("list code factors", c -> {
      try (PreparedStatement ps = c.prepareStatement(listFactors)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          List<CodeFactorRecord> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new CodeFactorRecord(rs.getString("account_id"), rs.getString("channel"),
                rs.getString("destination"), dialect.readInstant(rs, "enrolled_at")));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  @Override
  public boolean removeFactor(String accountId, String channel) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(channel, "channel");
    return jdbc.call("remove code factor",
        c -> delete(c, deleteFactor, accountId, channel) > 0);
  }

  private static int delete(Connection c, String sql, String a, String b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, a);
      ps.setString(2, b);
      return ps.executeUpdate();
    }
  }

  private OneTimeCodeRecord readCode(ResultSet rs) throws SQLException {
    return new OneTimeCodeRecord(
        rs.getString("account_id"),
        rs.getString("purpose"),
        rs.getString("channel"),
        rs.getString("destination"),
        rs.getString("key_id"),
        rs.getString("code_hash"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "consumed_at"));
  }
}
