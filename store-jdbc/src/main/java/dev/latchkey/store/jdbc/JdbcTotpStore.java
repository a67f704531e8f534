package dev.latchkey.store.jdbc;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * TOTP credentials, one row per account, sharing their transactions with JdbcBackupCodeStore.
 *
 * - acceptStep and replaceSecret are single conditional UPDATEs ("... AND status = 'active' AND
 *   last_accepted_step < ?", "... AND encrypted_secret = ?"). Concurrent updaters queue on the row
 *   lock and re-check the condition against the committed row, so of many calls with one step
 *   exactly one matches: RFC 6238 §5.2 across threads and processes. releaseStep is one
 *   conditional UPDATE too ("... AND last_accepted_step = ?"): it undoes exactly that acceptance.
 * - activate is one transaction whose first statement is the conditional UPDATE that makes the
 *   pending row active (and so takes its lock); only when it matched are the backup codes written.
 * - savePending is one transaction: SELECT ... FOR UPDATE, then UPDATE the pending row or INSERT a
 *   new one. Two first enrolments of one account can both find no row; the loser's INSERT hits the
 *   primary key (or, on InnoDB, a deadlock on the gap both locked) and its transaction runs again,
 *   now finding and locking the winner's row.
 * - deleteAll is one transaction: the credential row first, then the codes, the lock order every
 *   two-factor transaction keeps (see JdbcBackupCodeStore); with no credential row it touches no
 *   codes (there are none, and it would hold no lock to delete them safely).
 */
final class JdbcTotpStore implements TotpStore {
  /** The account_id column's size. */
  static final int MAX_ACCOUNT_ID_LENGTH = 255;
  /** The encrypted_secret column's size. */
  static final int MAX_ENCRYPTED_SECRET_LENGTH = 512;

  private static final String ACTIVE = TotpCredential.Status.ACTIVE.code();

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final JdbcBackupCodeStore codes;
  private final String find;
  private final String lockStatus;
  private final String insertPending;
  private final String updatePending;
  private final String activate;
  private final String acceptStep;
  private final String releaseStep;
  private final String delete;
  private final String replaceSecret;
  private final String existsWithSecret;

  JdbcTotpStore(Jdbc jdbc, DialectSql dialect, String prefix, JdbcBackupCodeStore codes) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.codes = codes;
    this.find = sql(prefix, """
        SELECT account_id, encrypted_secret, status, last_accepted_step, created_at, confirmed_at
        FROM %PREFIX%totp_credentials WHERE account_id = ?""");
    this.lockStatus = sql(prefix, """
        SELECT status FROM %PREFIX%totp_credentials WHERE account_id = ? FOR UPDATE""");
    this.insertPending = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%totp_credentials
          (account_id, encrypted_secret, status, last_accepted_step, created_at, confirmed_at)
        VALUES (?, ?, 'pending', -1, ?, NULL)"""));
    this.updatePending = sql(prefix, """
        UPDATE %PREFIX%totp_credentials
        SET encrypted_secret = ?, status = 'pending', last_accepted_step = -1, created_at = ?,
          confirmed_at = NULL
        WHERE account_id = ?""");
    this.activate = sql(prefix, """
        UPDATE %PREFIX%totp_credentials
        SET status = 'active', last_accepted_step = ?, confirmed_at = ?
        WHERE account_id = ? AND status = 'pending' AND encrypted_secret = ?
          AND last_accepted_step < ?""");
    this.acceptStep = sql(prefix, """
        UPDATE %PREFIX%totp_credentials SET last_accepted_step = ?
        WHERE account_id = ? AND status = 'active' AND last_accepted_step < ?""");
    this.releaseStep = sql(prefix, """
        UPDATE %PREFIX%totp_credentials SET last_accepted_step = ?
        WHERE account_id = ? AND status = 'active' AND last_accepted_step = ?""");
    this.delete = sql(prefix, """
        DELETE FROM %PREFIX%totp_credentials WHERE account_id = ?""");
    this.replaceSecret = sql(prefix, """
        UPDATE %PREFIX%totp_credentials SET encrypted_secret = ?
        WHERE account_id = ? AND encrypted_secret = ?""");
    this.existsWithSecret = sql(prefix, """
        SELECT 1 FROM %PREFIX%totp_credentials WHERE account_id = ? AND encrypted_secret = ?""");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%PREFIX%", prefix);
  }

  @Override
  public Optional<TotpCredential> findByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("find TOTP credential", c -> Jdbc.findOne(c, find, accountId,
        rs -> new TotpCredential(
            rs.getString("account_id"),
            rs.getString("encrypted_secret"),
            TotpCredential.Status.fromCode(rs.getString("status")),
            rs.getLong("last_accepted_step"),
            dialect.readInstant(rs, "created_at"),
            dialect.readInstant(rs, "confirmed_at"))));
  }

  @Override
  public boolean savePending(TotpCredential pending) {
    Objects.requireNonNull(pending, "pending");
    if (pending.active() || pending.lastAcceptedStep() != TotpCredential.NO_STEP) {
      throw new IllegalArgumentException("savePending takes a pending credential with no step");
    }
    return jdbc.transaction("save pending TOTP credential", c -> {
      String status = null;
      try (PreparedStatement ps = c.prepareStatement(lockStatus)) {
        ps.setString(1, pending.accountId());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            status = rs.getString("status");
          }
        }
      }
      if (ACTIVE.equals(status)) {
        return false;
      }
      if (status != null) {
        // A pending row, locked: replace it.
        try (PreparedStatement ps = c.prepareStatement(updatePending)) {
          ps.setString(1, pending.encryptedSecret());
          dialect.bindInstant(ps, 2, pending.createdAt());
          ps.setString(3, pending.accountId());
          ps.executeUpdate();
        }
        return true;
      }
      if (pending.accountId().length() > MAX_ACCOUNT_ID_LENGTH
          || pending.encryptedSecret().length() > MAX_ENCRYPTED_SECRET_LENGTH) {
        // The columns' sizes, checked because MariaDB's IGNORE would truncate instead of fail.
        throw new IllegalArgumentException("Invalid TOTP credential: account id at most "
            + MAX_ACCOUNT_ID_LENGTH + " and secret at most " + MAX_ENCRYPTED_SECRET_LENGTH
            + " characters");
      }
      try (PreparedStatement ps = c.prepareStatement(insertPending)) {
        ps.setString(1, pending.accountId());
        ps.setString(2, pending.encryptedSecret());
        dialect.bindInstant(ps, 3, pending.createdAt());
        if (!Jdbc.insertUnlessDuplicate(ps)) {
          // A concurrent first enrolment inserted the row: run again and see it.
          throw Jdbc.conflict("save pending TOTP credential");
        }
      }
      return true;
    });
  }

  @Override
  public boolean activate(String accountId, String expectedEncryptedSecret, long acceptedStep,
      List<BackupCodeRecord> codes, Instant at) {
    Objects.requireNonNull(expectedEncryptedSecret, "expectedEncryptedSecret");
    Objects.requireNonNull(at, "at");
    List<BackupCodeRecord> set = BackupCodeRecord.validatedSet(accountId, codes);
    if (acceptedStep < 0) {
      throw new IllegalArgumentException("acceptedStep must be 0 or more");
    }
    return jdbc.transaction("activate TOTP credential", c -> {
      try (PreparedStatement ps = c.prepareStatement(activate)) {
        ps.setLong(1, acceptedStep);
        dialect.bindInstant(ps, 2, at);
        ps.setString(3, accountId);
        ps.setString(4, expectedEncryptedSecret);
        ps.setLong(5, acceptedStep);
        if (ps.executeUpdate() != 1) {
          return false; // absent, already active, or replaced by a newer enrolment
        }
      }
      this.codes.writeSet(c, accountId, set);
      return true;
    });
  }

  @Override
  public boolean acceptStep(String accountId, long step) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("accept TOTP step", c -> {
      try (PreparedStatement ps = c.prepareStatement(acceptStep)) {
        ps.setLong(1, step);
        ps.setString(2, accountId);
        ps.setLong(3, step);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean releaseStep(String accountId, long step) {
    Objects.requireNonNull(accountId, "accountId");
    if (step < 0) {
      throw new IllegalArgumentException("step must be 0 or more");
    }
    return jdbc.call("release TOTP step", c -> {
      try (PreparedStatement ps = c.prepareStatement(releaseStep)) {
        ps.setLong(1, step - 1);
        ps.setString(2, accountId);
        ps.setLong(3, step);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.transaction("delete TOTP credential and backup codes", c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(delete)) {
        ps.setString(1, accountId);
        n = ps.executeUpdate();
      }
      if (n == 1) {
        // Only while holding the deleted credential row's lock. With no row there are no codes
        // (every code write locks an active credential first), and deleting "them" anyway would
        // race: an enrolment saved and activated after our DELETE found nothing commits its fresh
        // codes, which this statement, reading committed rows, would then delete, leaving an
        // active credential without backup codes.
        codes.deleteSet(c, accountId);
      }
      return n == 1;
    });
  }

  @Override
  public boolean replaceSecret(String accountId, String expected, String replacement) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return jdbc.call("replace TOTP secret", c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(replaceSecret)) {
        ps.setString(1, replacement);
        ps.setString(2, accountId);
        ps.setString(3, expected);
        n = ps.executeUpdate();
      }
      if (n > 0 || !expected.equals(replacement) || !dialect.updateCountMayOmitUnchangedRows()) {
        return n > 0;
      }
      // Replacing a secret with itself changes nothing, which a driver counting changed rows only
      // reports as 0: ask whether the row holds it (then the swap holds).
      try (PreparedStatement ps = c.prepareStatement(existsWithSecret)) {
        ps.setString(1, accountId);
        ps.setString(2, expected);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }
}
