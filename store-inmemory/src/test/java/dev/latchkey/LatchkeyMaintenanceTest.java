package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatchkeyMaintenanceTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStores stores = InMemoryStores.create();

  @Test
  void runOnceDeletesWhatEndedBeforeTheRetentionAndCountsIt() {
    stores.sessions().insert(session("ended", T0, T0.plus(Duration.ofHours(12))));
    stores.securityEvents().append(event("old", T0));
    stores.accountTokens().issue(new AccountTokenRecord("a".repeat(64),
        AccountTokenRecord.PASSWORD_RESET, "acct", "acct@example.com", null, null, T0,
        T0.plus(Duration.ofMinutes(30)), null));
    clock.advance(Duration.ofDays(3));
    stores.sessions().insert(session("live", Instant.now(clock), Instant.now(clock)
        .plus(Duration.ofHours(12))));
    stores.securityEvents().append(event("recent", Instant.now(clock)));
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock)
        .loginHistoryRetention(Duration.ofDays(2)).build();

    MaintenanceReport report =
        LatchkeyMaintenance.builder(latchkey).retention(Duration.ofDays(1)).build().runOnce();

    assertThat(report.sessions()).isEqualTo(1);
    assertThat(report.securityEvents()).isEqualTo(1);
    assertThat(report.accountTokens()).isEqualTo(1);
    assertThat(report.total()).isEqualTo(3);
    assertThat(stores.accountTokens().find("a".repeat(64))).isEmpty();
    assertThat(stores.sessions().findById("ended")).isEmpty();
    assertThat(stores.sessions().findById("live")).isPresent();
    assertThat(LatchkeyMaintenance.builder(latchkey).build().runOnce().total()).isZero();
  }

  @Test
  void aFailingPurgeFailsRunOnceOnlyAfterTheOthersRan() {
    stores.securityEvents().append(event("old", T0));
    clock.advance(Duration.ofDays(400));
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock)
        .sessionStore(failingPurge(stores.sessions())).build();
    LatchkeyMaintenance maintenance = LatchkeyMaintenance.builder(latchkey).build();

    assertThatThrownBy(maintenance::runOnce).isInstanceOf(StoreException.class)
        .hasMessageContaining("database down");
    // The event purge after the failed session purge still ran.
    assertThat(stores.securityEvents().exists("acct", "sign_in.succeeded", null, null)).isFalse();
  }

  @Test
  void theScheduledTaskRunsWithAFixedDelayAndNeverThrows() throws Exception {
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock)
        .sessionStore(failingPurge(stores.sessions())).build();
    LatchkeyMaintenance maintenance = LatchkeyMaintenance.builder(latchkey).build();
    CapturingExecutor executor = new CapturingExecutor();
    try {
      maintenance.schedule(executor, Duration.ofMinutes(15));
      assertThat(executor.delayMillis).isEqualTo(Duration.ofMinutes(15).toMillis());
      assertThat(executor.initialMillis).isEqualTo(Duration.ofMinutes(15).toMillis());
      // A throwing task would cancel every later run; this one logs and returns.
      assertThatCode(executor.task::run).doesNotThrowAnyException();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock).build();
    assertThatThrownBy(() -> LatchkeyMaintenance.builder(latchkey)
        .retention(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    LatchkeyMaintenance maintenance = LatchkeyMaintenance.builder(latchkey).build();
    CapturingExecutor executor = new CapturingExecutor();
    try {
      assertThatThrownBy(() -> maintenance.schedule(executor, Duration.ofMillis(10)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.01S");
    } finally {
      executor.shutdownNow();
    }
  }

  private static SessionRecord session(String id, Instant created, Instant expires) {
    return new SessionRecord(id, "acct", "0".repeat(63) + id.length(), created, created,
        expires, null, "203.0.113.9", Device.unknown(), Location.of(AddressScope.PUBLIC), "single_factor", created);
  }

  private static SecurityEventRecord event(String id, Instant at) {
    return new SecurityEventRecord(id, "acct", "sign_in.succeeded", at, "203.0.113.9",
        Device.unknown(), Location.of(AddressScope.PUBLIC), null, false, Map.of());
  }

  private static SessionStore failingPurge(SessionStore target) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("purge")) {
            throw new StoreException("purge sessions failed: database down");
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Keeps the task instead of running it, so the test runs it without waiting. */
  private static final class CapturingExecutor extends ScheduledThreadPoolExecutor {
    Runnable task;
    long initialMillis;
    long delayMillis;

    CapturingExecutor() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
        long delay, TimeUnit unit) {
      task = command;
      initialMillis = unit.toMillis(initialDelay);
      delayMillis = unit.toMillis(delay);
      return schedule(() -> { }, 1, TimeUnit.DAYS);
    }
  }
}
