package dev.latchkey.store.jdbc;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Immutable options of the JDBC stores and of {@link JdbcSchema}: the table-name prefix and,
 * optionally, a forced {@link Dialect}. Built with {@link #builder()}; {@link #defaults()} gives
 * prefix {@value #DEFAULT_TABLE_PREFIX} and dialect detection.
 *
 * <p>Pass the same options to {@link JdbcSchema#apply(javax.sql.DataSource, JdbcSettings)} and to
 * {@link JdbcStores#create(javax.sql.DataSource, JdbcSettings)}.
 */
public final class JdbcSettings {
  /** The default table-name prefix: tables are {@code latchkey_sessions}, … */
  public static final String DEFAULT_TABLE_PREFIX = "latchkey_";

  /**
   * A lower-case letter, then up to 29 lower-case letters, digits or underscores. Short enough that
   * every derived index name fits PostgreSQL's 63 characters, and safe to splice into SQL (it is
   * an identifier, which JDBC cannot bind as a parameter).
   */
  private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

  /**
   * How many rows one purge statement deletes unless configured: large enough that a purge of
   * millions of rows takes few round trips, small enough that each batch commits in milliseconds.
   */
  public static final int DEFAULT_PURGE_BATCH_SIZE = 5_000;
  /** The largest {@link Builder#purgeBatchSize}: beyond it a batch stops being short. */
  public static final int MAX_PURGE_BATCH_SIZE = 100_000;

  private static final JdbcSettings DEFAULTS = builder().build();

  private final String tablePrefix;
  private final Dialect dialect;
  private final int purgeBatchSize;

  private JdbcSettings(Builder b) {
    this.tablePrefix = b.tablePrefix;
    this.dialect = b.dialect;
    this.purgeBatchSize = b.purgeBatchSize;
  }

  /** Prefix {@value #DEFAULT_TABLE_PREFIX}, dialect detected from the database. */
  public static JdbcSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The prefix of every table, constraint and index name. */
  public String tablePrefix() {
    return tablePrefix;
  }

  /** The forced dialect, or empty to detect it from the database's product name. */
  public Optional<Dialect> dialect() {
    return Optional.ofNullable(dialect);
  }

  /**
   * The most rows one statement of a purge deletes. Every {@code purge} of the JDBC stores runs
   * as a series of such statements, each committed on its own, until one deletes fewer: the
   * result is the same as one {@code DELETE} (every row older than the cutoff goes, the count is
   * the total), but no statement holds its locks for longer than one batch takes.
   */
  public int purgeBatchSize() {
    return purgeBatchSize;
  }

  @Override
  public String toString() {
    return "JdbcSettings[tablePrefix=" + tablePrefix + ", dialect="
        + (dialect == null ? "detect" : dialect) + ", purgeBatchSize=" + purgeBatchSize + "]";
  }

  /** Builds {@link JdbcSettings}; {@link #build()} rejects an invalid prefix. */
  public static final class Builder {
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private Dialect dialect;
    private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;

    private Builder() {}

    /**
     * Sets the table-name prefix: a lower-case letter followed by at most 29 lower-case letters,
     * digits or underscores (for example {@code "latchkey_"} or {@code "auth_"}).
     */
    public Builder tablePrefix(String value) {
      this.tablePrefix = Objects.requireNonNull(value, "tablePrefix");
      return this;
    }

    /** Forces a dialect instead of detecting it from the database's product name. */
    public Builder dialect(Dialect value) {
      this.dialect = Objects.requireNonNull(value, "dialect");
      return this;
    }

    /**
     * Sets how many rows one purge statement deletes, 1 to {@value #MAX_PURGE_BATCH_SIZE}
     * (default {@value #DEFAULT_PURGE_BATCH_SIZE}); see {@link JdbcSettings#purgeBatchSize()}.
     */
    public Builder purgeBatchSize(int value) {
      if (value < 1 || value > MAX_PURGE_BATCH_SIZE) {
        throw new IllegalArgumentException("Invalid purgeBatchSize " + value + "; must be 1 to "
            + MAX_PURGE_BATCH_SIZE);
      }
      this.purgeBatchSize = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException when the prefix does not match {@code [a-z][a-z0-9_]{0,29}}
     */
    public JdbcSettings build() {
      if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
        String shown = tablePrefix.length() > 40 ? tablePrefix.substring(0, 40) + "…" : tablePrefix;
        throw new IllegalArgumentException("Invalid tablePrefix \"" + shown
            + "\"; must match [a-z][a-z0-9_]{0,29}: a lower-case letter, then at most 29 "
            + "lower-case letters, digits or underscores");
      }
      return new JdbcSettings(this);
    }
  }
}
