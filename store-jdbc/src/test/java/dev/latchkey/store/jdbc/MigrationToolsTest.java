package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.EventQuery;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.tck.MutableClock;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Flyway and Liquibase running the SQL files the jar ships, on PostgreSQL, MariaDB and H2: an empty
 * database, one that already holds the app's tables, one {@link JdbcSchema} kept, and an upgrade
 * from every earlier version with data in every table. The recipes the {@link JdbcStores} javadoc
 * and the README give are the methods {@link #migrateWithFlyway} and {@link #migrateWithLiquibase}
 * and the changelog {@code liquibase/host-changelog.xml}, copied from here.
 *
 * <p>Each test migrates a schema (PostgreSQL) or database (MariaDB, H2) of its own, dropped
 * afterwards: migration tools look at a whole schema, and other test runs share the servers.
 * Versions are read from {@link JdbcSchema#MIGRATIONS}, never written down here, so a new
 * migration is tested by the same code.
 */
class MigrationToolsTest {
  /** A prefix other than the default, so the placeholder is shown to reach every statement. */
  private static final String PREFIX = "auth_";
  private static final JdbcSettings OPTIONS = JdbcSettings.builder().tablePrefix(PREFIX).build();
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String HOST_CHANGELOG = "liquibase/host-changelog.xml";
  private static final String LATCHKEY_CHANGELOG = "db/latchkey/liquibase/changelog.xml";

  /**
   * Columns an upgrade drops on purpose, with the file that says why: version 7 replaced the
   * English device and location labels with structured columns and did not parse them back.
   */
  private static final Set<String> DROPPED_BY_DESIGN = Set.of("sessions.device",
      "sessions.location", "security_events.device", "security_events.location");

  // ---- The recipes (the JdbcStores javadoc and the README copy these bodies) ----

  /**
   * Flyway: Latchkey's files in a history table of their own, beside the app's tables (baseline
   * at 0 when the schema is not empty) and after {@code JdbcSchema} (baseline at the version it
   * reached, so nothing it applied runs again).
   */
  static MigrateResult migrateWithFlyway(DataSource dataSource, Dialect dialect,
      JdbcSettings options) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:" + dialect.schemaLocation())
        .table(options.tablePrefix() + "flyway_history")
        .placeholders(Map.of("table_prefix", options.tablePrefix()))
        .baselineOnMigrate(true)
        .baselineVersion(String.valueOf(JdbcSchema.currentVersion(dataSource, options)))
        .load()
        .migrate();
  }

  /** Liquibase: the app's master changelog, which includes Latchkey's. */
  static void migrateWithLiquibase(DataSource dataSource, String changelog)
      throws SQLException, LiquibaseException {
    try (Connection c = dataSource.getConnection()) {
      Database database = DatabaseFactory.getInstance()
          .findCorrectDatabaseImplementation(new JdbcConnection(c));
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
          .execute();
    }
  }

  // ---- Flyway ----

  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void flywayMigratesAnEmptyDatabaseAndTheStoresWork(TestDatabases.Db db) {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isEqualTo(JdbcSchema.MIGRATIONS.size());
      assertThat(result.targetSchemaVersion)
          .isEqualTo(String.valueOf(JdbcSchema.latestVersion()));
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
      assertThat(migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS).migrationsExecuted)
          .isZero();
    }
  }

  /**
   * The failure: Flyway's defaults refuse a schema that holds tables but no history
   * ("non-empty schema … no schema history table"). The recipe's baseline at 0 lets it apply every
   * version there, recording them in Latchkey's own history table, and leaves the app's rows alone.
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void flywayMigratesADatabaseThatHoldsTheAppsTables(TestDatabases.Db db) {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      createAppTable(d.dataSource());
      assertThatThrownBy(() -> Flyway.configure().dataSource(d.dataSource())
          .locations("classpath:" + d.dialect().schemaLocation())
          .table(PREFIX + "flyway_history")
          .placeholders(Map.of("table_prefix", PREFIX)).load().migrate())
          .isInstanceOf(FlywayException.class).hasMessageContaining("non-empty schema");

      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isEqualTo(JdbcSchema.MIGRATIONS.size());
      MigrationInfo[] applied = flyway(d).info().applied();
      assertThat(applied[0].getType().isBaseline()).isTrue();
      assertThat(applied[0].getVersion().getVersion()).isEqualTo("0");
      assertThat(Arrays.stream(applied).skip(1).map(m -> m.getVersion().getVersion()))
          .containsExactlyElementsOf(JdbcSchema.MIGRATIONS.stream()
              .map(m -> String.valueOf(m.version())).toList());
      assertThat(appRows(d.dataSource())).containsExactly("order-1");
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /**
   * Switching a {@code JdbcSchema} database to Flyway: the baseline is the version JdbcSchema
   * reached ({@link JdbcSchema#currentVersion}), so Flyway runs none of the files again and the
   * rows stay; JdbcSchema, if still called, then refuses with a typed exception instead of
   * applying a later version that Flyway would apply a second time.
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void switchingFromJdbcSchemaToFlywayRunsNothingTwice(TestDatabases.Db db) {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      JdbcSchema.apply(d.dataSource(), OPTIONS);
      String token = signInOnce(d.dataSource(), OPTIONS, "acct-before-switch");

      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isZero();
      MigrationInfo[] applied = flyway(d).info().applied();
      assertThat(applied).hasSize(1);
      assertThat(applied[0].getType().isBaseline()).isTrue();
      assertThat(applied[0].getVersion().getVersion())
          .isEqualTo(String.valueOf(JdbcSchema.latestVersion()));
      assertThat(latchkey(d.dataSource(), OPTIONS).sessions().validate(token).isValid()).isTrue();
      assertThatThrownBy(() -> JdbcSchema.apply(d.dataSource(), OPTIONS))
          .isInstanceOf(SchemaManagedElsewhereException.class)
          .hasMessageContaining(PREFIX + "flyway_history exists")
          .satisfies(e -> assertThat(((SchemaManagedElsewhereException) e).tablePrefix())
              .isEqualTo(PREFIX));
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /**
   * After any other tool created the tables (here Flyway with its default history table, which
   * JdbcSchema cannot know), JdbcSchema refuses, typed, and changes nothing.
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void jdbcSchemaAfterAnotherToolRefusesWithATypedException(TestDatabases.Db db) {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      Flyway.configure().dataSource(d.dataSource())
          .locations("classpath:" + d.dialect().schemaLocation())
          .placeholders(Map.of("table_prefix", PREFIX)).load().migrate();

      assertThatThrownBy(() -> JdbcSchema.apply(d.dataSource(), OPTIONS))
          .isInstanceOf(SchemaManagedElsewhereException.class)
          .hasMessageContaining(PREFIX + "sessions exists but " + PREFIX
              + "schema_version does not");
      assertThat(tableNames(d.dataSource())).doesNotContain(PREFIX + "schema_version");
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /**
   * JdbcSchema's own statements raise no warning either, at the first start or a later one (it
   * looks for its version table instead of CREATE TABLE IF NOT EXISTS, which MariaDB notes and
   * PostgreSQL answers with a notice when the table exists).
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void jdbcSchemaRaisesNoWarningAtAFirstOrALaterStart(TestDatabases.Db db) {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      JdbcSchema.apply(d.dataSource(), OPTIONS);
      JdbcSchema.apply(d.dataSource(), OPTIONS);
      assertThat(d.warnings().warnings()).isEmpty();
      assertThat(JdbcSchema.currentVersion(d.dataSource(), OPTIONS))
          .isEqualTo(JdbcSchema.latestVersion());
    }
  }

  // ---- Upgrades from every earlier version, data in every table ----

  /** Every database with every version but the newest. */
  static Stream<Arguments> earlierVersions() {
    List<JdbcSchema.Migration> all = JdbcSchema.MIGRATIONS;
    return Arrays.stream(TestDatabases.Db.values()).flatMap(db -> all.subList(0, all.size() - 1)
        .stream().map(m -> Arguments.of(db, m.version())));
  }

  @ParameterizedTest(name = "{0} from version {1}")
  @MethodSource("earlierVersions")
  void jdbcSchemaUpgradesFromAnEarlierVersionKeepingEveryRow(TestDatabases.Db db, int from)
      throws SQLException {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      applyWithJdbcSchemaUpTo(d, from);
      Map<String, Map<String, Map<String, String>>> before = fillEveryTable(d);
      d.warnings().clear();

      JdbcSchema.apply(d.dataSource(), OPTIONS);

      assertThat(JdbcSchema.currentVersion(d.dataSource(), OPTIONS))
          .isEqualTo(JdbcSchema.latestVersion());
      assertNothingLost(before, snapshot(d));
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  @ParameterizedTest(name = "{0} from version {1}")
  @MethodSource("earlierVersions")
  void flywayUpgradesFromAnEarlierVersionKeepingEveryRow(TestDatabases.Db db, int from)
      throws SQLException {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      Flyway.configure().dataSource(d.dataSource())
          .locations("classpath:" + d.dialect().schemaLocation())
          .table(PREFIX + "flyway_history")
          .placeholders(Map.of("table_prefix", PREFIX))
          .target(String.valueOf(from))
          .load().migrate();
      Map<String, Map<String, Map<String, String>>> before = fillEveryTable(d);
      d.warnings().clear();

      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isEqualTo(newerThan(from));
      assertNothingLost(before, snapshot(d));
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /** A JdbcSchema database of any version switches to Flyway, which applies only the newer ones. */
  @ParameterizedTest(name = "{0} from version {1}")
  @MethodSource("earlierVersions")
  void switchingToFlywayFromAnEarlierJdbcSchemaVersionAppliesOnlyTheNewerOnes(
      TestDatabases.Db db, int from) throws SQLException {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      applyWithJdbcSchemaUpTo(d, from);
      Map<String, Map<String, Map<String, String>>> before = fillEveryTable(d);

      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isEqualTo(newerThan(from));
      assertThat(flyway(d).info().applied()[0].getVersion().getVersion())
          .isEqualTo(String.valueOf(from));
      assertNothingLost(before, snapshot(d));
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  // ---- Liquibase ----

  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void liquibaseMigratesAnEmptyDatabaseAndTheStoresWork(TestDatabases.Db db) throws Exception {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      migrateWithLiquibase(d.dataSource(), HOST_CHANGELOG);

      assertThat(liquibaseChangeSets(d.dataSource())).containsExactlyElementsOf(
          JdbcSchema.MIGRATIONS.stream().map(m -> changeSetId(m, d.dialect())).toList());
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
      assertThatThrownBy(() -> JdbcSchema.apply(d.dataSource(), OPTIONS))
          .isInstanceOf(SchemaManagedElsewhereException.class);
      migrateWithLiquibase(d.dataSource(), HOST_CHANGELOG);
      assertThat(liquibaseChangeSets(d.dataSource())).hasSize(JdbcSchema.MIGRATIONS.size());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void liquibaseMigratesADatabaseThatHoldsTheAppsTables(TestDatabases.Db db) throws Exception {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      createAppTable(d.dataSource());

      migrateWithLiquibase(d.dataSource(), HOST_CHANGELOG);

      assertThat(liquibaseChangeSets(d.dataSource())).hasSize(JdbcSchema.MIGRATIONS.size());
      assertThat(appRows(d.dataSource())).containsExactly("order-1");
      assertNoWarningFromLatchkeysStatements(d);
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /** Run on its own, Latchkey's changelog uses the stores' default prefix. */
  @ParameterizedTest
  @EnumSource(TestDatabases.Db.class)
  void latchkeysChangelogAloneUsesTheDefaultPrefix(TestDatabases.Db db) throws Exception {
    TestDatabases.assumeAvailable(db);
    try (IsolatedDatabase d = IsolatedDatabase.create(db)) {
      migrateWithLiquibase(d.dataSource(), LATCHKEY_CHANGELOG);

      assertThat(tableNames(d.dataSource())).contains(
          JdbcSettings.DEFAULT_TABLE_PREFIX + "sessions",
          JdbcSettings.DEFAULT_TABLE_PREFIX + "known_devices");
      assertStoresWork(d.dataSource(), JdbcSettings.defaults());
    }
  }

  /** The changelog runs each shipped file once per dialect, in version order. */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theLiquibaseChangelogRunsEveryShippedFileInOrder(Dialect dialect) throws Exception {
    List<String> paths = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/" + LATCHKEY_CHANGELOG)) {
      assertThat(in).isNotNull();
      NodeList sets = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
          .getElementsByTagName("changeSet");
      for (int i = 0; i < sets.getLength(); i++) {
        Element set = (Element) sets.item(i);
        if (Arrays.asList(set.getAttribute("dbms").split(",")).contains(liquibaseDbms(dialect))) {
          Element file = (Element) set.getElementsByTagName("sqlFile").item(0);
          assertThat(set.getAttribute("id")).isEqualTo(
              "latchkey-v" + versionOf(file.getAttribute("path")) + "-" + dialect.folder());
          paths.add(file.getAttribute("path"));
        }
      }
    }
    assertThat(paths).containsExactlyElementsOf(JdbcSchema.MIGRATIONS.stream()
        .map(m -> dialect.schemaLocation() + "/" + m.fileName()).toList());
  }

  // ---- MariaDB warnings, and the 0.1.0 files ----

  /**
   * The warning probe can fail: a named primary key, as the 0.1.0 files had, is caught. (The
   * tests above assert that no statement of Latchkey's raises one.)
   */
  @Test
  void theWarningProbeSeesMariaDbsNamedPrimaryKeyWarning() {
    TestDatabases.assumeAvailable(TestDatabases.Db.MARIADB);
    try (IsolatedDatabase d = IsolatedDatabase.create(TestDatabases.Db.MARIADB)) {
      TestDatabases.execute(d.dataSource(),
          "CREATE TABLE auth_probe (id INT NOT NULL, CONSTRAINT auth_probe_pk PRIMARY KEY (id))");
      assertThat(d.warnings().warnings()).singleElement()
          .satisfies(w -> assertThat(w.code()).isEqualTo(1280))
          .satisfies(w -> assertThat(w.message()).contains("auth_probe_pk"));
    }
  }

  /**
   * Up to 0.1.0 the MariaDB files named their primary keys; MariaDB ignored the names (every
   * primary key is PRIMARY) and warned. The files now leave them out, so the tables are the same,
   * but Flyway's checksums of versions 1 to 10 changed: a MariaDB database Flyway migrated with
   * the 0.1.0 files fails validation until {@code repair} records the new checksums, after which
   * it migrates as any other.
   */
  @Test
  void aMariaDbHistoryOfThe010FilesNeedsOneFlywayRepair() {
    TestDatabases.assumeAvailable(TestDatabases.Db.MARIADB);
    try (IsolatedDatabase d = IsolatedDatabase.create(TestDatabases.Db.MARIADB)) {
      Flyway.configure().dataSource(d.dataSource())
          .locations("classpath:db/latchkey-0.1.0/mariadb")
          .table(PREFIX + "flyway_history")
          .placeholders(Map.of("table_prefix", PREFIX)).load().migrate();
      assertThat(d.warnings().warnings()).filteredOn(w -> w.code() == 1280).isNotEmpty();

      assertThatThrownBy(() -> migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS))
          .isInstanceOf(FlywayException.class).hasMessageContaining("checksum mismatch");
      flyway(d).repair();
      MigrateResult result = migrateWithFlyway(d.dataSource(), d.dialect(), OPTIONS);

      assertThat(result.migrationsExecuted).isEqualTo(newerThan(10));
      assertStoresWork(d.dataSource(), OPTIONS);
    }
  }

  /** The new files build exactly the tables the 0.1.0 files built. */
  @Test
  void theMariaDbFilesBuildTheSameTablesAsThe010Files() {
    TestDatabases.assumeAvailable(TestDatabases.Db.MARIADB);
    try (IsolatedDatabase old = IsolatedDatabase.create(TestDatabases.Db.MARIADB);
        IsolatedDatabase now = IsolatedDatabase.create(TestDatabases.Db.MARIADB)) {
      Flyway.configure().dataSource(old.dataSource())
          .locations("classpath:db/latchkey-0.1.0/mariadb")
          .placeholders(Map.of("table_prefix", PREFIX)).load().migrate();
      Flyway.configure().dataSource(now.dataSource())
          .locations("classpath:" + Dialect.MARIADB.schemaLocation())
          .placeholders(Map.of("table_prefix", PREFIX)).target("10").load().migrate();
      assertThat(tableDefinitions(now.dataSource())).isEqualTo(tableDefinitions(old.dataSource()));
    }
  }

  // ---- Helpers ----

  private static Flyway flyway(IsolatedDatabase d) {
    return Flyway.configure().dataSource(d.dataSource())
        .locations("classpath:" + d.dialect().schemaLocation())
        .table(PREFIX + "flyway_history")
        .placeholders(Map.of("table_prefix", PREFIX)).load();
  }

  private static int newerThan(int version) {
    return (int) JdbcSchema.MIGRATIONS.stream().filter(m -> m.version() > version).count();
  }

  /** What an older Latchkey's JdbcSchema.apply left: the versions up to {@code to}, recorded. */
  private static void applyWithJdbcSchemaUpTo(IsolatedDatabase d, int to) {
    DialectSql sql = new DialectSql(d.dialect());
    TestDatabases.execute(d.dataSource(),
        sql.createSchemaVersionTable().replace("%PREFIX%", PREFIX));
    for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
      if (m.version() <= to) {
        TestDatabases.execute(d.dataSource(),
            JdbcSchema.statements(d.dialect(), m, PREFIX).toArray(String[]::new));
        TestDatabases.execute(d.dataSource(), "INSERT INTO " + PREFIX + "schema_version "
            + "(version, description, applied_at) VALUES (" + m.version() + ", '"
            + m.description() + "', " + sql.utcNow() + ")");
      }
    }
    assertThat(JdbcSchema.currentVersion(d.dataSource(), OPTIONS)).isEqualTo(to);
  }

  private static void createAppTable(DataSource ds) {
    TestDatabases.execute(ds, "CREATE TABLE orders (id VARCHAR(32) NOT NULL PRIMARY KEY, "
        + "total INT NOT NULL)", "INSERT INTO orders (id, total) VALUES ('order-1', 42)");
  }

  private static List<String> appRows(DataSource ds) {
    return strings(ds, "SELECT id FROM orders");
  }

  private static List<String> liquibaseChangeSets(DataSource ds) {
    return strings(ds, "SELECT id FROM DATABASECHANGELOG WHERE author = 'latchkey' "
        + "ORDER BY orderexecuted");
  }

  private static List<String> strings(DataSource ds, String query) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
    return out;
  }

  private static String changeSetId(JdbcSchema.Migration m, Dialect dialect) {
    return "latchkey-v" + m.version() + "-" + dialect.folder();
  }

  private static String liquibaseDbms(Dialect dialect) {
    return dialect == Dialect.MARIADB ? "mariadb" : dialect.folder();
  }

  private static int versionOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static Latchkey latchkey(DataSource ds, JdbcSettings options) {
    return Latchkey.builder().stores(JdbcStores.create(ds, options))
        .clock(new MutableClock(T0)).random(new SecureRandom()).build();
  }

  /** Sets a password, signs in with it; returns the session token. */
  private static String signInOnce(DataSource ds, JdbcSettings options, String account) {
    Latchkey latchkey = latchkey(ds, options);
    ClientInfo client = new ClientInfo("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
    latchkey.signIn().setPassword(account, "Correct-horse-9");
    SignInResult result = latchkey.signIn().signIn(account, "Correct-horse-9", client);
    assertThat(result).isInstanceOf(SignInResult.SignedIn.class);
    return ((SignInResult.SignedIn) result).session().token().reveal();
  }

  /**
   * A smoke of the stores on the migrated tables: a sign-in (credentials, attempt counters, known
   * devices, events, sessions), the session validated, an API key made and authenticated.
   */
  private static void assertStoresWork(DataSource ds, JdbcSettings options) {
    String account = "acct-" + TestDatabases.randomLetters(8);
    String token = signInOnce(ds, options, account);
    Latchkey latchkey = latchkey(ds, options);
    SessionValidation validation = latchkey.sessions().validate(token);
    assertThat(validation.isValid()).isTrue();
    CreatedApiKey key = latchkey.apiKeys().create(account, ApiKeySpec.builder().name("ci").build());
    assertThat(latchkey.apiKeys().authenticate("Bearer " + key.key().reveal()).isAuthenticated())
        .isTrue();
    assertThat(latchkey.loginHistory().page(account, EventQuery.firstPage(10)).events())
        .isNotEmpty();
  }

  /**
   * No statement that touches Latchkey's tables raised a warning. Statements of the tools on
   * their own history tables are theirs (Flyway's, Liquibase's) and are not counted; the app's
   * table is not Latchkey's either.
   */
  private static void assertNoWarningFromLatchkeysStatements(IsolatedDatabase d) {
    Predicate<WarningRecorder.Warning> latchkeys = w -> {
      String sql = w.sql().toLowerCase(java.util.Locale.ROOT);
      return sql.contains(PREFIX) && !sql.contains(PREFIX + "flyway_history")
          && !sql.contains("databasechangelog");
    };
    assertThat(d.warnings().warnings()).filteredOn(latchkeys).isEmpty();
  }

  // ---- Every column of every table, generically ----

  /**
   * Two rows in every Latchkey table the database has, every column filled with a value of its
   * type, then read back: table → primary key → column → value as text.
   */
  private static Map<String, Map<String, Map<String, String>>> fillEveryTable(IsolatedDatabase d)
      throws SQLException {
    DialectSql sql = new DialectSql(d.dialect());
    try (Connection c = d.dataSource().getConnection()) {
      for (String table : latchkeyTables(c)) {
        List<Column> columns = columns(c, table);
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        String marks = String.join(", ", columns.stream().map(col -> "?").toList());
        for (int row = 1; row <= 2; row++) {
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
            for (int i = 0; i < columns.size(); i++) {
              bind(ps, i + 1, columns.get(i), row, sql);
            }
            ps.executeUpdate();
          }
        }
      }
    }
    Map<String, Map<String, Map<String, String>>> out = snapshot(d);
    assertThat(out).isNotEmpty().allSatisfy((table, rows) -> assertThat(rows).hasSize(2));
    return out;
  }

  private static Map<String, Map<String, Map<String, String>>> snapshot(IsolatedDatabase d)
      throws SQLException {
    DialectSql sql = new DialectSql(d.dialect());
    Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
    try (Connection c = d.dataSource().getConnection()) {
      for (String table : latchkeyTables(c)) {
        List<String> key = primaryKey(c, table);
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            Map<String, String> row = new TreeMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String name = meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
              row.put(name, isTime(meta.getColumnType(i), meta.getColumnTypeName(i))
                  ? String.valueOf(sql.readInstant(rs, meta.getColumnLabel(i)))
                  : isBinary(meta.getColumnType(i)) ? hex(rs.getBytes(i))
                  : rs.getString(i));
            }
            rows.put(String.join("|", key.stream().map(row::get).toList()), row);
          }
        }
        out.put(table.substring(PREFIX.length()), rows);
      }
    }
    return out;
  }

  /** Every row is still there with every value, but for the columns dropped by design. */
  private static void assertNothingLost(Map<String, Map<String, Map<String, String>>> before,
      Map<String, Map<String, Map<String, String>>> after) {
    before.forEach((table, rows) -> {
      assertThat(after).as("table %s", table).containsKey(table);
      assertThat(after.get(table).keySet()).as("rows of %s", table)
          .containsExactlyInAnyOrderElementsOf(rows.keySet());
      rows.forEach((key, row) -> row.forEach((column, value) -> {
        Map<String, String> now = after.get(table).get(key);
        if (now.containsKey(column)) {
          assertThat(now.get(column)).as("%s.%s of row %s", table, column, key).isEqualTo(value);
        } else {
          assertThat(DROPPED_BY_DESIGN).as("%s.%s was dropped", table, column)
              .contains(table + "." + column);
        }
      }));
    });
  }

  record Column(String name, int type, String typeName, int size) {}

  private static List<String> latchkeyTables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String name : tableNames(c)) {
      if (name.startsWith(PREFIX) && !name.equals(PREFIX + "schema_version")
          && !name.equals(PREFIX + "flyway_history")) {
        out.add(name);
      }
    }
    return out;
  }

  private static List<String> tableNames(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return tableNames(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tables of the connection's current schema (database), lower case. */
  private static List<String> tableNames(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%",
        new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    out.sort(null);
    return out;
  }

  private static List<Column> columns(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    List<Column> out = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), metaName(c, table), "%")) {
      while (rs.next()) {
        out.add(new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
            rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE")));
      }
    }
    assertThat(out).as("columns of %s", table).isNotEmpty();
    return out;
  }

  private static List<String> primaryKey(Connection c, String table) throws SQLException {
    Map<Integer, String> bySeq = new TreeMap<>();
    try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(),
        metaName(c, table))) {
      while (rs.next()) {
        bySeq.put(rs.getInt("KEY_SEQ"),
            rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertThat(bySeq).as("primary key of %s", table).isNotEmpty();
    return new ArrayList<>(bySeq.values());
  }

  /** H2 keeps unquoted names in upper case. */
  private static String metaName(Connection c, String table) throws SQLException {
    return c.getMetaData().storesUpperCaseIdentifiers()
        ? table.toUpperCase(java.util.Locale.ROOT) : table;
  }

  private static boolean isTime(int type, String typeName) {
    return type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE
        || typeName.toLowerCase(java.util.Locale.ROOT).startsWith("timestamp")
        || typeName.equalsIgnoreCase("datetime");
  }

  /**
   * A value of the column's type for row 1 or 2: unique per row (for the unique keys), within
   * the column's size, and inside the one CHECK the schema has on a text column (status).
   */
  private static void bind(PreparedStatement ps, int index, Column column, int row,
      DialectSql sql) throws SQLException {
    String name = column.name().toLowerCase(java.util.Locale.ROOT);
    switch (column.type()) {
      case Types.CHAR, Types.NCHAR -> ps.setString(index, fill(row + name, column.size()));
      case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
          Types.NCLOB -> ps.setString(index,
          name.equals("status") ? "active"
              : truncate(row + "-" + name + "-Ab", column.size()));
      case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.DECIMAL,
          Types.NUMERIC -> ps.setInt(index, row + 1);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ps.setBytes(index,
          fill(row + name, Math.min(Math.max(column.size(), 1), 64)).getBytes(
              java.nio.charset.StandardCharsets.US_ASCII));
      case Types.BOOLEAN, Types.BIT -> ps.setBoolean(index, true);
      default -> {
        if (isTime(column.type(), column.typeName())) {
          sql.bindInstant(ps, index, T0.plusSeconds(60L * row + index));
        } else {
          fail("no test value for " + column + ": teach MigrationToolsTest.bind the type");
        }
      }
    }
  }

  private static boolean isBinary(int type) {
    return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
        || type == Types.BLOB;
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? null : java.util.HexFormat.of().formatHex(bytes);
  }

  private static String fill(String seed, int size) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < size) {
      sb.append(seed);
    }
    return sb.substring(0, size);
  }

  private static String truncate(String value, int size) {
    return value.length() <= size ? value : value.substring(0, size);
  }

  /** Each table's columns and keys as MariaDB describes them (SHOW CREATE TABLE, prefix-free). */
  private static Map<String, List<String>> tableDefinitions(DataSource ds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = ds.getConnection()) {
      for (String table : latchkeyTables(c)) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table)) {
          rs.next();
          out.put(table, rs.getString(2).lines().map(String::strip).toList());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
