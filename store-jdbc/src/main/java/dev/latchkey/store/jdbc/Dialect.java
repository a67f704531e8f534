package dev.latchkey.store.jdbc;

import java.util.Locale;

/**
 * The SQL dialects the JDBC stores speak. {@link JdbcStores} and {@link JdbcSchema} detect it from
 * the database's product name unless {@link JdbcSettings.Builder#dialect(Dialect)} forces one.
 *
 * <p>Each dialect has its own schema files in the jar, under {@link #schemaLocation()}.
 */
public enum Dialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql"),
  /** MariaDB 10.5 or later, and MySQL 8 (through either vendor's driver). */
  MARIADB("mariadb"),
  /** H2 2.x, for tests, demos and embedded single-process apps. */
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The folder holding this dialect's schema files: {@code postgresql}, {@code mariadb} or {@code h2}. */
  public String folder() {
    return folder;
  }

  /**
   * Where this dialect's migration files live on the class path, such as
   * {@code db/latchkey/postgresql}; prefix it with {@code classpath:} for Flyway's
   * {@code locations}.
   */
  public String schemaLocation() {
    return "db/latchkey/" + folder;
  }

  /**
   * The dialect for a {@code DatabaseMetaData.getDatabaseProductName()} value.
   *
   * @throws IllegalArgumentException for a database the stores do not support
   */
  static Dialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb") || name.contains("mysql")) {
      return MARIADB;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException("Unsupported database \"" + productName
        + "\"; the JDBC stores support PostgreSQL, MariaDB/MySQL and H2 "
        + "(force a dialect with JdbcSettings.builder().dialect(...) if yours speaks one of them)");
  }
}
