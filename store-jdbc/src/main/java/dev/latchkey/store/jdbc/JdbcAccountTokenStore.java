package dev.latchkey.store.jdbc;

import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.AccountTokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/*
 * - issue is one INSERT that skips a taken key (Jdbc.insertNew): a duplicate hash is reported as a
 *   constraint violation without the value, never as a driver error that would log it.
 * - consume is one conditional UPDATE ("... WHERE token_hash = ? AND purpose = ?
 *   AND consumed_at IS NULL AND expires_at > ?"): its row count decides, so of two requests with
 *   one link exactly one wins, in one process or many.
 * - revoke and revokeIssuedAfter are single DELETEs; purge is a series of bounded DELETEs on the
 *   expires_at index (BatchedPurge).
 */
final class JdbcAccountTokenStore implements AccountTokenStore {
  private static final String COLUMNS = """
      token_hash, purpose, account_id, destination, previous_destination, password_fingerprint, \
      created_at, expires_at, consumed_at""";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String find;
  private final String consume;
  private final String revoke;
  private final String revokeAfter;
  private final BatchedPurge purge;

  JdbcAccountTokenStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%account_tokens (%COLUMNS%) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.find = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%account_tokens WHERE token_hash = ?""");
    this.consume = sql(prefix, """
        UPDATE %PREFIX%account_tokens SET consumed_at = ?
        WHERE token_hash = ? AND purpose = ? AND consumed_at IS NULL AND expires_at > ?""");
    this.revoke = sql(prefix, """
        DELETE FROM %PREFIX%account_tokens WHERE account_id = ? AND purpose = ?""");
    this.revokeAfter = sql(prefix, """
        DELETE FROM %PREFIX%account_tokens
        WHERE account_id = ? AND purpose = ? AND created_at > ?""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge account tokens",
        prefix + "account_tokens", "expires_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void issue(AccountTokenRecord token) {
    Objects.requireNonNull(token, "token");
    jdbc.insertNew("issue account token", mariaDb, insert, ps -> {
      ps.setString(1, token.tokenHash());
      ps.setString(2, token.purpose());
      ps.setString(3, token.accountId());
      ps.setString(4, token.destination());
      ps.setString(5, token.previousDestination());
      ps.setString(6, token.passwordFingerprint());
      dialect.bindInstant(ps, 7, token.createdAt());
      dialect.bindInstant(ps, 8, token.expiresAt());
      dialect.bindInstant(ps, 9, token.consumedAt());
    });
  }

  @Override
  public Optional<AccountTokenRecord> find(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbc.call("find account token", c -> {
      try (PreparedStatement ps = c.prepareStatement(find)) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean consume(String tokenHash, String purpose, Instant at) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    return jdbc.call("consume account token", c -> {
      try (PreparedStatement ps = c.prepareStatement(consume)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, tokenHash);
        ps.setString(3, purpose);
        dialect.bindInstant(ps, 4, at);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int revoke(String accountId, String purpose) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    return jdbc.call("revoke account tokens", c -> {
      try (PreparedStatement ps = c.prepareStatement(revoke)) {
        ps.setString(1, accountId);
        ps.setString(2, purpose);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int revokeIssuedAfter(String accountId, String purpose, Instant after) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(after, "after");
    return jdbc.call("revoke later account tokens", c -> {
      try (PreparedStatement ps = c.prepareStatement(revokeAfter)) {
        ps.setString(1, accountId);
        ps.setString(2, purpose);
        dialect.bindInstant(ps, 3, after);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }

  private AccountTokenRecord read(ResultSet rs) throws SQLException {
    return new AccountTokenRecord(
        rs.getString("token_hash"),
        rs.getString("purpose"),
        rs.getString("account_id"),
        rs.getString("destination"),
        rs.getString("previous_destination"),
        rs.getString("password_fingerprint"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "consumed_at"));
  }
}
