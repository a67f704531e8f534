package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema files, their index, and the options that name the tables. */
class JdbcSchemaTest {

  /** The table each version creates first, by version. */
  private static final Map<Integer, String> FIRST_TABLE = Map.ofEntries(Map.entry(1, "sessions"),
      Map.entry(2, "api_keys"), Map.entry(3, "totp_credentials"),
      Map.entry(4, "attempt_counters"), Map.entry(5, "connected_accounts"),
      Map.entry(6, "security_events"), Map.entry(8, "sign_in_challenges"),
      Map.entry(10, "known_devices"), Map.entry(11, "passkeys"),
      Map.entry(12, "one_time_codes"), Map.entry(13, "account_tokens"),
      Map.entry(14, "invalidations"));
  /** The table each version that creates none alters first, by version. */
  private static final Map<Integer, String> FIRST_ALTERED = Map.of(7, "sessions", 9,
      "sessions");
  /** The table each version that only adds indexes indexes first, by version. */
  private static final Map<Integer, String> FIRST_INDEXED = Map.of(15, "sessions");

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyListedVersionHasAFileForEveryDialect(Dialect dialect) {
    assertThat(JdbcSchema.MIGRATIONS)
        .hasSize(FIRST_TABLE.size() + FIRST_ALTERED.size() + FIRST_INDEXED.size());
    for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
      assertThat(JdbcSchema.read(dialect.schemaLocation() + "/" + m.fileName()))
          .contains(FIRST_TABLE.containsKey(m.version())
              ? "CREATE TABLE ${table_prefix}" + FIRST_TABLE.get(m.version()) + " ("
              : FIRST_INDEXED.containsKey(m.version())
                  ? "ON ${table_prefix}" + FIRST_INDEXED.get(m.version()) + " ("
                  : "ALTER TABLE ${table_prefix}" + FIRST_ALTERED.get(m.version()));
      assertThat(JdbcSchema.statements(dialect, m, "latchkey_"))
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s).doesNotContain("${").doesNotEndWith(";"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyFileInTheFolderIsListed(Dialect dialect) throws IOException, URISyntaxException {
    URL folder = JdbcSchema.class.getResource("/" + dialect.schemaLocation());
    assertThat(folder).as("schema folder for %s", dialect).isNotNull();
    List<String> listed = JdbcSchema.MIGRATIONS.stream().map(JdbcSchema.Migration::fileName)
        .toList();
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(listed);
    }
  }

  /** Ascending and unique; gaps are allowed (JdbcSchema applies each missing version). */
  @Test
  void versionsAreListedInAscendingOrder() {
    for (int i = 1; i < JdbcSchema.MIGRATIONS.size(); i++) {
      assertThat(JdbcSchema.MIGRATIONS.get(i).version())
          .isGreaterThan(JdbcSchema.MIGRATIONS.get(i - 1).version());
    }
    assertThat(JdbcSchema.MIGRATIONS).extracting(JdbcSchema.Migration::fileName)
        .containsExactly("V1__sessions_and_credentials.sql", "V2__api_keys.sql",
            "V3__two_factor.sql", "V4__attempt_counters.sql", "V5__connected_accounts.sql",
            "V6__security_events.sql", "V7__structured_client.sql", "V8__sign_in_challenges.sql",
            "V9__session_auth_time.sql", "V10__known_devices.sql", "V11__passkeys.sql",
            "V12__one_time_codes.sql", "V13__account_tokens.sql",
            "V14__invalidations.sql", "V15__purge_indexes.sql");
    assertThat(JdbcSchema.latestVersion()).isEqualTo(15);
  }

