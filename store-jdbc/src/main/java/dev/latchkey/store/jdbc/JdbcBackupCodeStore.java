package dev.latchkey.store.jdbc;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.BackupCodeStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/*
 * Backup codes, one row per code, sharing their transactions with JdbcTotpStore:
 *
 * - consume is one conditional UPDATE ("... AND used_at IS NULL"): concurrent consumers of one code
 *   queue on its row lock and re-check the condition against the committed row, so exactly one
 *   wins; a consumer that queued behind a replaceAll finds the row deleted and matches nothing.
 *   restore is its mirror ("... AND used_at = ?", the instant that consume wrote), so it undoes
 *   that one use and nothing else.
 * - replaceAll is one transaction: lock the account's credential row (SELECT ... FOR UPDATE), check
 *   that it is active, delete the old set, insert the new one. Every transaction that writes codes
 *   (activate, replaceAll, deleteAll) locks the credential row first, so they serialise per account
 *   and always take their locks in the same order (credential, then codes): no deadlock between
 *   them, and no codes without an active credential.
 * - list and countRemaining are single SELECTs, so they see one committed state: the whole old set
 *   or the whole new one.
 */
final class JdbcBackupCodeStore implements BackupCodeStore {
  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String lockCredentialStatus;
  private final String deleteSet;
  private final String insertCode;
  private final String consume;
  private final String restore;
  private final String countRemaining;
  private final String list;

  JdbcBackupCodeStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.lockCredentialStatus = sql(prefix, """
        SELECT status FROM %PREFIX%totp_credentials WHERE account_id = ? FOR UPDATE""");
    this.deleteSet = sql(prefix, """
        DELETE FROM %PREFIX%backup_codes WHERE account_id = ?""");
    this.insertCode = sql(prefix, """
        INSERT INTO %PREFIX%backup_codes (account_id, code_hash, key_id, created_at, used_at)
        VALUES (?, ?, ?, ?, ?)""");
    this.consume = sql(prefix, """
        UPDATE %PREFIX%backup_codes SET used_at = ?
        WHERE account_id = ? AND code_hash = ? AND used_at IS NULL""");
    this.restore = sql(prefix, """
        UPDATE %PREFIX%backup_codes SET used_at = NULL
        WHERE account_id = ? AND code_hash = ? AND used_at = ?""");
    this.countRemaining = sql(prefix, """
        SELECT COUNT(*) FROM %PREFIX%backup_codes WHERE account_id = ? AND used_at IS NULL""");
    this.list = sql(prefix, """
        SELECT account_id, code_hash, key_id, created_at, used_at FROM %PREFIX%backup_codes
        WHERE account_id = ? ORDER BY code_hash""");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%PREFIX%", prefix);
  }

  @Override
  public boolean replaceAll(String accountId, List<BackupCodeRecord> codes) {
    List<BackupCodeRecord> set = BackupCodeRecord.validatedSet(accountId, codes);
    return jdbc.transaction("replace backup codes", c -> {
      try (PreparedStatement ps = c.prepareStatement(lockCredentialStatus)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || !"active".equals(rs.getString("status"))) {
            return false;
          }
        }
      }
      writeSet(c, accountId, set);
      return true;
    });
  }

  /**
   * Replaces the account's codes with {@code set} on {@code c}, inside the caller's transaction,
   * which must already hold the lock on the account's credential row.
   */
  void writeSet(Connection c, String accountId, List<BackupCodeRecord> set) throws SQLException {
    deleteSet(c, accountId);
    if (set.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(insertCode)) {
      for (BackupCodeRecord r : set) {
        ps.setString(1, r.accountId());
        ps.setString(2, r.codeHash());
        ps.setString(3, r.keyId());
        dialect.bindInstant(ps, 4, r.createdAt());
        dialect.bindInstant(ps, 5, null);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Deletes the account's codes on {@code c}, inside the caller's transaction. */
  void deleteSet(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(deleteSet)) {
      ps.setString(1, accountId);
      ps.executeUpdate();
    }
  }

  @Override
  public boolean consume(String accountId, String codeHash, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(at, "at");
    return jdbc.call("consume backup code", c -> {
      try (PreparedStatement ps = c.prepareStatement(consume)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, accountId);
        ps.setString(3, codeHash);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean restore(String accountId, String codeHash, Instant usedAt) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(usedAt, "usedAt");
    return jdbc.call("restore backup code", c -> {
      try (PreparedStatement ps = c.prepareStatement(restore)) {
        ps.setString(1, accountId);
        ps.setString(2, codeHash);
        dialect.bindInstant(ps, 3, usedAt);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int countRemaining(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("count remaining backup codes", c -> {
      try (PreparedStatement ps = c.prepareStatement(countRemaining)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  @Override
  public List<BackupCodeRecord> list(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("list backup codes", c -> {
      try (PreparedStatement ps = c.prepareStatement(list)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          List<BackupCodeRecord> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new BackupCodeRecord(rs.getString("account_id"), rs.getString("key_id"),
                rs.getString("code_hash"), dialect.readInstant(rs, "created_at"),
                dialect.readInstant(rs, "used_at")));
          }
          return List.copyOf(out);
        }
      }
    });
  }
}
