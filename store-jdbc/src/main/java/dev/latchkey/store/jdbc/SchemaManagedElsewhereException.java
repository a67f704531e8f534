package dev.latchkey.store.jdbc;

import dev.latchkey.spi.StoreException;

/**
 * {@link JdbcSchema#apply} refused to touch a set of Latchkey tables that another migration tool
 * (Flyway, Liquibase) manages: either the tables exist without {@code JdbcSchema}'s
 * {@code {prefix}schema_version} table, or Flyway's history table for them,
 * {@code {prefix}flyway_history}, exists (the name the {@link JdbcStores} recipe gives it).
 *
 * <p>Two tools recording the same versions would apply a new version twice (the second run fails
 * on a table that exists) or skip it, and {@code JdbcSchema} cannot read another tool's history.
 * So each set of tables has one owner: run Latchkey's migrations with the tool that owns them and
 * stop calling {@code JdbcSchema.apply} for that prefix.
 */
public final class SchemaManagedElsewhereException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String tablePrefix;

  SchemaManagedElsewhereException(String tablePrefix, String finding) {
    super("apply the Latchkey schema refused: " + finding + ", so another migration tool "
        + "(Flyway, Liquibase) manages the tables with prefix " + tablePrefix + "; run Latchkey's "
        + "migrations with that tool and do not call JdbcSchema.apply for this prefix");
    this.tablePrefix = tablePrefix;
  }

  /** The table prefix whose tables another tool manages. */
  public String tablePrefix() {
    return tablePrefix;
  }
}
