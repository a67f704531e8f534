/**
 * Implementations of Latchkey's storage SPI over a {@code javax.sql.DataSource}, and the schema.
 *
 * <p>The schema files under {@code db/latchkey/{postgresql,mariadb,h2}} and the Liquibase changelog
 * under {@code db/latchkey/liquibase} are opened so that a host's own migration tool (Flyway,
 * Liquibase) can read them from the module path; they hold SQL and XML only.
 */
@SuppressWarnings("opens") // the opened packages hold resources, no classes
module dev.latchkey.store.jdbc {
  exports dev.latchkey.store.jdbc;

  opens db.latchkey.h2;
  opens db.latchkey.liquibase;
  opens db.latchkey.mariadb;
  opens db.latchkey.postgresql;

  // JdbcStores implements dev.latchkey.spi.Stores: hosts see the SPI through this module.
  requires transitive dev.latchkey.core;
  // DataSource is in the public signatures (JdbcStores.create, JdbcSchema.apply).
  requires transitive java.sql;
  // PostgresInvalidationBus only: LISTEN/NOTIFY through pgjdbc. Optional, so the stores (and the
  // polling bus) work without the PostgreSQL driver.
  requires static org.postgresql.jdbc;
  requires org.slf4j;
}
