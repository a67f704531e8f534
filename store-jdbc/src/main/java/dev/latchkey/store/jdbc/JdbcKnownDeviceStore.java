package dev.latchkey.store.jdbc;

import dev.latchkey.spi.KnownDeviceRecord;
import dev.latchkey.spi.KnownDeviceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/*
 * Each SPI method is one statement, so each is atomic on its own, across threads and processes.
 * Uniqueness of id and token hash is the database's (primary key, unique constraint); the insert
 * skips a taken key in the database (no driver logs the hash) and reports it as a constraint
 * violation, which with 128 and 256 random bits means a broken random source.
 */
final class JdbcKnownDeviceStore implements KnownDeviceStore {
  private static final String COLUMNS = "id, token_hash, account_id, created_at, expires_at";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String findByTokenHash;
  private final String delete;
  private final String deleteAll;
  private final BatchedPurge purge;

  JdbcKnownDeviceStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%known_devices (%COLUMNS%) VALUES (?, ?, ?, ?, ?)"""));
    this.findByTokenHash = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%known_devices WHERE token_hash = ?""");
    this.delete = sql(prefix, """
        DELETE FROM %PREFIX%known_devices WHERE id = ? AND account_id = ?""");
    this.deleteAll = sql(prefix, """
        DELETE FROM %PREFIX%known_devices WHERE account_id = ?""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge known devices",
        prefix + "known_devices", "expires_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public void insert(KnownDeviceRecord device) {
    Objects.requireNonNull(device, "device");
    jdbc.insertNew("insert known device " + device.id(), mariaDb, insert, ps -> {
      ps.setString(1, device.id());
      ps.setString(2, device.tokenHash());
      ps.setString(3, device.accountId());
      dialect.bindInstant(ps, 4, device.createdAt());
      dialect.bindInstant(ps, 5, device.expiresAt());
    });
  }

  @Override
  public Optional<KnownDeviceRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return jdbc.call("find known device by token hash",
        c -> Jdbc.findOne(c, findByTokenHash, tokenHash, this::read));
  }

  @Override
  public boolean delete(String accountId, String id) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(id, "id");
    return jdbc.call("delete known device " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(delete)) {
        ps.setString(1, id);
        ps.setString(2, accountId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("delete known devices of an account", c -> {
      try (PreparedStatement ps = c.prepareStatement(deleteAll)) {
        ps.setString(1, accountId);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }

  private KnownDeviceRecord read(ResultSet rs) throws SQLException {
    return new KnownDeviceRecord(
        rs.getString("id"),
        rs.getString("token_hash"),
        rs.getString("account_id"),
        dialect.readInstant(rs, "created_at"),
        dialect.readInstant(rs, "expires_at"));
  }
}
