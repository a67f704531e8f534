package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.contract.SecurityEventStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JDBC stores on MariaDB ({@code LATCHKEY_TEST_MARIADB_URL}); skipped when unreachable. */
class MariaDbStoresTest extends StoresOnDatabase {
  @Override
  TestDatabases.Db database() {
    return TestDatabases.Db.MARIADB;
  }

  /** Also a jqwik group, so the contract's paging property runs here too. */
  @Nested
  @Group
  class SecurityEvents extends SecurityEventStoreContract {
    @Override
    protected SecurityEventStore emptyStore() {
      return emptySecurityEvents();
    }
  }

  /** What the stores rely on by default: the driver counts matched rows, not changed ones. */
  @Test
  void driverCountsMatchedRowsByDefault() throws SQLException {
    clear();
    stores.sessions().insert(session("found-1", "acct-f", "found-token", T0));
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE " + prefix + "sessions SET browser = browser WHERE id = ?")) {
      ps.setString(1, "found-1");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /** A host URL with useAffectedRows=true must not make a no-op touch look like a revoked session. */
  @Test
  void touchStillFindsTheSessionWhenTheDriverCountsOnlyChangedRows() {
    clear();
    String sep = url.contains("?") ? "&" : "?";
    try (HikariDataSource affected =
        TestDatabases.pool(database(), url + sep + "useAffectedRows=true", "affected-rows")) {
      SessionStore sessions = JdbcStores.create(affected, options).sessions();
      sessions.insert(session("affected-1", "acct-a", "affected-token", T0));
      assertThat(sessions.touch("affected-1", T0)).isTrue();
      assertThat(sessions.touch("affected-1", T0.minusSeconds(5))).isTrue();
      assertThat(sessions.touch("affected-1", T0.plusSeconds(5))).isTrue();
      assertThat(sessions.touch("unknown", T0.plusSeconds(5))).isFalse();
      sessions.revoke("acct-a", "affected-1", T0.plusSeconds(6));
      assertThat(sessions.touch("affected-1", T0)).isFalse();
    }
  }

  /** Every row the API key updates match, they change: their counts do not depend on the mode. */
  @Test
  void apiKeyUpdatesCountTheSameWhenTheDriverCountsOnlyChangedRows() {
    clear();
    String sep = url.contains("?") ? "&" : "?";
    try (HikariDataSource affected =
        TestDatabases.pool(database(), url + sep + "useAffectedRows=true", "affected-keys")) {
      ApiKeyStore keys = JdbcStores.create(affected, options).apiKeys();
      keys.insert(apiKey("affected-k", "owner-a", "affected-key", T0));
      keys.insert(apiKey("affected-k2", "owner-a", "affected-key-2", T0));
      Instant at = T0.plusSeconds(100);
      assertThat(keys.touchLastUsed("affected-k", at, at)).isTrue();
      assertThat(keys.touchLastUsed("affected-k", at, at)).isFalse();
      // Interval zero: the threshold equals the stored value, which is not "before" it.
      assertThat(keys.touchLastUsed("affected-k", at.plusMillis(1), at.plusMillis(1))).isTrue();
      assertThat(keys.markRotated("owner-a", "affected-k", at, "affected-k2")).isTrue();
      assertThat(keys.markRotated("owner-a", "affected-k", at, "affected-k3")).isFalse();
      assertThat(keys.revoke("owner-a", "affected-k", at)).isTrue();
      assertThat(keys.revoke("owner-a", "affected-k", at)).isFalse();
      assertThat(keys.revokeAll("owner-a", at)).isEqualTo(1);
    }
  }
}
