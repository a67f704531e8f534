package dev.latchkey.spring.boot;

import dev.latchkey.store.jdbc.Dialect;
import java.util.Objects;

/**
 * Says that Latchkey's tables were created or upgraded at start-up, and how. The auto-configured
 * {@code Latchkey} bean depends on it, so no store is used before its tables exist. Absent when
 * {@code latchkey.schema.apply=false} or the stores are not the JDBC ones.
 */
public final class LatchkeySchema {
  /** What applied the schema. */
  public enum Tool {
    /** Flyway, with Latchkey's own locations and history table, after the application's. */
    FLYWAY,
    /** {@code JdbcSchema.apply}, recording versions in {@code <prefix>schema_version}. */
    JDBC_SCHEMA
  }

  private final Tool tool;
  private final Dialect dialect;

  LatchkeySchema(Tool tool, Dialect dialect) {
    this.tool = Objects.requireNonNull(tool, "tool");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** What applied the schema. */
  public Tool tool() {
    return tool;
  }

  /** The database's dialect. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public String toString() {
    return "LatchkeySchema[" + tool + ", " + dialect + "]";
  }
}
