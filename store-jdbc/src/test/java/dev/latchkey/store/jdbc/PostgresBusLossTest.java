package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidationCacheSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on PostgreSQL: two Latchkey instances with their own pools, NOTIFY buses and caches.
 * B's listening connection is killed and kept from coming back; a revocation made through A
 * meanwhile (its NOTIFY is lost for B) is still refused by B at once, because B's cache emptied
 * itself and reads the store until its bus is connected again.
 */
class PostgresBusLossTest {
  private static final ClientInfo CLIENT = new ClientInfo("198.51.100.7", "Mozilla/5.0 Firefox/128.0");

  private HikariDataSource poolA;
  private HikariDataSource poolB;
  private String prefix;
  private SwitchableDataSource listenB;
  private PostgresInvalidationBus busA;
  private PostgresInvalidationBus busB;

  @BeforeEach
  void open() {
    TestDatabases.assumeAvailable(TestDatabases.Db.POSTGRESQL);
    String url = TestDatabases.Db.POSTGRESQL.url();
    poolA = TestDatabases.pool(TestDatabases.Db.POSTGRESQL, url, "loss-a");
    poolB = TestDatabases.pool(TestDatabases.Db.POSTGRESQL, url, "loss-b");
    prefix = TestDatabases.randomPrefix();
    JdbcSchema.apply(poolA, settings());
    listenB = new SwitchableDataSource(poolB);
    busA = PostgresInvalidationBus.builder(poolA).channelFor(settings()).build();
    busB = PostgresInvalidationBus.builder(poolB).listenOn(listenB.dataSource)
        .channelFor(settings()).wait(Duration.ofMillis(50))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
  }

  private JdbcSettings settings() {
    return JdbcSettings.builder().tablePrefix(prefix).build();
  }

  @AfterEach
  void close() {
    if (poolA == null) {
      return;
    }
    busA.close();
    busB.close();
    TestDatabases.dropTables(poolA, prefix);
    poolA.close();
    poolB.close();
  }

  private Latchkey latchkey(HikariDataSource pool, PostgresInvalidationBus bus) {
    return Latchkey.builder().stores(JdbcStores.create(pool, settings())).invalidationBus(bus)
        .validationCache(ValidationCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build())
        .build();
  }

  private static boolean valid(Latchkey l, NewSession s) {
    return l.sessions().validate(s.token().reveal()) instanceof SessionValidation.Valid;
  }

  @Test
  void listenerKilledThenARevocationWhoseNotifyIsLostIsStillRefusedAtOnce() throws Exception {
    Latchkey a = latchkey(poolA, busA);
    Latchkey b = latchkey(poolB, busB);
    await(busB::isConnected);
    NewSession s = a.sessions().create("acct-1", CLIENT);
    assertThat(valid(b, s)).isTrue(); // cached on B (TTL 60 s)

    listenB.down.set(true); // B cannot reconnect
    try (Connection c = poolA.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, busB.listenerProcessId());
      ps.execute();
    }
    await(() -> !busB.isConnected());
    a.sessions().revoke("acct-1", s.id()); // B does not hear this NOTIFY
    assertThat(valid(b, s)).as("B's cache emptied itself on the loss").isFalse();

    NewSession fresh = a.sessions().create("acct-1", CLIENT);
    assertThat(valid(b, fresh)).isTrue();
    a.sessions().revoke("acct-1", fresh.id()); // lost too: B is still disconnected
    assertThat(valid(b, fresh)).as("bypassed while disconnected: nothing was cached").isFalse();

    listenB.down.set(false);
    await(busB::isConnected);
    NewSession later = a.sessions().create("acct-1", CLIENT);
    assertThat(valid(b, later)).isTrue();
    a.sessions().revoke("acct-1", later.id());
    await(() -> !valid(b, later)); // delivered again once reconnected
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
