package dev.latchkey.examples;

import dev.latchkey.common.LatchkeyException;
import dev.latchkey.spi.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The demo's own users table. Latchkey never sees emails or names: the host owns its accounts and
 * hands Latchkey an opaque account id. A real app has its own users table already; this one is the
 * smallest that makes the demo work.
 *
 * <pre>
 * demo_users(id varchar(64) primary key, email varchar(320) unique, created_at timestamp,
 *            email_verified boolean)
 * </pre>
 *
 * <p>{@code email_verified} came later: {@link #createTable()} adds it to an existing table, true
 * for the rows already there (they signed up before verification existed).
 *
 * <p>Emails are stored lower-cased, so uniqueness and look-up are case-insensitive on every
 * database without relying on a collation. Ids are 128 random bits, so they reveal neither the
 * number of accounts nor the order of sign-ups.
 */
final class Accounts {
  /** RFC 5321: 64 for the local part + "@" + 255 for the domain. */
  static final int MAX_EMAIL_LENGTH = 320;
  private static final int MAX_LOCAL_PART_LENGTH = 64;
  private static final HexFormat HEX = HexFormat.of();

  /** One row of the table. */
  record Account(String id, String email, Instant createdAt) {}

  private final DataSource dataSource;
  private final Clock clock;
  private final SecureRandom random;

  Accounts(DataSource dataSource, Clock clock, SecureRandom random) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.random = random;
  }

  /** Creates the table if it does not exist yet. */
  void createTable() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      // MariaDB/MySQL TIMESTAMP stops in 2038 and auto-updates on some settings; DATETIME does not.
      String timestampType = product.contains("mariadb") || product.contains("mysql")
          ? "DATETIME(3)" : "TIMESTAMP(3)";
      s.execute("CREATE TABLE IF NOT EXISTS demo_users ("
          + "id VARCHAR(64) NOT NULL, "
          + "email VARCHAR(" + MAX_EMAIL_LENGTH + ") NOT NULL, "
          + "created_at " + timestampType + " NOT NULL, "
          + "CONSTRAINT demo_users_pk PRIMARY KEY (id), "
          + "CONSTRAINT demo_users_email_uk UNIQUE (email))");
      // Safe on an existing data directory: adds the column once, existing accounts verified.
      s.execute("ALTER TABLE demo_users ADD COLUMN IF NOT EXISTS "
          + "email_verified BOOLEAN DEFAULT TRUE NOT NULL");
    } catch (SQLException e) {
      throw new LatchkeyException("Could not create the demo_users table", e);
    }
  }

  /**
   * Normalises an email address for storage and look-up: trimmed and lower-cased.
   *
   * <p>A deliberately loose check (one {@code @}, a dotted domain, no spaces, RFC length limits):
   * the only real validation of an address is sending mail to it.
   *
   * @return empty when the input is not a plausible address
   */
  static Optional<String> normalizeEmail(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String email = raw.strip().toLowerCase(Locale.ROOT);
    int at = email.indexOf('@');
    if (email.length() > MAX_EMAIL_LENGTH || at < 1 || at > MAX_LOCAL_PART_LENGTH
        || at != email.lastIndexOf('@')) {
      return Optional.empty();
    }
    String domain = email.substring(at + 1);
    if (domain.length() < 3 || domain.indexOf('.') < 1 || domain.endsWith(".")
        || domain.contains("..")) {
      return Optional.empty();
    }
    for (int i = 0; i < email.length(); i++) {
      char ch = email.charAt(i);
      if (ch <= ' ' || ch == 0x7f || ch == '<' || ch == '>' || ch == ',' || ch == ';'
          || ch == '"' || ch == '\\' || Character.isWhitespace(ch)) {
        return Optional.empty();
      }
    }
    return Optional.of(email);
  }

  /**
   * Inserts an account for an already normalised email.
   *
   * @return empty when the email is taken (decided by the unique constraint, so two concurrent
   *     sign-ups with one address cannot both succeed)
   */
  Optional<Account> create(String email) {
    return create(email, true);
  }

  /**
   * Inserts an account whose address is verified or not yet (an email-verification sign-up).
   *
   * @return empty when the email is taken
   */
  Optional<Account> create(String email, boolean verified) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Account account = new Account(newId(), email, now);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO demo_users"
            + " (id, email, created_at, email_verified) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, account.id());
      ps.setString(2, account.email());
      ps.setObject(3, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
      ps.setBoolean(4, verified);
      ps.executeUpdate();
      return Optional.of(account);
    } catch (SQLException e) {
      // SQLSTATE class 23: integrity constraint violation (23505 on H2/PostgreSQL, 23000 on MariaDB).
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return Optional.empty();
      }
      throw new StoreException("Could not create an account", e);
    }
  }

  /** The account with this normalised email, if any. */
  Optional<Account> findByEmail(String email) {
    return findOne("SELECT id, email, created_at FROM demo_users WHERE email = ?", email);
  }

  /** The account with this id, if any. */
  Optional<Account> findById(String id) {
    return findOne("SELECT id, email, created_at FROM demo_users WHERE id = ?", id);
  }

  /** Whether the account's address is verified ({@code false} also for an unknown id). */
  boolean isVerified(String id) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps =
        c.prepareStatement("SELECT email_verified FROM demo_users WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new LatchkeyException("Could not read an account", e);
    }
  }

  /**
   * Marks the address verified when it is still the account's address (a link for an address the
   * account has since left verifies nothing).
   *
   * @return whether a row changed
   */
  boolean markVerified(String id, String email) {
    return update("UPDATE demo_users SET email_verified = TRUE WHERE id = ? AND email = ?", id,
        email, null) > 0;
  }

  /** What {@link #changeEmail} or {@link #restoreEmail} did. */
  enum EmailChange { CHANGED, TAKEN, STALE }

  /**
   * Sets the account's email from {@code from} to {@code to} (verified: a link to it was opened),
   * a compare-and-set on the old address; the unique constraint decides a race for {@code to}.
   * An unverified account holding {@code to} loses it (see {@link #releaseUnverified}).
   */
  EmailChange changeEmail(String id, String from, String to) {
    try {
      releaseUnverified(to, id);
      return update("UPDATE demo_users SET email = ?, email_verified = TRUE"
          + " WHERE id = ? AND email = ?", to, id, from) > 0 ? EmailChange.CHANGED
          : EmailChange.STALE;
    } catch (LatchkeyException e) {
      return taken(e);
    }
  }

  /**
   * Gives the account {@code email} back whatever its address is now: the undo of an email change
   * (a later change must not make the undo link useless, or whoever changed the address twice
   * would keep it). {@link EmailChange#STALE} only for an unknown account.
   */
  EmailChange restoreEmail(String id, String email) {
    try {
      releaseUnverified(email, id);
      return update("UPDATE demo_users SET email = ?, email_verified = TRUE WHERE id = ?", email,
          id, null) > 0 ? EmailChange.CHANGED : EmailChange.STALE;
    } catch (LatchkeyException e) {
      return taken(e);
    }
  }

  /**
   * Deletes an unverified account holding {@code email} (other than {@code id}): it never proved
   * the address, and the person who just did (by opening a link sent to it) must not be blocked by
   * someone who merely signed up with it.
   */
  private void releaseUnverified(String email, String id) {
    update("DELETE FROM demo_users WHERE email = ? AND id <> ? AND email_verified = FALSE", email,
        id, null);
  }

  /** {@link EmailChange#TAKEN} for a unique-constraint violation; anything else is rethrown. */
  private static EmailChange taken(LatchkeyException e) {
    if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
        && sql.getSQLState().startsWith("23")) {
      return EmailChange.TAKEN;
    }
    throw e;
  }

  private int update(String sql, String a, String b, String c3) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, a);
      ps.setString(2, b);
      if (c3 != null) {
        ps.setString(3, c3);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new LatchkeyException("Could not update an account", e);
    }
  }

  /** Deletes an account row; {@code false} when there was none. */
  boolean delete(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM demo_users WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("Could not delete an account", e);
    }
  }

  private Optional<Account> findOne(String sql, String value) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Account(rs.getString(1), rs.getString(2),
            rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
      }
    } catch (SQLException e) {
      throw new StoreException("Could not read an account", e);
    }
  }

  private String newId() {
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    return "acct_" + HEX.formatHex(raw);
  }
}
