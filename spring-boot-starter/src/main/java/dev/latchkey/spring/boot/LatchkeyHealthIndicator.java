package dev.latchkey.spring.boot;

import dev.latchkey.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Whether Latchkey's JDBC stores can answer: one connection from the pool and one query on the
 * sessions table that reads no row ({@code WHERE 1 = 0}), so a missing table shows as well as an
 * unreachable database. Details: the dialect and the table prefix; the failure's message is
 * Spring's usual {@code error} detail (no secret can be in it: nothing secret is queried).
 */
public final class LatchkeyHealthIndicator extends AbstractHealthIndicator {
  private final DataSource dataSource;
  private final JdbcStores stores;

  /** A health indicator over these stores and their {@code DataSource}. */
  public LatchkeyHealthIndicator(DataSource dataSource, JdbcStores stores) {
    super("Latchkey stores health check failed");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws SQLException {
    String prefix = stores.options().tablePrefix();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      // The prefix is checked by JdbcSettings ([A-Za-z0-9_]), so it is safe in the statement.
      st.executeQuery("SELECT COUNT(*) FROM " + prefix + "sessions WHERE 1 = 0").close();
    }
    builder.up().withDetail("dialect", stores.dialect().name().toLowerCase(java.util.Locale.ROOT))
        .withDetail("tablePrefix", prefix);
  }
}
