package dev.latchkey.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Drops every table a benchmark created under its random prefix (PostgreSQL). */
final class JdbcTables {
  private JdbcTables() {}

  static void dropPrefixed(Connection c, String prefix) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            + " AND starts_with(tablename, ?)")) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String t : tables) {
        st.execute("DROP TABLE IF EXISTS \"" + t + "\" CASCADE");
      }
    }
  }
}
