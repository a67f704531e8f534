package dev.latchkey.store.redis;

import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.store.tck.InvalidationBusContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The bus contract on Redis pub/sub ({@code LATCHKEY_TEST_REDIS_URL}), on a channel of its own; a
 * lost connection is the subscriber's connection killed with {@code CLIENT KILL ID}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisInvalidationBusTest extends InvalidationBusContract {
  private RedisSettings settings;
  private TestRedis.Admin admin;

  @BeforeAll
  void open() {
    if (TestRedis.unavailable().isPresent()) {
      return;
    }
    settings = RedisSettings.builder().keyPrefix(TestRedis.randomPrefix()).build();
    admin = new TestRedis.Admin(TestRedis.url());
  }

  @BeforeEach
  void requireRedis() {
    TestRedis.assumeAvailable();
  }

  @AfterAll
  void close() {
    if (admin != null) {
      admin.close();
    }
  }

  @Override
  protected InvalidationBus newBus() {
    return RedisInvalidationBus.builder(TestRedis.url()).settings(settings)
        .healthCheckEvery(Duration.ofMillis(100)).healthCheckTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Override
  protected void breakConnection(InvalidationBus bus) {
    admin.killClient(((RedisInvalidationBus) bus).subscriberClientId());
  }
}
