package dev.latchkey.store.jdbc;

import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/*
 * One statement per method, so every process on the database counts against the same rows:
 *
 * - compareAndSet from "absent" is an INSERT; the primary key (factor, subject) lets exactly one of
 *   many concurrent first attempts in, and the others get "false" (PostgreSQL: ON CONFLICT DO
 *   NOTHING and MariaDB: INSERT IGNORE count 0 rows, so the driver logs no key; H2: the
 *   duplicate-key error is caught), never an exception.
 * - compareAndSet from a count is "UPDATE ... WHERE attempts = ?": concurrent updaters queue on the
 *   row lock and re-check the condition against the committed row, so of many writers that read
 *   the same count exactly one moves it.
 * - compareAndSet to "absent" is "DELETE ... WHERE attempts = ?", decided the same way.
 */
final class JdbcAttemptStore implements AttemptStore {
  /** The factor column's size. */
  static final int MAX_FACTOR_LENGTH = 32;
  /** The subject column's size. */
  static final int MAX_SUBJECT_LENGTH = 300;

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String find;
  private final String insert;
  private final String update;
  private final String exists;
  private final String reset;
  private final String removeIf;
  private final BatchedPurge purge;

  JdbcAttemptStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.find = sql(prefix, """
        SELECT attempts, last_attempt_at FROM %PREFIX%attempt_counters
        WHERE factor = ? AND subject = ?""");
    this.insert = sql(prefix, dialect.insertAttemptCounter());
    this.update = sql(prefix, """
        UPDATE %PREFIX%attempt_counters SET attempts = ?, last_attempt_at = ?
        WHERE factor = ? AND subject = ? AND attempts = ?""");
    this.exists = sql(prefix, """
        SELECT 1 FROM %PREFIX%attempt_counters
        WHERE factor = ? AND subject = ? AND attempts = ? AND last_attempt_at = ?""");
    this.reset = sql(prefix, """
        DELETE FROM %PREFIX%attempt_counters WHERE factor = ? AND subject = ?""");
    this.removeIf = sql(prefix, """
        DELETE FROM %PREFIX%attempt_counters WHERE factor = ? AND subject = ? AND attempts = ?""");
    this.purge = new BatchedPurge(jdbc, dialect, "purge attempt counters",
        prefix + "attempt_counters", "last_attempt_at");
  }

  private static String sql(String prefix, String template) {
    return template.replace("%PREFIX%", prefix);
  }

  @Override
  public Optional<AttemptRecord> find(String factor, String subject) {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(subject, "subject");
    return jdbc.call("find attempt counter", c -> {
      try (PreparedStatement ps = c.prepareStatement(find)) {
        ps.setString(1, factor);
        ps.setString(2, subject);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new AttemptRecord(factor, subject, rs.getInt("attempts"),
              dialect.readInstant(rs, "last_attempt_at")));
        }
      }
    });
  }

  @Override
  public boolean compareAndSet(AttemptRecord expected, AttemptRecord next) {
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next must not both be null");
    }
    if (next == null) {
      return jdbc.call("remove attempt counter", c -> {
        try (PreparedStatement ps = c.prepareStatement(removeIf)) {
          ps.setString(1, expected.factor());
          ps.setString(2, expected.subject());
          ps.setInt(3, expected.attempts());
          return ps.executeUpdate() > 0;
        }
      });
    }
    if (expected == null) {
      // The columns' sizes, checked here because MariaDB's IGNORE would truncate instead of fail.
      if (next.factor().length() > MAX_FACTOR_LENGTH
          || next.subject().length() > MAX_SUBJECT_LENGTH) {
        throw new IllegalArgumentException("Invalid attempt counter: factor at most "
            + MAX_FACTOR_LENGTH + " and subject at most " + MAX_SUBJECT_LENGTH + " characters");
      }
      return jdbc.call("insert attempt counter", c -> {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
          ps.setString(1, next.factor());
          ps.setString(2, next.subject());
          ps.setInt(3, next.attempts());
          dialect.bindInstant(ps, 4, next.lastAttemptAt());
          return Jdbc.insertUnlessDuplicate(ps); // false: another writer inserted it first
        }
      });
    }
    if (!expected.factor().equals(next.factor()) || !expected.subject().equals(next.subject())) {
      throw new IllegalArgumentException("expected and next name different counters");
    }
    return jdbc.call("update attempt counter", c -> {
      int n;
      try (PreparedStatement ps = c.prepareStatement(update)) {
        ps.setInt(1, next.attempts());
        dialect.bindInstant(ps, 2, next.lastAttemptAt());
        ps.setString(3, next.factor());
        ps.setString(4, next.subject());
        ps.setInt(5, expected.attempts());
        n = ps.executeUpdate();
      }
      if (n > 0 || next.attempts() != expected.attempts()
          || !dialect.updateCountMayOmitUnchangedRows()) {
        return n > 0;
      }
      // The driver may count changed rows only, and this update changed nothing if the row already
      // equals next: then the swap holds (the row had the expected count), so report it.
      try (PreparedStatement ps = c.prepareStatement(exists)) {
        ps.setString(1, next.factor());
        ps.setString(2, next.subject());
        ps.setInt(3, next.attempts());
        dialect.bindInstant(ps, 4, next.lastAttemptAt());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public void reset(String factor, String subject) {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(subject, "subject");
    jdbc.call("reset attempt counter", c -> {
      try (PreparedStatement ps = c.prepareStatement(reset)) {
        ps.setString(1, factor);
        ps.setString(2, subject);
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(before);
  }
}
