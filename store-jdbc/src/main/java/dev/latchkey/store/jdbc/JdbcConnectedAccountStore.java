package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/*
 * Uniqueness is the database's, never a read before a write:
 *
 * - insert is one INSERT. The primary key (provider, subject) and the unique key
 *   (account_id, provider) decide; a concurrent insert of the same key waits for the first
 *   transaction and then sees its row, so of any number of racing links one wins. Only after the
 *   database has refused does the store read, in the same transaction, to say which rule refused
 *   (the identity's owner first). If that read finds no conflicting row, a concurrent unlink
 *   removed it in between, and the transaction runs again (Jdbc.conflict), as it does when InnoDB
 *   picks it as the victim of a deadlock between concurrent inserts into one unique key.
 *
 * - unlinkUnlessLast is one transaction: SELECT ... FOR UPDATE locks every identity row of the
 *   account (in provider order, so two callers queue instead of deadlocking), then counts, decides
 *   and deletes while holding them. A concurrent unlink of the same account waits on those locks
 *   and, once this one commits, reads the rows that are left (PostgreSQL re-checks locked rows
 *   and skips deleted ones under READ COMMITTED; InnoDB's locking reads see the latest committed
 *   rows under REPEATABLE READ), so it counts one identity and refuses. A concurrent link may add
 *   a row the count misses; that only makes a refusal more cautious than needed. A transaction
 *   that loses a deadlock or serialization check (a stricter isolation level) is rolled back and
 *   run again by Jdbc.transaction.
 *
 * - The password is not in this transaction (the SPI passes hasPassword); ConnectedAccounts
 *   documents what that leaves open.
 */
final class JdbcConnectedAccountStore implements ConnectedAccountStore {
  private static final String COLUMNS = "account_id, provider, subject, email, linked_at";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String insert;
  private final String findBySubject;
  private final String existsForProvider;
  private final String listByAccount;
  private final String lockByAccount;
  private final String delete;
  private final String deleteAll;

  JdbcConnectedAccountStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.insert = sql(prefix, dialect.insertConnectedIdentity());
    this.findBySubject = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%connected_accounts WHERE provider = ? AND subject = ?""");
    this.existsForProvider = sql(prefix, """
        SELECT 1 FROM %PREFIX%connected_accounts WHERE account_id = ? AND provider = ?""");
    this.listByAccount = sql(prefix, """
        SELECT %COLUMNS% FROM %PREFIX%connected_accounts WHERE account_id = ?
        ORDER BY linked_at, provider""");
    this.lockByAccount = sql(prefix, """
        SELECT provider FROM %PREFIX%connected_accounts WHERE account_id = ?
        ORDER BY provider FOR UPDATE""");
    this.delete = sql(prefix, """
        DELETE FROM %PREFIX%connected_accounts WHERE account_id = ? AND provider = ?""");
    this.deleteAll = sql(prefix, """
        DELETE FROM %PREFIX%connected_accounts WHERE account_id = ?""");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS).replace("%PREFIX%", prefix);
  }

  @Override
  public InsertOutcome insert(ConnectedIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return jdbc.transaction("link connected account", c -> tryInsert(c, identity));
  }

  private InsertOutcome tryInsert(Connection c, ConnectedIdentity identity) throws SQLException {
    boolean inserted;
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, identity.accountId());
      ps.setString(2, identity.provider());
      ps.setString(3, identity.subject());
      ps.setString(4, identity.email());
      dialect.bindInstant(ps, 5, identity.linkedAt());
      // H2 reports a duplicate as an error, undoes the failed statement alone and goes on.
      inserted = Jdbc.insertUnlessDuplicate(ps);
    }
    if (inserted) {
      return InsertOutcome.INSERTED;
    }
    Optional<ConnectedIdentity> owner = findOne(c, identity.provider(), identity.subject());
    if (owner.isPresent()) {
      return owner.get().accountId().equals(identity.accountId())
          ? InsertOutcome.ALREADY_LINKED_TO_THIS_ACCOUNT
          : InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT;
    }
    try (PreparedStatement ps = c.prepareStatement(existsForProvider)) {
      ps.setString(1, identity.accountId());
      ps.setString(2, identity.provider());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return InsertOutcome.PROVIDER_ALREADY_LINKED;
        }
      }
    }
    // The row that refused the insert was unlinked meanwhile: run the whole insert again.
    throw Jdbc.conflict("link connected account");
  }

  @Override
  public Optional<ConnectedIdentity> findBySubject(String provider, String subject) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(subject, "subject");
    return jdbc.call("find connected account by subject", c -> findOne(c, provider, subject));
  }

  private Optional<ConnectedIdentity> findOne(Connection c, String provider, String subject)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(findBySubject)) {
      ps.setString(1, provider);
      ps.setString(2, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<ConnectedIdentity> listByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("list connected accounts", c -> {
      try (PreparedStatement ps = c.prepareStatement(listByAccount)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          List<ConnectedIdentity> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  @Override
  public UnlinkOutcome unlinkUnlessLast(String accountId, String provider, boolean hasPassword) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(provider, "provider");
    return jdbc.transaction("unlink connected account",
        c -> lockDecideDelete(c, accountId, provider, hasPassword));
  }

  private UnlinkOutcome lockDecideDelete(Connection c, String accountId, String provider,
      boolean hasPassword) throws SQLException {
    List<String> providers = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(lockByAccount)) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          providers.add(rs.getString(1));
        }
      }
    }
    if (!providers.contains(provider)) {
      return UnlinkOutcome.NOT_LINKED;
    }
    if (!hasPassword && providers.size() == 1) {
      return UnlinkOutcome.LAST_SIGN_IN_METHOD;
    }
    try (PreparedStatement ps = c.prepareStatement(delete)) {
      ps.setString(1, accountId);
      ps.setString(2, provider);
      if (ps.executeUpdate() != 1) {
        // The row is locked by this transaction; only a broken isolation guarantee gets here.
        throw new SQLException("locked connected-account row was not deleted");
      }
    }
    return UnlinkOutcome.UNLINKED;
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return jdbc.call("delete all connected accounts", c -> {
      try (PreparedStatement ps = c.prepareStatement(deleteAll)) {
        ps.setString(1, accountId);
        return ps.executeUpdate();
      }
    });
  }

  private ConnectedIdentity read(ResultSet rs) throws SQLException {
    return new ConnectedIdentity(
        rs.getString("account_id"),
        rs.getString("provider"),
        rs.getString("subject"),
        rs.getString("email"),
        dialect.readInstant(rs, "linked_at"));
  }
}
