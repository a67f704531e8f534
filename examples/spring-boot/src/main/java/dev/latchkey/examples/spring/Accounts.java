package dev.latchkey.examples.spring;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The app's own users ({@code example_users}, created by the app's Flyway migration). Latchkey
 * never sees an email address as an account: only the opaque id.
 */
@Repository
class Accounts {
  /** A user. */
  record Account(String id, String email) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  Accounts(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The new account, or empty when the email is taken. */
  Optional<Account> create(String email) {
    Account account = new Account(UUID.randomUUID().toString(), normalize(email));
    try {
      jdbc.update("INSERT INTO example_users (id, email, created_at) VALUES (?, ?, ?)",
          account.id(), account.email(), Timestamp.from(clock.instant()));
      return Optional.of(account);
    } catch (DuplicateKeyException taken) {
      return Optional.empty();
    }
  }

  void delete(String id) {
    jdbc.update("DELETE FROM example_users WHERE id = ?", id);
  }

  Optional<Account> byEmail(String email) {
    return one("SELECT id, email FROM example_users WHERE email = ?", normalize(email));
  }

  Optional<Account> byId(String id) {
    return one("SELECT id, email FROM example_users WHERE id = ?", id);
  }

  private Optional<Account> one(String sql, String arg) {
    List<Account> rows = jdbc.query(sql,
        (rs, i) -> new Account(rs.getString("id"), rs.getString("email")), arg);
    return rows.stream().findFirst();
  }

  static String normalize(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }
}
