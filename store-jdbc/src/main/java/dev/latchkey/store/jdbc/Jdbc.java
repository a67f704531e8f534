package dev.latchkey.store.jdbc;

import dev.latchkey.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs one store operation on a connection borrowed from the host's {@link DataSource} and turns
 * every failure into a {@link StoreException}.
 *
 * <p>One connection per operation, closed at once (the pool, if any, is the host's). An operation
 * is normally one statement under auto-commit; when the host's pool hands out connections with
 * auto-commit off, the operation is committed (or rolled back) here, so every SPI call is still
 * its own transaction.
 */
final class Jdbc {
  /** Work done with a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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

  private static void rollbackQuietly(Connection c, Exception primary) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * Wraps a failure; the message names the operation only. A constraint violation's driver
   * message is withheld because drivers quote the offending key (PostgreSQL's "Key (token_hash)=…",
   * MariaDB's "Duplicate entry '…'"), which may be a token hash.
   */
  static StoreException failure(String operation, Exception e) {
    if (e instanceof StoreException se) {
      return se;
    }
    if (e instanceof SQLException sql && isConstraintViolation(sql)) {
      SQLException withheld = new SQLException(
          "integrity constraint violation (driver message withheld: it may quote key values)",
          sql.getSQLState(), sql.getErrorCode());
      return new StoreException(operation + " failed: constraint violation", withheld);
    }
    return new StoreException(operation + " failed", e);
  }

  /**
   * The forced dialect, or the one {@code DatabaseMetaData.getDatabaseProductName()} names.
   *
   * @throws IllegalArgumentException for an unsupported database
   * @throws StoreException when the database cannot be reached
   */
  static Dialect dialectOf(DataSource dataSource, JdbcOptions options) {
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

  /** SQLState class 23: integrity constraint violation (duplicate key, not null, …). */
  static boolean isConstraintViolation(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
  }
}