  /**
   * Version 7 replaces the device and location labels of sessions and events with structured
   * columns, and rebuilds the suspicious-sign-in index over them.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theStructuredClientFileReplacesTheLabelColumns(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(7), "auth_");
    String all = String.join("\n", statements);
    assertThat(statements.get(0)).startsWith("DROP INDEX auth_security_events_acct_seen_ix");
    for (String table : List.of("auth_sessions", "auth_security_events")) {
      String added = statements.stream()
          .filter(st -> st.matches("(?s)ALTER TABLE " + table + "\\s+ADD.*"))
          .findFirst().orElseThrow();
      assertThat(added)
          .containsPattern("browser +VARCHAR\\(64\\)")
          .containsPattern("browser_version +INTEGER")
          .containsPattern("os +VARCHAR\\(64\\)")
          .containsPattern("device_type +VARCHAR\\(16\\)")
          .containsPattern("city +VARCHAR\\(100\\)")
          .containsPattern("region +VARCHAR\\(100\\)")
          .containsPattern("country_code +VARCHAR\\(100\\)")
          .containsPattern("address_scope +VARCHAR\\(16\\)")
          .contains("'unknown'");
      if (table.equals("auth_security_events")) {
        // Suspicious-sign-in detection compares these byte-wise, case-sensitively.
        String binary = switch (dialect) {
          case POSTGRESQL -> "COLLATE \"C\"";
          case MARIADB -> "COLLATE utf8mb4_bin";
          case H2 -> "";
        };
        for (String column : List.of("browser", "os", "device_type", "city", "region",
            "country_code", "address_scope")) {
          assertThat(added.lines()
              .filter(l -> l.strip().replaceFirst("^ADD COLUMN ", "").startsWith(column + " "))
              .findFirst())
              .as("column %s", column)
              .hasValueSatisfying(line -> assertThat(line).contains(binary));
        }
      }
      assertThat(all).containsPattern("ALTER TABLE " + table + "[^;]*DROP COLUMN device")
          .containsPattern("ALTER TABLE " + table + "[^;]*DROP COLUMN location");
    }
    assertThat(statements.get(statements.size() - 1))
        .startsWith("CREATE INDEX auth_security_events_acct_seen_ix")
        .contains("account_id, type, browser, os, device_type, address_scope");
    if (dialect == Dialect.MARIADB) {
      // The full key would pass InnoDB's 3072 bytes: see the file's "Sizes".
      assertThat(statements.get(statements.size() - 1))
          .contains("country_code(32), region(64), city(64)");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theTwoFactorFileCreatesTheCredentialAndCodeTables(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(3), "auth_");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_totp_credentials (")
        .contains(primaryKey(dialect, "auth_totp_credentials_pk", "account_id"))
        .contains("auth_totp_credentials_status_ck CHECK (status IN ('pending', 'active'))")
        .containsPattern("encrypted_secret +VARCHAR\\(512\\)")
        .containsPattern("last_accepted_step +BIGINT.*-1");
    assertThat(statements.get(1)).startsWith("CREATE TABLE auth_backup_codes (")
        .contains(primaryKey(dialect, "auth_backup_codes_pk", "account_id, code_hash"));
    assertBinaryCollation(dialect, statements.get(0), "account_id", "encrypted_secret", "status");
    assertBinaryCollation(dialect, statements.get(1), "account_id", "code_hash", "key_id");
    if (dialect == Dialect.MARIADB) {
      assertThat(statements).allSatisfy(s -> assertThat(s).contains("ENGINE=InnoDB"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theAttemptCountersFileCreatesTheTableAndThePurgeIndex(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(4), "auth_");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_attempt_counters (")
        .containsPattern("factor +VARCHAR\\(32\\)")
        .containsPattern("subject +VARCHAR\\(300\\)")
        .contains(primaryKey(dialect, "auth_attempt_counters_pk", "factor, subject"));
    assertBinaryCollation(dialect, statements.get(0), "factor", "subject");
    assertThat(statements.get(1)).isEqualTo("CREATE INDEX auth_attempt_counters_last_attempt_ix\n"
        + "  ON auth_attempt_counters (last_attempt_at)");
    if (dialect == Dialect.MARIADB) {
      assertThat(statements.get(0)).contains("ENGINE=InnoDB");
    }
  }

  /** Keys and ciphertexts compare byte-wise, case-sensitively (H2 does by default). */
  private static void assertBinaryCollation(Dialect dialect, String statement, String... columns) {
    String binary = switch (dialect) {
      case POSTGRESQL -> "COLLATE \"C\"";
      case MARIADB -> "COLLATE utf8mb4_bin";
      case H2 -> "";
    };
    for (String column : columns) {
      assertThat(statement.lines().filter(l -> l.strip().startsWith(column + " ")).findFirst())
          .as("column %s", column)
          .hasValueSatisfying(line -> assertThat(line).contains(binary));
    }
  }

  /**
   * How a file declares a primary key: named with the prefix, except on MariaDB/MySQL, which call
   * every primary key PRIMARY and warn (1280) about a name.
   */
  private static String primaryKey(Dialect dialect, String name, String columns) {
    return dialect == Dialect.MARIADB ? "PRIMARY KEY (" + columns + ")"
        : "CONSTRAINT " + name + " PRIMARY KEY (" + columns + ")";
  }

