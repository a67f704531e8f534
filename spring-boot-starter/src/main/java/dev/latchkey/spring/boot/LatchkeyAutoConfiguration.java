package dev.latchkey.spring.boot;

import dev.latchkey.Latchkey;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.common.KeyRing;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.password.PasswordPolicy;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link Latchkey} over the application's {@link DataSource}.
 *
 * <ul>
 *   <li>{@link JdbcStores} over the one {@code DataSource}, with {@code latchkey.jdbc.table-prefix}.
 *   <li>The schema, unless {@code latchkey.schema.apply=false}: when the application uses Flyway
 *       (a {@code Flyway} bean), a second Flyway run after the application's, over Latchkey's
 *       files ({@code classpath:db/latchkey/<dialect>}) with its own history table
 *       ({@code latchkey_flyway_history}) and the {@code table_prefix} placeholder; otherwise
 *       {@link JdbcSchema#apply}.
 *   <li>The {@code Latchkey} bean, from the application's {@link Clock}, {@link SecureRandom},
 *       {@link IpLocator}, {@link DeviceNamer}, {@link PasswordPolicy},
 *       {@link TwoFactorRequirement} and {@link SecurityEventListener} beans where there are any,
 *       the key ring and TOTP issuer from {@code latchkey.keys} and {@code latchkey.totp.issuer},
 *       then every {@link LatchkeyBuilderCustomizer}.
 * </ul>
 * Each bean backs off when the application defines its own of that type.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@EnableConfigurationProperties(LatchkeyProperties.class)
public class LatchkeyAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(LatchkeyAutoConfiguration.class);
  private static final String FLYWAY = "org.flywaydb.core.Flyway";

  /** Creates the auto-configuration (Spring calls it). */
  public LatchkeyAutoConfiguration() {}

  /** The JDBC stores over the application's one {@code DataSource}. */
  @Bean
  @ConditionalOnMissingBean(Stores.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbcStores latchkeyStores(DataSource dataSource, LatchkeyProperties properties) {
    return JdbcStores.create(dataSource, jdbcSettings(properties));
  }

  /**
   * Latchkey's tables, created or upgraded before the {@code Latchkey} bean uses them: by Flyway
   * when the application uses it, else by {@link JdbcSchema}.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(JdbcStores.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnProperty(prefix = "latchkey.schema", name = "apply", havingValue = "true",
      matchIfMissing = true)
  public LatchkeySchema latchkeySchema(JdbcStores stores, DataSource dataSource,
      LatchkeyProperties properties, ListableBeanFactory beans) {
    boolean appUsesFlyway = ClassUtils.isPresent(FLYWAY, getClass().getClassLoader())
        && FlywayMigrations.appUsesFlyway(beans);
    if (appUsesFlyway) {
      FlywayMigrations.migrate(beans, dataSource, stores, properties);
      return new LatchkeySchema(LatchkeySchema.Tool.FLYWAY, stores.dialect());
    }
    JdbcSchema.apply(dataSource, stores.options());
    LOG.debug("Latchkey schema applied with JdbcSchema ({}, prefix {})", stores.dialect(),
        stores.options().tablePrefix());
    return new LatchkeySchema(LatchkeySchema.Tool.JDBC_SCHEMA, stores.dialect());
  }

  /**
   * The {@code Latchkey} entry point. Two-factor authentication is on when {@code latchkey.keys}
   * is set (then {@code latchkey.totp.issuer} is required).
   *
   * @throws IllegalStateException when the key ring is set without an issuer, or the key ring
   *     cannot be parsed (the message names the entry, never the key)
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Stores.class)
  public Latchkey latchkey(Stores stores, ObjectProvider<LatchkeySchema> schema,
      LatchkeyProperties properties, ObjectProvider<Clock> clock,
      ObjectProvider<SecureRandom> random, ObjectProvider<IpLocator> ipLocator,
      ObjectProvider<DeviceNamer> deviceNamer, ObjectProvider<PasswordPolicy> passwordPolicy,
      ObjectProvider<TwoFactorRequirement> twoFactorRequirement,
      ObjectProvider<SecurityEventListener> listeners,
      ObjectProvider<LatchkeyBuilderCustomizer> customizers) {
    // Tables first: nothing may reach a store before its schema is in place.
    schema.ifAvailable(s -> LOG.debug("{}", s));
    Latchkey.Builder builder = Latchkey.builder().stores(stores);
    clock.ifUnique(builder::clock);
    random.ifUnique(builder::random);
    ipLocator.ifUnique(builder::ipLocator);
    deviceNamer.ifUnique(builder::deviceNamer);
    passwordPolicy.ifUnique(builder::passwordPolicy);
    String keys = properties.getKeys();
    if (keys != null && !keys.isBlank()) {
      String issuer = properties.getTotp().getIssuer();
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalStateException("latchkey.keys is set but latchkey.totp.issuer is not:"
            + " set it to the name authenticator apps should show (your product's name)");
      }
      KeyRing ring;
      try {
        ring = KeyRing.parse(keys.strip());
      } catch (IllegalArgumentException e) {
        // KeyRing's message names the entry at fault, never key material.
        throw new IllegalStateException("Invalid latchkey.keys: " + e.getMessage(), e);
      }
      builder.keyRing(ring).totpSettings(TotpSettings.withIssuer(issuer));
    }
    twoFactorRequirement.ifUnique(builder::twoFactorRequirement);
    List<SecurityEventListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      builder.eventListener(all.size() == 1 ? all.get(0) : new EventListeners(all));
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  static JdbcSettings jdbcSettings(LatchkeyProperties properties) {
    return JdbcSettings.builder().tablePrefix(properties.getJdbc().getTablePrefix()).build();
  }
}
