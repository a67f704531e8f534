package dev.latchkey.store.jdbc;

import dev.latchkey.spi.PasskeyChallengeRecord;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.spi.PasskeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/*
 * Rows are keyed by the SHA-256 (hex) of the credential id: WebAuthn allows ids of up to 1023 bytes,
 * longer than a portable unique index (InnoDB: 3072 bytes, 768 utf8mb4 characters).
 *
 * - insert is one INSERT that skips a taken key: the primary key decides which of two racing
 *   registrations of one credential wins.
 * - recordUse is one conditional UPDATE ("... AND sign_count = ?"): a compare-and-set whose row
 *   count decides, so of two uses that read the same counter one wins and the other re-reads.
 * - deleteUnlessLast is one transaction: SELECT ... FOR UPDATE locks every passkey row of the
 *   account (in key order, so two callers queue instead of deadlocking), then counts, decides and
 *   deletes while holding them, as JdbcConnectedAccountStore's unlink does.
 * - consumeChallenge is one conditional UPDATE ("... AND consumed_at IS NULL AND expires_at > ?"),
 *   as JdbcChallengeStore's consume.
 */
final class JdbcPasskeyStore implements PasskeyStore {
  private static final String COLUMNS = """
      credential_hash, credential_id, account_id, user_handle, public_key, sign_count, \
      transports, backup_eligible, backup_state, user_verified, aaguid, name, created_at, \
      last_used_at""";
  private static final String CHALLENGE_COLUMNS = """
      challenge_hash, purpose, binding_hash, account_id, user_handle, created_at, expires_at, \
      consumed_at""";
  private static final HexFormat HEX = HexFormat.of();

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String find;
  private final String listByAccount;
  private final String rename;
  private final String recordUse;
  private final String lockByAccount;
  private final String delete;
  private final String deleteAll;
  private final String insertChallenge;
  private final String findChallenge;
  private final String consumeChallenge;
  private final BatchedPurge purgeChallenges;

  JdbcPasskeyStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%passkeys (%COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.find = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%passkeys WHERE credential_hash = ?""");
    this.listByAccount = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%passkeys WHERE account_id = ?
        ORDER BY created_at, credential_id""");
    this.rename = sql(prefix, """
        UPDATE %PREFIX%passkeys SET name = ? WHERE credential_hash = ? AND account_id = ?""");
    this.recordUse = sql(prefix, """
        UPDATE %PREFIX%passkeys SET sign_count = ?, backup_state = ?, last_used_at = ?
        WHERE credential_hash = ? AND sign_count = ?""");
    this.lockByAccount = sql(prefix, """
        SELECT credential_hash FROM %PREFIX%passkeys WHERE account_id = ?
        ORDER BY credential_hash FOR UPDATE""");
    this.delete = sql(prefix, """
        DELETE FROM %PREFIX%passkeys WHERE credential_hash = ? AND account_id = ?""");
    this.deleteAll = sql(prefix, """
        DELETE FROM %PREFIX%passkeys WHERE account_id = ?""");
    this.insertChallenge = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%passkey_challenges (%CHALLENGE_COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""));
    this.findChallenge = sql(prefix, """
        SELECT %CHALLENGE_COLUMNS% FROM %PREFIX%passkey_challenges WHERE challenge_hash = ?""");
    this.consumeChallenge = sql(prefix, """
        UPDATE %PREFIX%passkey_challenges SET consumed_at = ?
        WHERE challenge_hash = ? AND purpose = ? AND binding_hash = ?
          AND consumed_at IS NULL AND expires_at > ?""");
    this.purgeChallenges = new BatchedPurge(jdbc, dialect, "purge passkey challenges",
        prefix + "passkey_challenges", "expires_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%CHALLENGE_COLUMNS%", CHALLENGE_COLUMNS)
        .replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  /** The row key of a credential id: its SHA-256, hex. */
  static String key(String credentialId) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256")
          .digest(credentialId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean insert(PasskeyRecord p) {
    Objects.requireNonNull(p, "passkey");
    Jdbc.Work<Boolean> work = c -> {
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, key(p.credentialId()));
        ps.setString(2, p.credentialId());
        ps.setString(3, p.accountId());
        ps.setString(4, p.userHandle());
        ps.setString(5, p.publicKey());
        ps.setLong(6, p.signCount());
        ps.setString(7, String.join(",", new TreeSet<>(p.transports())));
        ps.setBoolean(8, p.backupEligible());
        ps.setBoolean(9, p.backupState());
        ps.setBoolean(10, p.userVerified());
        ps.setString(11, p.aaguid());
        ps.setString(12, p.name());
        dialect.bindInstant(ps, 13, p.createdAt());
        dialect.bindInstant(ps, 14, p.lastUsedAt());
        return Jdbc.insertUnlessDuplicate(ps);
      }
    };
    // MariaDB's INSERT IGNORE turns a too-long value into a warning: roll it back, never keep it.
    return mariaDb ? jdbc.transaction("insert passkey", work) : jdbc.call("insert passkey", work);
  }

  @Override
  public Optional<PasskeyRecord> findByCredentialId(String credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return jdbc.call("find passkey",
        c -> Jdbc.findOne(c, find, key(credentialId), this::read));
  }

  @Override
  public List<PasskeyRecord> listByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("list passkeys", c -> {
      try (PreparedStatement ps = c.prepareStatement(listByAccount)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          List<PasskeyRecord> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  @Override
  public boolean rename(String accountId, String credentialId, String name) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(name, "name");
    return jdbc.call("rename passkey", c -> {
      try (PreparedStatement ps = c.prepareStatement(rename)) {
        ps.setString(1, name);
        ps.setString(2, key(credentialId));
        ps.setString(3, accountId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean recordUse(String credentialId, long expectedSignCount, long newSignCount,
      boolean backupState, Instant at) {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(at, "at");
    return jdbc.call("record passkey use", c -> {
      try (PreparedStatement ps = c.prepareStatement(recordUse)) {
        ps.setLong(1, newSignCount);
        ps.setBoolean(2, backupState);
        dialect.bindInstant(ps, 3, at);
        ps.setString(4, key(credentialId));
        ps.setLong(5, expectedSignCount);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public DeleteOutcome deleteUnlessLast(String accountId, String credentialId,
      boolean otherSignInMethod) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credentialId, "credentialId");
    return jdbc.transaction("delete passkey",
        c -> lockDecideDelete(c, accountId, key(credentialId), otherSignInMethod));
  }

  private DeleteOutcome lockDecideDelete(Connection c, String accountId, String key,
      boolean otherSignInMethod) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(lockByAccount)) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    if (!keys.contains(key)) {
      return DeleteOutcome.NOT_FOUND;
    }
    if (!otherSignInMethod && keys.size() == 1) {
      return DeleteOutcome.LAST_SIGN_IN_METHOD;
    }
    try (PreparedStatement ps = c.prepareStatement(delete)) {
      ps.setString(1, key);
      ps.setString(2, accountId);
      if (ps.executeUpdate() != 1) {
        // The row is locked by this transaction; only a broken isolation guarantee gets here.
        throw new SQLException("locked passkey row was not deleted");
      }
    }
    return DeleteOutcome.DELETED;
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("delete all passkeys", c -> {
      try (PreparedStatement ps = c.prepareStatement(deleteAll)) {
        ps.setString(1, accountId);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void insertChallenge(PasskeyChallengeRecord ch) {
    Objects.requireNonNull(ch, "challenge");
    jdbc.insertNew("insert passkey challenge", mariaDb, insertChallenge, ps -> {
      ps.setString(1, ch.challengeHash());
      ps.setString(2, ch.purpose());
      ps.setString(3, ch.bindingHash());
      ps.setString(4, ch.accountId());
      ps.setString(5, ch.userHandle());
      dialect.bindInstant(ps, 6, ch.createdAt());
      dialect.bindInstant(ps, 7, ch.expiresAt());
      dialect.bindInstant(ps, 8, ch.consumedAt());
    });
  }

  @Override
  public Optional<PasskeyChallengeRecord> findChallenge(String challengeHash) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    return jdbc.call("find passkey challenge",
        c -> Jdbc.findOne(c, findChallenge, challengeHash, this::readChallenge));
  }

  @Override
  public boolean consumeChallenge(String challengeHash, String purpose, String bindingHash,
      Instant at) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(bindingHash, "bindingHash");
    Objects.requireNonNull(at, "at");
    return jdbc.call("consume passkey challenge", c -> {
      try (PreparedStatement ps = c.prepareStatement(consumeChallenge)) {
        dialect.bindInstant(ps, 1, at);
        ps.setString(2, challengeHash);
        ps.setString(3, purpose);
        ps.setString(4, bindingHash);
        dialect.bindInstant(ps, 5, at);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purgeChallenges(Instant before) {
    Objects.requireNonNull(before, "before");
    return purgeChallenges.run(before);
  }

  private PasskeyRecord read(ResultSet rs) throws SQLException {
    String transports = rs.getString("transports");
    Set<String> set = transports.isEmpty() ? Set.of()
        : Set.copyOf(Arrays.asList(transports.split(",")));
    return new PasskeyRecord(
        rs.getString("credential_id"),
        rs.getString("account_id"),
        rs.getString("user_handle"),
        rs.getString("public_key"),
        rs.getLong("sign_count"),
        set,
        rs.getBoolean("backup_eligible"),
        rs.getBoolean("backup_state"),
        rs.getBoolean("user_verified"),
        rs.getString("aaguid"),
        rs.getString("name"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "last_used_at"));
  }

  private PasskeyChallengeRecord readChallenge(ResultSet rs) throws SQLException {
    return new PasskeyChallengeRecord(
        rs.getString("challenge_hash"),
        rs.getString("purpose"),
        rs.getString("binding_hash"),
        rs.getString("account_id"),
        rs.getString("user_handle"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"),
        dialect.readInstant(rs, "consumed_at"));
  }
}
