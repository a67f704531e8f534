package dev.latchkey.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.Stores;
import dev.latchkey.spring.security.LatchkeyAuthenticationProvider;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.totp.BeginResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

class LatchkeyAutoConfigurationTest {
  // A base64 32-byte key made for this test only.
  private static final String TEST_KEYS = "t1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          LatchkeyAutoConfiguration.class, LatchkeyHealthAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1", "spring.flyway.enabled=false");

  @Test
  void dataSourceOnlyThenWorkingLatchkeyOverJdbcStoresWithJdbcSchema() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Latchkey.class).hasSingleBean(JdbcStores.class);
      assertThat(context.getBean(LatchkeySchema.class).tool())
          .isEqualTo(LatchkeySchema.Tool.JDBC_SCHEMA);
      DataSource ds = context.getBean(DataSource.class);
      assertThat(tableExists(ds, "LATCHKEY_SESSIONS")).isTrue();
      assertThat(tableExists(ds, "LATCHKEY_SCHEMA_VERSION")).isTrue();

      Latchkey latchkey = context.getBean(Latchkey.class);
      assertThat(latchkey.signIn().register("acct-1", "Correct-Horse-7",
          PasswordContext.builder().build()).isValid()).isTrue();
      SignInResult result = latchkey.signIn().signIn("acct-1", "Correct-Horse-7",
          ClientInfo.unknown());
      assertThat(result).isInstanceOf(SignInResult.SignedIn.class);
      String token = ((SignInResult.SignedIn) result).session().token().reveal();
      assertThat(latchkey.sessions().validate(token)).isInstanceOf(SessionValidation.Valid.class);
    });
  }

  @Test
  void appDefinesItsOwnLatchkeyThenAutoConfiguredOneBacksOff() {
    runner.withUserConfiguration(OwnLatchkey.class).run(context -> {
      assertThat(context).hasSingleBean(Latchkey.class);
      assertThat(context.getBean(Latchkey.class)).isSameAs(context.getBean("ownLatchkey"));
    });
  }

  @Test
  void appDefinesItsOwnStoresThenNoJdbcStoresNoSchemaAndLatchkeyUsesThem() {
    runner.withUserConfiguration(OwnStores.class).run(context -> {
      assertThat(context).hasSingleBean(Latchkey.class).doesNotHaveBean(JdbcStores.class)
          .doesNotHaveBean(LatchkeySchema.class);
      assertThat(tableExists(context.getBean(DataSource.class), "LATCHKEY_SESSIONS")).isFalse();
    });
  }

  @Test
  void noDataSourceThenNoLatchkey() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Latchkey.class));
  }

  @Test
  void tablePrefixPropertyThenTablesCarryIt() {
    runner.withPropertyValues("latchkey.jdbc.table-prefix=auth_").run(context -> {
      assertThat(context.getBean(JdbcStores.class).options().tablePrefix()).isEqualTo("auth_");
      DataSource ds = context.getBean(DataSource.class);
      assertThat(tableExists(ds, "AUTH_SESSIONS")).isTrue();
      assertThat(tableExists(ds, "LATCHKEY_SESSIONS")).isFalse();
    });
  }

  @Test
  void defaultTablePrefixPropertyMatchesJdbcSettings() {
    assertThat(new LatchkeyProperties().getJdbc().getTablePrefix())
        .isEqualTo(JdbcSettings.DEFAULT_TABLE_PREFIX);
  }

  @Test
  void schemaApplyFalseThenNoTablesAndHealthDown() {
    runner.withPropertyValues("latchkey.schema.apply=false").run(context -> {
      assertThat(context).hasSingleBean(Latchkey.class).doesNotHaveBean(LatchkeySchema.class);
      assertThat(tableExists(context.getBean(DataSource.class), "LATCHKEY_SESSIONS")).isFalse();
      Health health = context.getBean(LatchkeyHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void appUsesFlywayThenLatchkeyMigratesWithItsOwnHistoryTableAfterTheApps() {
    runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
        .withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/app")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(LatchkeySchema.class).tool())
              .isEqualTo(LatchkeySchema.Tool.FLYWAY);
          DataSource ds = context.getBean(DataSource.class);
          assertThat(tableExists(ds, "APP_USERS")).isTrue();
          assertThat(tableExists(ds, "LATCHKEY_SESSIONS")).isTrue();
          assertThat(tableExists(ds, "LATCHKEY_KNOWN_DEVICES")).isTrue();
          assertThat(tableExists(ds, "LATCHKEY_SCHEMA_VERSION")).isFalse();
          // The app's history holds only its own migration; Latchkey's has every shipped version.
          assertThat(count(ds, "SELECT COUNT(*) FROM \"flyway_schema_history\""
              + " WHERE \"script\" = 'V1__app_users.sql'")).isEqualTo(1);
          assertThat(count(ds, "SELECT COUNT(*) FROM \"flyway_schema_history\""
              + " WHERE \"version\" IS NOT NULL AND \"version\" <> '1'")).isZero();
          assertThat(count(ds, "SELECT COUNT(*) FROM \"latchkey_flyway_history\""
              + " WHERE \"success\" AND \"version\" <> '0'"))
              .isEqualTo(new PathMatchingResourcePatternResolver()
                  .getResources("classpath*:db/latchkey/h2/V*.sql").length);
        });
  }

  @Test
  void appUsesFlywayWithPrefixThenPlaceholderAndHistoryTableFollowIt() {
    runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
        .withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/app",
            "latchkey.jdbc.table-prefix=auth_")
        .run(context -> {
          DataSource ds = context.getBean(DataSource.class);
          assertThat(tableExists(ds, "AUTH_SESSIONS")).isTrue();
          assertThat(count(ds, "SELECT COUNT(*) FROM \"auth_flyway_history\""
              + " WHERE \"version\" = '10'")).isEqualTo(1);
          assertThat(context.getBean(Latchkey.class).sessions()
              .create("acct", ClientInfo.unknown())).isNotNull();
        });
  }

  @Test
  void tablesFromJdbcSchemaThenAppTakesUpFlywayThenNothingIsAppliedTwice() throws Exception {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    org.h2.jdbcx.JdbcDataSource before = new org.h2.jdbcx.JdbcDataSource();
    before.setURL(url);
    before.setUser("sa"); // as Boot connects to an embedded H2
    JdbcSchema.apply(before);
    // The highest shipped version (versions may have gaps: branches each take their own number).
    int shipped = java.util.Arrays.stream(new PathMatchingResourcePatternResolver()
            .getResources("classpath*:db/latchkey/h2/V*.sql"))
        .map(r -> r.getFilename())
        .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
        .max().orElseThrow();
    runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + url, "spring.flyway.enabled=true",
            "spring.flyway.locations=classpath:db/app",
            // The app's own Flyway meets a non-empty schema (Latchkey's tables) too: its setting.
            "spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=0")
        .run(context -> {
          assertThat(context).hasNotFailed();
          DataSource ds = context.getBean(DataSource.class);
          // Baselined at the version JdbcSchema reached; no file ran again on existing tables.
          assertThat(count(ds, "SELECT COUNT(*) FROM \"latchkey_flyway_history\""
              + " WHERE \"type\" = 'BASELINE' AND \"version\" = '" + shipped + "'"))
              .isEqualTo(1);
          assertThat(count(ds, "SELECT COUNT(*) FROM \"latchkey_flyway_history\""
              + " WHERE \"type\" = 'SQL'")).isZero();
          assertThat(context.getBean(Latchkey.class).sessions()
              .create("acct", ClientInfo.unknown())).isNotNull();
        });
  }

  @Test
  void appBeansAreUsedClockListenersAndCustomizers() {
    runner.withUserConfiguration(AppBeans.class).run(context -> {
      Latchkey latchkey = context.getBean(Latchkey.class);
      assertThat(latchkey.clock()).isSameAs(context.getBean(Clock.class));
      latchkey.signIn().register("acct-2", "Correct-Horse-7", PasswordContext.builder().build());
      latchkey.signIn().signIn("acct-2", "Correct-Horse-7", ClientInfo.unknown());
      AppBeans beans = context.getBean(AppBeans.class);
      // Both listeners hear the sign-in, the failing one first: it stops nobody.
      assertThat(beans.heard).contains("second:" + "sign_in.succeeded");
      assertThat(beans.customized).isTrue();
    });
  }

  @Test
  void keyRingAndIssuerThenTwoFactorWorks() {
    runner.withPropertyValues("latchkey.keys=" + TEST_KEYS, "latchkey.totp.issuer=Acme")
        .run(context -> {
          Latchkey latchkey = context.getBean(Latchkey.class);
          assertThat(latchkey.totp().begin("acct-3", "a@example.com"))
              .isInstanceOf(BeginResult.Started.class);
        });
  }

  @Test
  void keyRingWithoutIssuerThenStartFailsNamingTheProperty() {
    runner.withPropertyValues("latchkey.keys=" + TEST_KEYS).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("latchkey.totp.issuer");
    });
  }

  @Test
  void malformedKeyRingThenStartFailsWithoutShowingTheKey() {
    String secretLooking = "k1:c2VjcmV0LWtleS1tYXRlcmlhbA==";
    runner.withPropertyValues("latchkey.keys=" + secretLooking, "latchkey.totp.issuer=Acme")
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          assertThat(failure).rootCause().isNotNull();
          for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA");
          }
        });
  }

  @Test
  void propertiesToStringHidesTheKeyRing() {
    LatchkeyProperties properties = new LatchkeyProperties();
    properties.setKeys(TEST_KEYS);
    assertThat(properties.toString()).doesNotContain("AAECAwQF").contains("keys=(set)");
  }

  @Test
  void healthUpWithDialectAndPrefix() {
    runner.run(context -> {
      Health health = context.getBean(LatchkeyHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("dialect", "h2")
          .containsEntry("tablePrefix", "latchkey_");
    });
  }

  @Test
  void healthIndicatorOffByProperty() {
    runner.withPropertyValues("management.health.latchkey.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LatchkeyHealthIndicator.class));
  }

  @Test
  void configurationMetadataShipsWithDescriptions() throws Exception {
    String json = new String(new ClassPathResource("META-INF/spring-configuration-metadata.json")
        .getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains("\"latchkey.keys\"", "\"latchkey.totp.issuer\"",
        "\"latchkey.jdbc.table-prefix\"", "\"latchkey.schema.apply\"",
        "\"latchkey.security.realm\"", "\"latchkey.security.trusted-proxies\"",
        "\"latchkey.security.same-site\"", "\"defaultValue\": \"latchkey_\"",
        "Prefix of every Latchkey table");
  }

  // -------------------------------------------------------------------------------------------
  // Web and security
  // -------------------------------------------------------------------------------------------

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          LatchkeyAutoConfiguration.class, LatchkeyWebAutoConfiguration.class,
          LatchkeySecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
          UserDetailsServiceAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1");

  @Test
  void webAppThenAuthenticatorWithRealmAndDefaultChain() {
    web.withPropertyValues("latchkey.security.realm=acme").run(context -> {
      assertThat(context).hasSingleBean(LatchkeyAuthenticator.class)
          .hasSingleBean(SecurityFilterChain.class).hasBean("latchkeySecurityFilterChain");
      assertThat(context.getBean(LatchkeyAuthenticator.class).realm()).isEqualTo("acme");
      // No in-memory user with a generated password beside Latchkey.
      assertThat(context).hasSingleBean(LatchkeyAuthenticationProvider.class)
          .doesNotHaveBean(UserDetailsService.class);
    });
  }

  @Test
  void appHasItsOwnChainThenDefaultChainBacksOff() {
    web.withUserConfiguration(OwnChain.class).run(context -> {
      assertThat(context).hasSingleBean(SecurityFilterChain.class)
          .doesNotHaveBean("latchkeySecurityFilterChain");
    });
  }

  @Test
  void withoutSpringSecurityThenAuthenticatorButNoChain() {
    web.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(LatchkeyAuthenticator.class)
          .doesNotHaveBean(SecurityFilterChain.class)
          .doesNotHaveBean(LatchkeyAuthenticationProvider.class);
    });
  }

  @Test
  void withoutActuatorThenLatchkeyButNoHealthIndicator() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Latchkey.class)
            .doesNotHaveBean(LatchkeyHealthIndicator.class));
  }

  @Test
  void notAWebAppThenNoAuthenticator() {
    runner.withConfiguration(AutoConfigurations.of(LatchkeyWebAutoConfiguration.class))
        .run(context -> assertThat(context).hasSingleBean(Latchkey.class)
            .doesNotHaveBean(LatchkeyAuthenticator.class));
  }

  // -------------------------------------------------------------------------------------------

  private static boolean tableExists(DataSource ds, String name) throws SQLException {
    try (Connection c = ds.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
      return rs.next();
    }
  }

  private static int count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnLatchkey {
    @Bean
    Latchkey ownLatchkey() {
      return Latchkey.builder().stores(InMemoryStores.create()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnStores {
    @Bean
    Stores inMemoryStores() {
      return InMemoryStores.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AppBeans {
    final List<String> heard = new CopyOnWriteArrayList<>();
    volatile boolean customized;

    @Bean
    Clock clock() {
      return Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    }

    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityEventListener failingListener() {
      return event -> {
        throw new IllegalStateException("listener failure for the test");
      };
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityEventListener secondListener() {
      return (SecurityEvent event) -> heard.add("second:" + event.type().code());
    }

    @Bean
    LatchkeyBuilderCustomizer customizer() {
      return builder -> customized = true;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnChain {
    @Bean
    SecurityFilterChain own(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(r -> r.anyRequest().permitAll()).build();
    }
  }
}