  /** MariaDB warns about every named primary key: no MariaDB file may name one. */
  @Test
  void noMariaDbFileNamesAPrimaryKey() {
    for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
      assertThat(JdbcSchema.statements(Dialect.MARIADB, m, "auth_")).as(m.fileName())
          .allSatisfy(st -> assertThat(st).doesNotContainPattern("CONSTRAINT\\s+\\S+\\s+PRIMARY"));
    }
    assertThat(new DialectSql(Dialect.MARIADB).createSchemaVersionTable())
        .contains("PRIMARY KEY (version)").doesNotContainPattern("CONSTRAINT\\s+\\S+\\s+PRIMARY");
  }

  private static JdbcSchema.Migration migration(int version) {
    return JdbcSchema.MIGRATIONS.stream().filter(m -> m.version() == version).findFirst()
        .orElseThrow();
  }

  @Test
  void theSessionsFileCreatesFourStatementsAndTheCredentialsTable() {
    List<String> statements = JdbcSchema.statements(Dialect.POSTGRESQL,
        JdbcSchema.MIGRATIONS.get(0), "auth_");
    assertThat(statements).hasSize(4);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_sessions (");
    assertThat(statements.get(3)).startsWith("CREATE TABLE auth_password_credentials (");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theApiKeysFileCreatesTheTableWithNamedConstraintsAndTheOwnerIndex(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, JdbcSchema.MIGRATIONS.get(1),
        "auth_");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_api_keys (")
        .contains(primaryKey(dialect, "auth_api_keys_pk", "id"))
        .contains("CONSTRAINT auth_api_keys_key_hash_uk UNIQUE (key_hash)");
    assertThat(statements.get(1)).isEqualToIgnoringWhitespace(
        "CREATE INDEX auth_api_keys_owner_created_ix ON auth_api_keys (owner, created_at)");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theConnectedAccountsFileCreatesOneTableWithBothUniqueKeysNamed(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(5), "auth_");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_connected_accounts (")
        .contains(primaryKey(dialect, "auth_connected_accounts_pk", "provider, subject"))
        .contains("CONSTRAINT auth_connected_accounts_acct_prov_uk UNIQUE (account_id, provider)")
        .containsPattern("email +VARCHAR\\(320\\)")
        .containsPattern("subject +VARCHAR\\(255\\)");
    assertBinaryCollation(dialect, statements.get(0), "account_id", "provider", "subject");
    if (dialect == Dialect.MARIADB) {
      assertThat(statements.get(0)).contains("ENGINE=InnoDB");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theSecurityEventsFileCreatesTheTableAndItsThreeIndexes(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(6), "auth_");
    assertThat(statements).hasSize(4);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_security_events (")
        .contains(primaryKey(dialect, "auth_security_events_pk", "id"))
        .containsPattern("id +VARCHAR\\(64\\)")
        .containsPattern("account_id +VARCHAR\\(255\\)")
        .containsPattern("type +VARCHAR\\(64\\)")
        .containsPattern("ip_address +VARCHAR\\(64\\)")
        .containsPattern("device +VARCHAR\\(255\\)")
        .containsPattern("location +VARCHAR\\(255\\)")
        .containsPattern("session_id +VARCHAR\\(128\\)")
        .containsPattern("suspicious +BOOLEAN +NOT NULL")
        .containsPattern("details +VARCHAR\\(2000\\) .*NOT NULL");
    assertBinaryCollation(dialect, statements.get(0), "id", "account_id", "type", "device",
        "location");
    assertThat(statements.get(1)).isEqualToIgnoringWhitespace("CREATE INDEX "
        + "auth_security_events_acct_time_ix "
        + "ON auth_security_events (account_id, occurred_at, id)");
    // MariaDB: a prefix of the labels, or the key would exceed InnoDB's 3072 bytes in utf8mb4.
    String labels = dialect == Dialect.MARIADB ? "device(128), location(128)" : "device, location";
    assertThat(statements.get(2)).isEqualToIgnoringWhitespace("CREATE INDEX "
        + "auth_security_events_acct_seen_ix ON auth_security_events (account_id, type, "
        + labels + ")");
    assertThat(statements.get(3)).isEqualToIgnoringWhitespace("CREATE INDEX "
        + "auth_security_events_occurred_ix ON auth_security_events (occurred_at)");
    if (dialect == Dialect.MARIADB) {
      assertThat(statements.get(0)).contains("ENGINE=InnoDB").contains("utf8mb4_bin");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theChallengesFileCreatesTheTableItsPurgeIndexAndDropsOldPendingSessions(Dialect dialect) {
    List<String> statements = JdbcSchema.statements(dialect, migration(8), "auth_");
    assertThat(statements).hasSize(3);
    assertThat(statements.get(0)).startsWith("CREATE TABLE auth_sign_in_challenges (")
        .contains(primaryKey(dialect, "auth_sign_in_challenges_pk", "id"))
        .contains("CONSTRAINT auth_sign_in_challenges_token_hash_uk UNIQUE (token_hash)")
        .containsPattern("token_hash +CHAR\\(64\\)")
        .containsPattern("account_id +VARCHAR\\(255\\)")
        .containsPattern("ip_address +VARCHAR\\(64\\)")
        .containsPattern("user_agent +VARCHAR\\(512\\)");
    // Null until used up: the consume statement sets it.
    assertThat(statements.get(0).lines().filter(l -> l.strip().startsWith("consumed_at "))
        .findFirst()).hasValueSatisfying(l -> assertThat(l).doesNotContain("NOT NULL"));
    assertBinaryCollation(dialect, statements.get(0), "id", "token_hash", "account_id");
    assertThat(statements.get(1)).isEqualToIgnoringWhitespace("CREATE INDEX "
        + "auth_sign_in_challenges_expires_ix ON auth_sign_in_challenges (expires_at)");
    assertThat(statements.get(2)).isEqualTo(
        "DELETE FROM auth_sessions WHERE assurance = 'second_factor_pending'");
    if (dialect == Dialect.MARIADB) {
      assertThat(statements.get(0)).contains("ENGINE=InnoDB").contains("utf8mb4_bin");
    }
  }

  /** Every constraint and index name fits PostgreSQL's 63 characters with a 30-character prefix. */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyNameFitsWithTheLongestPrefix(Dialect dialect) {
    String prefix = "abcdefghijklmnopqrstuvwxyz012_";
    assertThat(JdbcSettings.builder().tablePrefix(prefix).build().tablePrefix()).hasSize(30);
    java.util.regex.Pattern name = java.util.regex.Pattern.compile(
        "(?:CONSTRAINT|INDEX|TABLE) (" + prefix + "\\w*)");
    for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
      for (String statement : JdbcSchema.statements(dialect, m, prefix)) {
        java.util.regex.Matcher found = name.matcher(statement);
        while (found.find()) {
          assertThat(found.group(1)).as(m.fileName()).hasSizeLessThanOrEqualTo(63);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Latchkey_", "1abc", "_x", "lk-", "lk_;drop", "a b",
      "abcdefghijklmnopqrstuvwxyz01234"})
  void anInvalidPrefixIsRejectedNamingTheRule(String prefix) {
    assertThatThrownBy(() -> JdbcSettings.builder().tablePrefix(prefix).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid tablePrefix")
        .hasMessageContaining("[a-z][a-z0-9_]{0,29}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "latchkey_", "auth_", "lk_t0_", "abcdefghijklmnopqrstuvwxyz0123"})
  void aValidPrefixIsKept(String prefix) {
    assertThat(JdbcSettings.builder().tablePrefix(prefix).build().tablePrefix()).isEqualTo(prefix);
  }

  @Test
  void defaultsUseLatchkeyPrefixAndDetectTheDialect() {
    assertThat(JdbcSettings.defaults().tablePrefix()).isEqualTo("latchkey_");
    assertThat(JdbcSettings.defaults().dialect()).isEmpty();
    assertThat(JdbcSettings.builder().dialect(Dialect.H2).build().dialect()).contains(Dialect.H2);
  }

  @Test
  void dialectsAreDetectedFromProductNames() {
    assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MARIADB);
    assertThat(Dialect.fromProductName("H2")).isEqualTo(Dialect.H2);
    assertThatThrownBy(() -> Dialect.fromProductName("Oracle"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Oracle");
    assertThat(Dialect.POSTGRESQL.schemaLocation()).isEqualTo("db/latchkey/postgresql");
    assertThat(Dialect.MARIADB.folder()).isEqualTo("mariadb");
  }
}
