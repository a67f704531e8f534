package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpStore;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Latchkey's stores over a {@link DataSource}: plain JDBC, PostgreSQL, MariaDB/MySQL or H2.
 *
 * <p>Create the tables first, either with {@link JdbcSchema} (for apps without a migration tool) or
 * with your own tool from the Flyway-named files the jar ships under
 * {@code db/latchkey/{postgresql,mariadb,h2}/} ({@link Dialect#schemaLocation()}), or with the
 * Liquibase changelog {@code db/latchkey/liquibase/changelog.xml} that runs the same files. The
 * files use the placeholder {@code ${table_prefix}} for the table-name prefix. Each recipe below is
 * run by the build's tests on PostgreSQL, MariaDB and H2.
 *
 * <pre>{@code
 * // With JdbcSchema: applies (once) whatever versions the database lacks.
 * JdbcSchema.apply(dataSource);
 * Latchkey latchkey = Latchkey.builder()
 *     .stores(JdbcStores.create(dataSource))
 *     .build();
 * }</pre>
 *
 * <h2>With Flyway</h2>
 * Latchkey's files keep a history table of their own, beside the app's migrations and tables:
 * <pre>{@code
 * JdbcSettings options = JdbcSettings.builder().tablePrefix("auth_").build();
 * Dialect dialect = Dialect.POSTGRESQL; // or MARIADB (also MySQL), H2
 * Flyway.configure()
 *     .dataSource(dataSource)
 *     .locations("classpath:" + dialect.schemaLocation())
 *     .table(options.tablePrefix() + "flyway_history")
 *     .placeholders(Map.of("table_prefix", options.tablePrefix()))
 *     .baselineOnMigrate(true)
 *     .baselineVersion(String.valueOf(JdbcSchema.currentVersion(dataSource, options)))
 *     .load()
 *     .migrate();
 * Stores stores = JdbcStores.create(dataSource, options);
 * }</pre>
 * <ul>
 *   <li>{@code table(…)}: Latchkey's own history table, so its version numbers never mix with the
 *       app's. {@link JdbcSchema#apply} refuses to run beside a table of this name.
 *   <li>{@code baselineOnMigrate}: Flyway refuses a schema that holds tables but no history of
 *       its own ("non-empty schema … no schema history table"), which is every app's schema. The
 *       baseline is recorded only on the first run, when the history table is created.
 *   <li>{@code baselineVersion}: {@link JdbcSchema#currentVersion} is 0 when {@code JdbcSchema}
 *       never ran, so every version is applied; on a database {@code JdbcSchema} kept it is the
 *       version reached, so Flyway applies only the newer ones. That is the whole switch from
 *       {@code JdbcSchema} to Flyway: replace the {@code JdbcSchema.apply} call with this. Its
 *       {@code schema_version} table may stay; {@code JdbcSchema.apply}, if still called, then
 *       throws {@link SchemaManagedElsewhereException}.
 * </ul>
 *
 * <h2>With Liquibase</h2>
 * Include the shipped changelog from the app's master changelog; it picks the dialect's files by
 * {@code dbms}:
 * <pre>{@code
 * <property name="table_prefix" value="auth_"/>
 * <include file="db/latchkey/liquibase/changelog.xml"/>
 * }</pre>
 * Without the property the prefix is {@value JdbcSettings#DEFAULT_TABLE_PREFIX}. A database
 * Liquibase migrates does not need {@code JdbcSchema}; {@code JdbcSchema.apply} refuses there.
 *
 * <h2>Tables</h2>
 * With the default prefix: {@code latchkey_sessions} (primary key {@code id}, unique
 * {@code token_hash}, indexes on {@code (account_id, last_active_at)}, {@code expires_at} and
 * {@code revoked_at}),
 * {@code latchkey_password_credentials} (primary key {@code account_id}),
 * {@code latchkey_api_keys} (primary key {@code id}, unique {@code key_hash}, index on
 * {@code (owner, created_at)}), {@code latchkey_totp_credentials} (primary key
 * {@code account_id}), {@code latchkey_backup_codes} (primary key {@code (account_id, code_hash)}),
 * {@code latchkey_attempt_counters} (primary key {@code (factor, subject)}, index on
 * {@code last_attempt_at}), {@code latchkey_connected_accounts} (primary key
 * {@code (provider, subject)}, unique {@code (account_id, provider)}, which also serves lookups by
 * account), {@code latchkey_security_events} (primary key {@code id}, indexes on
 * {@code (account_id, occurred_at, id)} for paging, {@code (account_id, type, device, location)}
 * for the "seen before" query (on MariaDB/MySQL over the first 128 characters of device and
 * location, to fit InnoDB's key size) and {@code occurred_at} for purging),
 * {@code latchkey_sign_in_challenges} (primary key {@code id}, unique {@code token_hash}, index on
 * {@code expires_at}), {@code latchkey_known_devices} (primary key {@code id}, unique
 * {@code token_hash}, indexes on {@code account_id} and {@code expires_at}),
 * {@code latchkey_passkeys} (primary key {@code credential_hash}, the SHA-256 of the credential id,
 * index on {@code (account_id, created_at)}), {@code latchkey_passkey_challenges} (primary key
 * {@code challenge_hash}, index on {@code expires_at}), {@code latchkey_one_time_codes} (primary
 * key {@code (account_id, purpose)}, index on {@code expires_at}), {@code latchkey_code_factors}
 * (primary key {@code (account_id, channel)}), {@code latchkey_account_tokens} (primary key
 * {@code token_hash}, indexes on {@code (account_id, purpose)} and {@code expires_at}) and, when
 * {@link JdbcSchema} manages the schema, {@code latchkey_schema_version}. Every constraint and
 * index name carries the prefix.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every SPI operation is atomic on its own, across threads and across processes sharing the
 *       database: the atomic ones ("revoke if active", "rotate if the hash is still …", "replace if
 *       the hash is still …", "revoke if not revoked and owned", "mark rotated if not yet",
 *       "record use if not recorded within the interval", "accept the TOTP step if greater",
 *       "consume the sign-in challenge if unused and unexpired",
 *       "consume the passkey challenge if unused, unexpired and bound to …",
 *       "set the passkey's counter if it is still …",
 *       "consume the code if unused", "consume the one-time code if unused, unexpired and of this
 *       hash", "count the attempt if the counter is still …", and their
 *       undoing: "release the challenge / restore the code if still used at …", "release the TOTP
 *       step if it is still the last") are single
 *       conditional statements, never read-then-write pairs. Linking a provider identity is one
 *       insert that the unique keys decide. A security event is one insert; a page of them is one
 *       keyset query, so paging visits every event once however many share a millisecond.
 *   <li>What changes several rows together runs in one transaction: activating TOTP (credential
 *       and first backup codes), replacing the backup codes, deleting TOTP and its codes, saving a pending
 *       enrolment (each locks the account's TOTP credential row first), and replacing an
 *       account's one-time code or enrolled destination (delete and insert, run again when a
 *       concurrent replace wins the insert); "unlink
 *       the provider unless it is the last sign-in method" locks the account's identity rows
 *       first, and "delete the passkey unless it is the last sign-in method" its passkey rows. A transaction the database aborts as the loser of a race (deadlock, serialization
 *       failure) runs again, a bounded number of times.
 *   <li>Each operation borrows a connection from the {@code DataSource} and returns it at once; no
 *       connection is cached. Single statements run under auto-commit, or are committed here when
 *       the pool hands out connections with auto-commit off; transactions turn auto-commit off and
 *       restore the connection's mode before returning it. Use a pool (HikariCP, …) in production.
 *   <li>Every {@code purge} deletes in bounded batches ({@link JdbcSettings#purgeBatchSize()},
 *       5 000 rows by default), each one statement walking the purge column's index and
 *       committed on its own, until a batch deletes fewer: a purge of millions of rows holds no
 *       lock for longer than one batch, and still removes everything older than the cutoff and
 *       returns the total. {@code dev.latchkey.LatchkeyMaintenance} runs them all on a schedule.
 *   <li>Timestamps are stored in UTC with millisecond precision (instants are truncated to whole
 *       milliseconds), whatever the JVM's or the server's time zone.
 *   <li>Ids, account ids, owners, hashes, ciphertexts, attempt subjects, providers, provider
 *       subjects, event types and event device and location labels compare exactly
 *       (case-sensitive; {@code "C"} collation on PostgreSQL, binary collation on MariaDB).
 *   <li>Failures surface as {@link dev.latchkey.spi.StoreException}, whose message names the
 *       operation and never a token hash, API key hash, password hash, code hash or TOTP
 *       ciphertext; {@code null} arguments are refused with {@link NullPointerException}.
 * </ul>
 *
 * <p>Drivers log on their own: MariaDB Connector/J logs every server error at WARN through SLF4J,
 * and a duplicate-key error's message quotes the key (a token hash, an attempt subject). So no
 * statement here raises one: inserts that may meet a taken key (a concurrent first attempt on a
 * counter, a second enrolment, a second link, and inserts whose key only a broken random source
 * could repeat) skip it in the database ({@code INSERT IGNORE} on MariaDB, {@code ON CONFLICT DO
 * NOTHING} on PostgreSQL) and check the row count. A MariaDB run of the whole store contract logs
 * no key value; a test checks it.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcStores implements Stores {
  private final Dialect dialect;
  private final JdbcSettings options;
  private final JdbcSessionStore sessions;
  private final JdbcCredentialStore credentials;
  private final JdbcApiKeyStore apiKeys;
  private final JdbcTotpStore totp;
  private final JdbcBackupCodeStore backupCodes;
  private final JdbcChallengeStore challenges;
  private final JdbcAttemptStore attempts;
  private final JdbcConnectedAccountStore connectedAccounts;
  private final JdbcSecurityEventStore securityEvents;
  private final JdbcKnownDeviceStore knownDevices;
  private final JdbcPasskeyStore passkeys;
  private final JdbcOneTimeCodeStore oneTimeCodes;
  private final JdbcAccountTokenStore accountTokens;

  private JdbcStores(DataSource dataSource, JdbcSettings options, Dialect dialect) {
    this.dialect = dialect;
    this.options = options;
    Jdbc jdbc = new Jdbc(dataSource, options.purgeBatchSize());
    DialectSql sql = new DialectSql(dialect);
    this.sessions = new JdbcSessionStore(jdbc, sql, options.tablePrefix());
    this.credentials = new JdbcCredentialStore(jdbc, sql, options.tablePrefix());
    this.apiKeys = new JdbcApiKeyStore(jdbc, sql, options.tablePrefix());
    this.backupCodes = new JdbcBackupCodeStore(jdbc, sql, options.tablePrefix());
    this.totp = new JdbcTotpStore(jdbc, sql, options.tablePrefix(), backupCodes);
    this.challenges = new JdbcChallengeStore(jdbc, sql, options.tablePrefix());
    this.attempts = new JdbcAttemptStore(jdbc, sql, options.tablePrefix());
    this.connectedAccounts = new JdbcConnectedAccountStore(jdbc, sql, options.tablePrefix());
    this.securityEvents = new JdbcSecurityEventStore(jdbc, sql, options.tablePrefix());
    this.knownDevices = new JdbcKnownDeviceStore(jdbc, sql, options.tablePrefix());
    this.passkeys = new JdbcPasskeyStore(jdbc, sql, options.tablePrefix());
    this.oneTimeCodes = new JdbcOneTimeCodeStore(jdbc, sql, options.tablePrefix());
    this.accountTokens = new JdbcAccountTokenStore(jdbc, sql, options.tablePrefix());
  }

  /**
   * Stores with the default options: tables prefixed {@value JdbcSettings#DEFAULT_TABLE_PREFIX}, the
   * dialect detected from the database (one connection is borrowed to ask it).
   *
   * @throws IllegalArgumentException when the database is not one the stores support
   * @throws dev.latchkey.spi.StoreException when the database cannot be reached
   */
  public static JdbcStores create(DataSource dataSource) {
    return create(dataSource, JdbcSettings.defaults());
  }

  /**
   * Stores with the given options. Unless the options force a dialect, one connection is borrowed
   * to read the database's product name.
   *
   * @throws IllegalArgumentException when the database is not one the stores support
   * @throws dev.latchkey.spi.StoreException when the database cannot be reached
   */
  public static JdbcStores create(DataSource dataSource, JdbcSettings options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return new JdbcStores(dataSource, options, Jdbc.dialectOf(dataSource, options));
  }

  /** The dialect in use (forced or detected). */
  public Dialect dialect() {
    return dialect;
  }

  /** The options these stores were created with. */
  public JdbcSettings options() {
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

  /** TOTP credentials; shares its transactions with {@link #backupCodes()}. */
  @Override
  public TotpStore totp() {
    return totp;
  }

  /** Backup codes; shares its transactions with {@link #totp()}. */
  @Override
  public BackupCodeStore backupCodes() {
    return backupCodes;
  }

  /** Sign-in challenges, used once across every process on the database. */
  @Override
  public ChallengeStore challenges() {
    return challenges;
  }

  /** Attempt counters, shared by every process on the database. */
  @Override
  public AttemptStore attempts() {
    return attempts;
  }

  @Override
  public ConnectedAccountStore connectedAccounts() {
    return connectedAccounts;
  }

  /** Security events (login history), shared by every process on the database. */
  @Override
  public SecurityEventStore securityEvents() {
    return securityEvents;
  }

  /** Known devices (device tokens as hashes), shared by every process on the database. */
  @Override
  public KnownDeviceStore knownDevices() {
    return knownDevices;
  }

  /** Passkeys and their challenges; counters and challenges are atomic across processes. */
  @Override
  public PasskeyStore passkeys() {
    return passkeys;
  }

  /** SMS and email one-time codes (keyed hashes) and enrolled destinations. */
  @Override
  public OneTimeCodeStore oneTimeCodes() {
    return oneTimeCodes;
  }

  @Override
  public String toString() {
    return "JdbcStores[dialect=" + dialect + ", tablePrefix=" + options.tablePrefix() + "]";
  }

  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }
}
