package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Latchkey's stores over a {@link DataSource}: plain JDBC, PostgreSQL, MariaDB/MySQL or H2.
 *
 * <p>Create the tables first, either with {@link JdbcSchema} (for apps without a migration tool) or
 * with your own tool from the Flyway-named files the jar ships under
 * {@code db/latchkey/{postgresql,mariadb,h2}/} ({@link Dialect#schemaLocation()}). The files use
 * the placeholder {@code ${table_prefix}} for the table-name prefix.
 *
 * <pre>{@code
 * // With JdbcSchema: applies (once) whatever versions the database lacks.
 * JdbcSchema.apply(dataSource);
 * Latchkey latchkey = Latchkey.builder()
 *     .stores(JdbcStores.create(dataSource))
 *     .build();
 *
 * // With Flyway: Latchkey's files in their own history table, the prefix as a placeholder.
 * JdbcOptions options = JdbcOptions.builder().tablePrefix("auth_").build();
 * Flyway.configure()
 *     .dataSource(dataSource)
 *     .locations("classpath:" + Dialect.POSTGRESQL.schemaLocation())
 *     .table("auth_flyway_history")
 *     .placeholders(Map.of("table_prefix", options.tablePrefix()))
 *     .load()
 *     .migrate();
 * Stores stores = JdbcStores.create(dataSource, options);
 * }</pre>
 *
 * <h2>Tables</h2>
 * With the default prefix: {@code latchkey_sessions} (primary key {@code id}, unique
 * {@code token_hash}, indexes on {@code (account_id, last_active_at)} and {@code expires_at}),
 * {@code latchkey_password_credentials} (primary key {@code account_id}),
 * {@code latchkey_api_keys} (primary key {@code id}, unique {@code key_hash}, index on
 * {@code (owner, created_at)}; schema version 2), {@code latchkey_connected_accounts} (primary key
 * {@code (provider, subject)}, unique {@code (account_id, provider)}, which also serves lookups by
 * account; schema version 5) and, when {@link JdbcSchema} manages the schema,
 * {@code latchkey_schema_version}. Every constraint and index name carries the prefix.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every SPI operation is atomic on its own, across threads and across processes sharing the
 *       database: the atomic ones ("revoke if active", "rotate if the hash is still …", "replace if
 *       the hash is still …", "revoke if not revoked and owned", "mark rotated if not yet",
 *       "record use if not recorded within the interval") are single conditional statements,
 *       never read-then-write pairs. Linking an identity is one insert that the unique keys
 *       decide; "unlink unless it is the last sign-in method" is one transaction holding row locks
 *       on the account's identities.
 *   <li>Each operation borrows a connection from the {@code DataSource} and returns it at once; no
 *       connection is cached. Operations run under auto-commit, or are committed here when the pool
 *       hands out connections with auto-commit off. Use a pool (HikariCP, …) in production.
 *   <li>Timestamps are stored in UTC with millisecond precision (instants are truncated to whole
 *       milliseconds), whatever the JVM's or the server's time zone.
 *   <li>Ids, account ids, owners, hashes, providers and subjects compare exactly (case-sensitive;
 *       {@code "C"} collation on PostgreSQL, binary collation on MariaDB).
 *   <li>Failures surface as {@link dev.latchkey.spi.StoreException}, whose message names the
 *       operation and never a token hash, API key hash or password hash; {@code null} arguments
 *       are refused with {@link NullPointerException}.
 * </ul>
 *
 * <p>Drivers log on their own: MariaDB Connector/J logs every server error at WARN through SLF4J,
 * and for a duplicate key (which only a broken random source can cause) that message quotes the
 * token hash or API key hash. Set the logger {@code org.mariadb.jdbc.message.server.ErrorPacket}
 * to ERROR if your logs must never hold one.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcStores implements Stores {
  private final Dialect dialect;
  private final JdbcOptions options;
  private final JdbcSessionStore sessions;
  private final JdbcCredentialStore credentials;
  private final JdbcApiKeyStore apiKeys;
  private final JdbcConnectedAccountStore connectedAccounts;

  private JdbcStores(DataSource dataSource, JdbcOptions options, Dialect dialect) {
    this.dialect = dialect;
    this.options = options;
    Jdbc jdbc = new Jdbc(dataSource);
    DialectSql sql = new DialectSql(dialect);
    this.sessions = new JdbcSessionStore(jdbc, sql, options.tablePrefix());
    this.credentials = new JdbcCredentialStore(jdbc, sql, options.tablePrefix());
    this.apiKeys = new JdbcApiKeyStore(jdbc, sql, options.tablePrefix());
    this.connectedAccounts = new JdbcConnectedAccountStore(jdbc, sql, options.tablePrefix());
  }

  /**
   * Stores with the default options: tables prefixed {@value JdbcOptions#DEFAULT_TABLE_PREFIX}, the
   * dialect detected from the database (one connection is borrowed to ask it).
   *
   * @throws IllegalArgumentException when the database is not one the stores support
   * @throws dev.latchkey.spi.StoreException when the database cannot be reached
   */
  public static JdbcStores create(DataSource dataSource) {
    return create(dataSource, JdbcOptions.defaults());
  }

  /**
   * Stores with the given options. Unless the options force a dialect, one connection is borrowed
   * to read the database's product name.
   *
   * @throws IllegalArgumentException when the database is not one the stores support
   * @throws dev.latchkey.spi.StoreException when the database cannot be reached
   */
  public static JdbcStores create(DataSource dataSource, JdbcOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return new JdbcStores(dataSource, options, Jdbc.dialectOf(dataSource, options));
  }

  /** The dialect in use (forced or detected). */
  public Dialect dialect() {
    return dialect;
  }

  /** The options these stores were created with. */
  public JdbcOptions options() {
    return options;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  @Override
  public ConnectedAccountStore connectedAccounts() {
    return connectedAccounts;
  }

  @Override
  public String toString() {
    return "JdbcStores[dialect=" + dialect + ", tablePrefix=" + options.tablePrefix() + "]";
  }
}
