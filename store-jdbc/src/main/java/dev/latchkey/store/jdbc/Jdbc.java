package dev.latchkey.store.jdbc;

import dev.latchkey.spi.StoreException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLWarning;
import java.sql.SQLTransactionRollbackException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one store operation on a connection borrowed from the host's {@link DataSource} and turns
 * every failure into a {@link StoreException}.
 *
 * <p>One connection per operation, closed at once (the pool, if any, is the host's). An operation
 * is normally one statement under auto-commit; when the host's pool hands out connections with
 * auto-commit off, the operation is committed (or rolled back) here, so every SPI call is still
 * its own transaction. Operations that change several rows together run in
 * {@link #transaction}.
 */
final class Jdbc {
  /** Work done with a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Reads one row of a result set into a value. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /**
   * Runs a query that binds one string and matches at most one row (a primary or unique key).
   *
   * @return the row read by {@code reader}, or empty when nothing matched
   */
  static <T> Optional<T> findOne(Connection c, String query, String key, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
      }
    }
  }

  /** How many times {@link #transaction} runs work that keeps losing races before it gives up. */
  static final int TRANSACTION_ATTEMPTS = 10;

  private final DataSource dataSource;
  private final int purgeBatchSize;

  Jdbc(DataSource dataSource) {
    this(dataSource, JdbcSettings.DEFAULT_PURGE_BATCH_SIZE);
  }

  Jdbc(DataSource dataSource, int purgeBatchSize) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.purgeBatchSize = purgeBatchSize;
  }

  /** The most rows one purge statement deletes ({@link BatchedPurge}). */
  int purgeBatchSize() {
    return purgeBatchSize;
  }

  <T> T call(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try {
        T result = work.run(c);
        if (!autoCommit) {
          c.commit();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        if (!autoCommit) {
          rollbackQuietly(c, e);
        }
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs work in one transaction on one connection: auto-commit off, commit when the work returns,
   * rollback when it throws, and the connection's auto-commit mode restored before it goes back to
   * the pool (a pooled connection must not carry our mode to its next borrower).
   *
   * <p>When the database aborts the transaction because it lost a race (SQLState class 40:
   * serialization failure, deadlock; {@link #conflict} raises one for a lost insert race), the
   * work runs again, at most {@value #TRANSACTION_ATTEMPTS} times in all. The work must therefore
   * have no effect outside the transaction.
   */
  <T> T transaction(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try {
        c.setAutoCommit(false);
        for (int attempt = 1; ; attempt++) {
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException e) {
            rollbackQuietly(c, e);
            if (!isTransactionConflict(e) || attempt >= TRANSACTION_ATTEMPTS) {
              throw e;
            }
            // Lost a race: the winner has committed or is about to; run again and see its work.
            backOff(attempt);
          } catch (RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
          }
        }
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      throw failure(operation, e);
    }
  }

  /**
   * An exception meaning "this transaction lost a race and may simply run again", for work that
   * detects a lost race itself (an insert that a concurrent transaction's insert beat to the key).
   * The driver's exception is left out: its message may quote the key.
   */
  static SQLException conflict(String what) {
    return new SQLTransactionRollbackException(what + " lost a race; run again", "40001");
  }

  /**
   * Waits a little before running a transaction again: immediately re-running lets the same
   * contenders collide again (InnoDB picks a deadlock victim among them each time). The wait grows
   * with the attempt and is offset by thread id, which desynchronises the contenders without any
   * random source; it is scheduling, not security.
   */
  private static void backOff(int attempt) {
    long millis = (1L << Math.min(attempt, 6)) + (Thread.currentThread().getId() % 7);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying a transaction", e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception primary) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * Wraps a failure; the message names the operation only. Some driver messages are withheld
   * because they may quote the values of the statement, which may be a token hash, a code hash or
   * a TOTP ciphertext: a constraint violation's (PostgreSQL's "Key (token_hash)=…", MariaDB's
   * "Duplicate entry '…'"), a data exception's (H2's "Value too long for column …: '…'") and a
   * failed batch's (PostgreSQL's "Batch entry 0 INSERT … VALUES ('…') was aborted").
   */
  static StoreException failure(String operation, Exception e) {
    if (e instanceof StoreException se) {
      return se;
    }
    if (e instanceof SQLException sql) {
      String what = isConstraintViolation(sql) ? "constraint violation"
          : isDataException(sql) ? "invalid value"
          : sql instanceof BatchUpdateException ? "batch statement failed"
          : null;
      if (what != null) {
        SQLException withheld = new SQLException(
            what + " (driver message withheld: it may quote values)",
            sql.getSQLState(), sql.getErrorCode());
        return new StoreException(operation + " failed: " + what, withheld);
      }
    }
    return new StoreException(operation + " failed", e);
  }

  /**
   * The forced dialect, or the one {@code DatabaseMetaData.getDatabaseProductName()} names.
   *
   * @throws IllegalArgumentException for an unsupported database
   * @throws StoreException when the database cannot be reached
   */
  static Dialect dialectOf(DataSource dataSource, JdbcSettings options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    if (options.dialect().isPresent()) {
      return options.dialect().get();
    }
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException | RuntimeException e) {
      throw failure("detect the database dialect", e);
    }
    return Dialect.fromProductName(product);
  }

  /**
   * Runs an INSERT made by {@link DialectSql#insertSkippingDuplicates} and says whether it inserted
   * its row ({@code false}: the key was taken). H2's duplicate-key error is caught here (H2 logs
   * nothing). MariaDB's {@code IGNORE} also turns other errors (a value too long, a null) into
   * warnings; callers check lengths first, and any warning but a duplicate key is raised as a data
   * exception whose message leaves out the driver's, which may quote values.
   */
  static boolean insertUnlessDuplicate(PreparedStatement ps) throws SQLException {
    int n;
    try {
      n = ps.executeUpdate();
    } catch (SQLException e) {
      if (isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
    for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
      if (w.getErrorCode() != 1062 && w.getErrorCode() != 1586) {
        throw new SQLDataException("insert ignored error " + w.getErrorCode(), "22000",
            w.getErrorCode());
      }
    }
    return n > 0;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /**
   * Inserts one row whose keys the SPI says must be new (a session, an API key, an event: a
   * duplicate only comes from a broken random source), with a statement made by {@link
   * DialectSql#insertSkippingDuplicates}: a taken key is skipped by the database, so no error
   * reaches a driver that would log the key, and is then reported as a constraint violation
   * without values. On MariaDB the statement runs in a transaction, so a value {@code IGNORE} would
   * have truncated (a warning, raised by {@link #insertUnlessDuplicate}) is rolled back, never kept.
   */
  void insertNew(String operation, boolean mariaDb, String sql, Binder binder) {
    Work<Void> work = c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        if (!insertUnlessDuplicate(ps)) {
          throw duplicateKey();
        }
        return null;
      }
    };
    if (mariaDb) {
      transaction(operation, work);
    } else {
      call(operation, work);
    }
  }

  /**
   * The error for an insert that {@link #insertUnlessDuplicate} skipped where the SPI says a taken
   * key is an error: a constraint violation without values, as {@link #failure} reports one.
   */
  static SQLException duplicateKey() {
    return new SQLIntegrityConstraintViolationException("duplicate key", "23505");
  }

  /**
   * Whether the statement failed on a duplicate primary or unique key: SQLState 23505 (PostgreSQL,
   * H2), or 23000 with MySQL's error 1062 or 1586 (MariaDB, MySQL). Other integrity violations
   * (not null, check) are bugs, not races, and are not this.
   */
  static boolean isDuplicateKey(SQLException e) {
    String state = e.getSQLState();
    if ("23505".equals(state)) {
      return true;
    }
    return "23000".equals(state) && (e.getErrorCode() == 1062 || e.getErrorCode() == 1586);
  }

  /** SQLState class 40: the database rolled the transaction back (serialization, deadlock). */
  static boolean isTransactionConflict(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("40");
  }

  /** SQLState class 22: data exception (value too long, out of range, …). */
  static boolean isDataException(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("22");
  }

  /** SQLState class 23: integrity constraint violation (duplicate key, not null, …). */
  static boolean isConstraintViolation(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
  }
}
