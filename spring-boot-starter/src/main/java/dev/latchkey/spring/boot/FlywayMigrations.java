package dev.latchkey.spring.boot;

import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;

/**
 * Latchkey's migrations as a Flyway run of their own. Loaded only when Flyway is on the class
 * path.
 *
 * <p>Why not add Latchkey's location to the application's Flyway: both number their files from
 * V1, and one history table cannot hold two V1s. So Latchkey's files get their own history table;
 * the run comes after the application's (whose migrations then never see Latchkey's tables as an
 * unknown non-empty schema), and baselines on a schema that already holds the application's
 * tables: at version 0, so every Latchkey version is still applied, or, when {@code JdbcSchema}
 * created Latchkey's tables before the application took up Flyway, at the version JdbcSchema
 * reached, so Flyway applies only what is newer (the switch-over store-jdbc's migration tests
 * check).
 */
final class FlywayMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(FlywayMigrations.class);

  private FlywayMigrations() {}

  static boolean appUsesFlyway(ListableBeanFactory beans) {
    return beans.getBeanNamesForType(Flyway.class, true, false).length > 0;
  }

  static void migrate(ListableBeanFactory beans, DataSource dataSource, JdbcStores stores,
      LatchkeyProperties properties) {
    // The application's migrations first (Boot runs them when this initializer is created).
    beans.getBeansOfType(FlywayMigrationInitializer.class, true, false);
    String prefix = stores.options().tablePrefix();
    String table = properties.getSchema().getFlywayTable();
    if (table == null || table.isBlank()) {
      table = prefix + "flyway_history";
    }
    var result = Flyway.configure(FlywayMigrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:" + stores.dialect().schemaLocation())
        .table(table)
        .placeholders(Map.of("table_prefix", prefix))
        .baselineOnMigrate(true)
        .baselineVersion(String.valueOf(JdbcSchema.currentVersion(dataSource, stores.options())))
        .load()
        .migrate();
    LOG.debug("Latchkey schema migrated with Flyway ({} migrations, history table {})",
        result.migrationsExecuted, table);
  }
}
