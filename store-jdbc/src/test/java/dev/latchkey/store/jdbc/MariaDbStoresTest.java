package dev.latchkey.store.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.store.tck.SecurityEventStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JDBC stores on MariaDB ({@code LATCHKEY_TEST_MARIADB_URL}); skipped when unreachable. */
class MariaDbStoresTest extends StoresOnDatabase {
  private static final PrintStream ORIGINAL_ERR = System.err;
  private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();

  /**
   * Everything the driver (and anything else) logs while the contract kit runs here. slf4j-simple
   * writes to whatever System.err is at the time of each call, so a tee sees every line.
   */
  @BeforeAll
  static void captureLogs() {
    System.setErr(new PrintStream(new TeeOutputStream(ORIGINAL_ERR, LOGGED), true, UTF_8));
  }

  /**
   * MariaDB Connector/J logs every server error at WARN quoting the statement's key values ("Duplicate
   * entry 'client:203.0.113.7' …", a token hash): the stores must not raise such errors on their
   * paths, so a host's logs never fill with values the library keeps private.
   */
  @AfterAll
  static void contractRunLoggedNoKeyValues() {
    System.setErr(ORIGINAL_ERR);
    String log = LOGGED.toString(UTF_8);
    // Other server errors the contract provokes on purpose ("Data too long for column …", a lost
    // deadlock race) are logged too, but name no value.
    assertThat(log).doesNotContain("Duplicate entry", "account:", "client:");
    assertThat(log).doesNotContainPattern("[0-9a-f]{32}");
  }

  /** Writes to two streams. */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeOutputStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }

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
