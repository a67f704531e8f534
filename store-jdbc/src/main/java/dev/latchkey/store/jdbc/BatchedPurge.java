package dev.latchkey.store.jdbc;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Objects;

/*
 * A purge in bounded batches. One unbounded DELETE of ten million rows holds its row locks, its
 * undo (MariaDB) and its WAL until the end, stalls replication and, on MariaDB, can lock gaps that
 * concurrent inserts wait on. Here each batch is one DELETE of at most n rows, chosen by an index
 * range scan on the purge column (on PostgreSQL and MariaDB ordered by that column, so the planner
 * walks the index and never rescans the dead rows earlier batches left in the heap), committed on
 * its own before the next one starts: a batch holds its locks for milliseconds, and concurrent
 * reads and writes interleave between batches. DialectSql#deleteBatch has the statements.
 *
 * The SPI's meaning is unchanged: batches run until one deletes fewer than n rows, so everything
 * older than the cutoff at the start is gone when purge returns (rows that become old enough
 * meanwhile may or may not be), and the count is the sum over the batches.
 */
final class BatchedPurge {
  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final String operation;
  private final String[] statements;
  private final int[] parameters;
  private final int batchSize;

  /**
   * @param table the prefixed table name
   * @param columns the timestamp columns, each with an index; a row goes when any is before the
   *     cutoff (one pass per column, so each pass is a range scan of its own index)
   */
  BatchedPurge(Jdbc jdbc, DialectSql dialect, String operation, String table, String... columns) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.dialect = dialect;
    this.operation = operation;
    this.batchSize = jdbc.purgeBatchSize();
    this.statements = new String[columns.length];
    this.parameters = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      statements[i] = dialect.deleteBatch(table, columns[i], batchSize);
      parameters[i] = countParameters(statements[i]);
    }
  }

  /** Deletes every row with a column before {@code before}; returns how many. */
  int run(Instant before) {
    Objects.requireNonNull(before, "before");
    int total = 0;
    for (int i = 0; i < statements.length; i++) {
      String statement = statements[i];
      int bound = parameters[i];
      int deleted;
      do {
        // Each batch borrows its own connection and commits on its own: a short transaction.
        deleted = jdbc.call(operation, c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            // Every parameter of a batch statement is the cutoff.
            for (int p = 1; p <= bound; p++) {
              dialect.bindInstant(ps, p, before);
            }
            return ps.executeUpdate();
          }
        });
        total += deleted;
      } while (deleted >= batchSize);
    }
    return total;
  }

  private static int countParameters(String sql) {
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      if (sql.charAt(i) == '?') {
        n++;
      }
    }
    return n;
  }
}
