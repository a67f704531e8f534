package dev.latchkey.store.jdbc;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/*
 * One statement per method. put is the dialect's upsert; replace is a compare-and-set UPDATE whose
 * WHERE clause names the expected hash, so of two concurrent replacements from the same expected
 * hash the second re-checks the committed row, finds the new hash and matches nothing.
 */
final class JdbcCredentialStore implements CredentialStore {
  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String find;
  private final String upsert;
  private final String replace;
  private final String delete;

  JdbcCredentialStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.find = sql(prefix, """
        SELECT account_id, hash, updated_at FROM %PREFIX%password_credentials
        WHERE account_id = ?""");
    this.upsert = sql(prefix, dialect.upsertCredential());
    this.replace = sql(prefix, """
        UPDATE %PREFIX%password_credentials SET hash = ?, updated_at = ?
        WHERE account_id = ? AND hash = ?""");
    this.delete = sql(prefix, """
        DELETE FROM %PREFIX%password_credentials WHERE account_id = ?""");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%PREFIX%", prefix);
  }

  @Override
  public Optional<PasswordCredential> find(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("find password credential", c -> Jdbc.findOne(c, find, accountId,
        rs -> new PasswordCredential(rs.getString("account_id"), rs.getString("hash"),
            dialect.readInstant(rs, "updated_at"))));
  }

  @Override
  public void put(PasswordCredential credential) {
    Objects.requireNonNull(credential, "credential");
    jdbc.call("put password credential", c -> {
      try {
        return upsert(c.prepareStatement(upsert), credential);
      } catch (SQLException e) {
        if (dialect.dialect() != Dialect.H2 || !Jdbc.isConstraintViolation(e)) {
          throw e;
        }
        // H2's MERGE is update-else-insert, not atomic: two first puts for one account can both
        // try the insert. The row exists now, so once more takes the update path.
        return upsert(c.prepareStatement(upsert), credential);
      }
    });
  }

  private Void upsert(PreparedStatement statement, PasswordCredential credential)
      throws SQLException {
    try (PreparedStatement ps = statement) {
      ps.setString(1, credential.accountId());
      ps.setString(2, credential.hash());
      dialect.bindInstant(ps, 3, credential.updatedAt());
      ps.executeUpdate();
      return null;
    }
  }

  @Override
  public boolean replace(String accountId, String expectedHash, PasswordCredential replacement) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(expectedHash, "expectedHash");
    Objects.requireNonNull(replacement, "replacement");
    if (!accountId.equals(replacement.accountId())) {
      throw new IllegalArgumentException("replacement belongs to another account");
    }
    return jdbc.call("replace password credential", c -> {
      try (PreparedStatement ps = c.prepareStatement(replace)) {
        ps.setString(1, replacement.hash());
        dialect.bindInstant(ps, 2, replacement.updatedAt());
        ps.setString(3, accountId);
        ps.setString(4, expectedHash);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("delete password credential", c -> {
      try (PreparedStatement ps = c.prepareStatement(delete)) {
        ps.setString(1, accountId);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
