package dev.latchkey.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A database of its own for one migration test, dropped on {@link #close()}: on PostgreSQL a new
 * schema ({@code lk_mig_…}) that the pool's connections use as their current schema, on MariaDB a
 * new database, on H2 a new in-memory database. Migration tools look at a whole schema (Flyway's
 * "is it empty?", Liquibase's history table), so a table prefix alone would not keep concurrent
 * test runs on the shared servers apart. Call {@link TestDatabases#assumeAvailable} first.
 */
final class IsolatedDatabase implements AutoCloseable {
  private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+)/?([^?;]*)(.*)$");

  final TestDatabases.Db db;
  final String name;
  private final HikariDataSource admin;
  private final HikariDataSource pool;
  private final WarningRecorder warnings;

  private IsolatedDatabase(TestDatabases.Db db, String name, HikariDataSource admin,
      HikariDataSource pool) {
    this.db = db;
    this.name = name;
    this.admin = admin;
    this.pool = pool;
    this.warnings = new WarningRecorder(pool);
  }

  /** Creates the schema or database; the caller closes it. */
  static IsolatedDatabase create(TestDatabases.Db db) {
    String name = "lk_mig_" + TestDatabases.randomLetters(10);
    String base = db.url();
    switch (db) {
      case POSTGRESQL -> {
        HikariDataSource admin = TestDatabases.pool(db, base, name + "-admin");
        TestDatabases.execute(admin, "CREATE SCHEMA " + name);
        String sep = base.contains("?") ? "&" : "?";
        return new IsolatedDatabase(db, name, admin,
            TestDatabases.pool(db, base + sep + "currentSchema=" + name, name));
      }
      case MARIADB -> {
        HikariDataSource admin = TestDatabases.pool(db, base, name + "-admin");
        TestDatabases.execute(admin, "CREATE DATABASE " + name
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        Matcher m = MARIADB_URL.matcher(base);
        if (!m.matches()) {
          admin.close();
          throw new IllegalStateException("cannot name a database in " + TestDatabases.MARIADB_URL_ENV);
        }
        return new IsolatedDatabase(db, name, admin,
            TestDatabases.pool(db, m.group(1) + "/" + name + m.group(3), name));
      }
      case H2 -> {
        return new IsolatedDatabase(db, name, null, TestDatabases.pool(db, base, name));
      }
      default -> throw new IllegalArgumentException(db.toString());
    }
  }

  /** The pool, through the recorder of every statement's warnings. */
  DataSource dataSource() {
    return warnings;
  }

  WarningRecorder warnings() {
    return warnings;
  }

  Dialect dialect() {
    return db.dialect;
  }

  @Override
  public void close() {
    try {
      switch (db) {
        case POSTGRESQL -> TestDatabases.execute(admin, "DROP SCHEMA " + name + " CASCADE");
        case MARIADB -> TestDatabases.execute(admin, "DROP DATABASE " + name);
        case H2 -> TestDatabases.execute(pool, "DROP ALL OBJECTS");
      }
    } finally {
      pool.close();
      if (admin != null) {
        admin.close();
      }
    }
  }
}
