package dev.latchkey.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.internal.Hashing;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.tck.ApiKeyStoreContract;
import dev.latchkey.store.tck.AttemptStoreContract;
import dev.latchkey.store.tck.ChallengeStoreContract;
import dev.latchkey.store.tck.KnownDeviceStoreContract;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.store.tck.SessionStoreContract;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Redis stores against a real server ({@code LATCHKEY_TEST_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379/0}): core's store contracts, atomicity across two Lettuce clients
 * (two "processes"), TTLs, and failures. Every key lives under a random prefix and is deleted at
 * the end; the stores' clock is fixed at the contracts' {@code T0}, so TTLs are computed from the
 * same time line as the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStoresTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  static final Device FIREFOX_ON_LINUX = new Device("Firefox", 121, "Linux", DeviceType.DESKTOP);
  static final Location BERLIN = new Location("Berlin", "Berlin", "DE");
  private static final int THREADS = 32;

  String prefix;
  RedisSettings settings;
  RedisStores stores;
  TestRedis.Admin admin;

  @BeforeAll
  void connect() {
    if (TestRedis.unavailable().isPresent()) {
      return; // each test then skips or fails in requireRedis, so reports count them
    }
    prefix = TestRedis.randomPrefix();
    settings = RedisSettings.builder().keyPrefix(prefix).build();
    stores = RedisStores.connect(TestRedis.url(), CLOCK, settings);
    admin = new TestRedis.Admin(TestRedis.url());
  }

  @BeforeEach
  void requireRedis() {
    TestRedis.assumeAvailable();
  }

  @AfterAll
  void deleteKeys() {
    if (stores == null) {
      return;
    }
    try {
      admin.deleteKeys(prefix);
    } finally {
      stores.close();
      admin.close();
    }
  }

  void clear() {
    admin.deleteKeys(prefix);
  }

  /** A second client on the same Redis and prefix: another "process". */
  RedisStores otherProcess() {
    return RedisStores.connect(TestRedis.url(), CLOCK, settings);
  }

  static SessionRecord session(String id, String account, String token, Instant at) {
    return new SessionRecord(id, account, Hashing.sha256Hex(token), at, at,
        at.plus(Duration.ofHours(12)), null, "203.0.113.9", FIREFOX_ON_LINUX, BERLIN,
        "single_factor");
  }

  static ChallengeRecord challenge(String id, String account, Instant at, Duration ttl) {
    return new ChallengeRecord(id, Hashing.sha256Hex("challenge-" + id), account, "203.0.113.9",
        "curl/8.4.0", at, at.plus(ttl), null);
  }

  static ApiKeyRecord apiKey(String id, String owner, String secret, Instant at) {
    return new ApiKeyRecord(id, owner, Hashing.sha256Hex(secret), "lk_live_\u2026a1B2", "CI",
        "read_write", Set.of("messages:send"), "live", at, null, null, null, null, null);
  }

  // ---- core's contracts ----

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore emptyStore() {
      clear();
      return stores.sessions();
    }
  }

  @Nested
  class Attempts extends AttemptStoreContract {
    @Override
    protected AttemptStore emptyStore() {
      clear();
      return stores.attempts();
    }
  }

  @Nested
  class Challenges extends ChallengeStoreContract {
    @Override
    protected ChallengeStore emptyStore() {
      clear();
      return stores.challenges();
    }
  }

  @Nested
  class KnownDevices extends KnownDeviceStoreContract {
    @Override
    protected KnownDeviceStore emptyStore() {
      clear();
      return stores.knownDevices();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore emptyStore() {
      clear();
      return stores.apiKeys();
    }
  }

  // ---- atomicity across two clients ("processes") ----

  @Test
  void concurrentConsumesOfOneChallengeAcrossTwoClientsHaveExactlyOneWinner() throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      RedisStores a = stores;
      ChallengeRecord c = challenge("race-consume", "acct-r", T0, Duration.ofMinutes(5));
      a.challenges().insert(c);
      int wins = race(i -> (i % 2 == 0 ? a : b).challenges()
          .consume(c.id(), T0.plusSeconds(1 + i % 3)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.challenges().findByTokenHash(c.tokenHash()).orElseThrow().consumed()).isTrue();
    }
  }

  @Test
  void attemptLimitsAcrossTwoClientsLetExactlyTheFreeAttemptsThrough() throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      MutableClock clock = new MutableClock(T0);
      AttemptPolicy five = AttemptPolicy.builder().freeAttempts(5).build();
      AttemptLimiter onA = AttemptLimiter.create(stores.attempts(), clock, five,
          AttemptPolicy.perClient());
      AttemptLimiter onB = AttemptLimiter.create(b.attempts(), clock, five,
          AttemptPolicy.perClient());
      int permitted = race(i -> (i % 2 == 0 ? onA : onB)
          .tryAttempt(Factor.PASSWORD, "victim", null).permitted());
      assertThat(permitted).isEqualTo(5);
    }
  }

  /**
   * Wrong guesses spread over two clients count exactly as on one: 32 racing attempts, each
   * counted once, none lost to a concurrent compare-and-set.
   */
  @Test
  void attemptCountsAcrossTwoClientsAreExact() throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      MutableClock clock = new MutableClock(T0);
      AttemptPolicy many = AttemptPolicy.builder().freeAttempts(1000).hardStop(1001).build();
      AttemptLimiter onA = AttemptLimiter.create(stores.attempts(), clock, many, many);
      AttemptLimiter onB = AttemptLimiter.create(b.attempts(), clock, many, many);
      int permitted = race(i -> (i % 2 == 0 ? onA : onB)
          .tryAttempt(Factor.PASSWORD, "victim", "203.0.113.5").permitted());
      assertThat(permitted).isEqualTo(THREADS);
      assertThat(b.attempts().find("password", "account:victim"))
          .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(THREADS));
      assertThat(stores.attempts().find("password", "client:203.0.113.5"))
          .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(THREADS));
    }
  }

  @Test
  void concurrentRevokesOfOneSessionAcrossTwoClientsHaveExactlyOneWinner() throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      RedisStores a = stores;
      SessionRecord s = session("race-revoke", "acct-r", "race-revoke-token", T0);
      a.sessions().insert(s);
      int wins = race(i -> (i % 2 == 0 ? a : b).sessions()
          .revoke("acct-r", s.id(), T0.plusSeconds(1 + i)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.sessions().findById(s.id()).orElseThrow().revoked()).isTrue();
    }
  }

  @Test
  void concurrentRotationsOfOneTokenAcrossTwoClientsHaveExactlyOneWinner() throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      RedisStores a = stores;
      SessionRecord s = session("race-rotate", "acct-r", "race-rotate-token", T0);
      a.sessions().insert(s);
      int wins = race(i -> (i % 2 == 0 ? a : b).sessions().rotate(s.id(), s.tokenHash(),
          Hashing.sha256Hex("rotated-" + i), "multi_factor"));
      assertThat(wins).isEqualTo(1);
      assertThat(a.sessions().findByTokenHash(s.tokenHash())).isEmpty();
    }
  }

  @Test
  void concurrentApiKeyRevokesAndRotationsAcrossTwoClientsHaveExactlyOneWinner()
      throws Exception {
    clear();
    try (RedisStores b = otherProcess()) {
      RedisStores a = stores;
      a.apiKeys().insert(apiKey("race-k1", "owner-r", "race-key-1", T0));
      a.apiKeys().insert(apiKey("race-k2", "owner-r", "race-key-2", T0));
      assertThat(race(i -> (i % 2 == 0 ? a : b).apiKeys()
          .revoke("owner-r", "race-k1", T0.plusSeconds(1)))).isEqualTo(1);
      assertThat(race(i -> (i % 2 == 0 ? a : b).apiKeys()
          .markRotated("owner-r", "race-k2", T0.plusSeconds(60), "next-" + i))).isEqualTo(1);
      assertThat(b.apiKeys().findById("race-k1").orElseThrow().revoked()).isTrue();
    }
  }

  @Test
  void aSessionRevokedThroughOneClientIsRefusedThroughTheOther() {
    clear();
    try (RedisStores b = otherProcess()) {
      MutableClock clock = new MutableClock(T0);
      SessionSettings touchEveryTime = SessionSettings.builder().touchInterval(Duration.ZERO)
          .build();
      SessionRegistry onA = SessionRegistry.using(stores.sessions(), clock, new SecureRandom(),
          touchEveryTime, IpLocator.none());
      SessionRegistry onB = SessionRegistry.using(b.sessions(), clock, new SecureRandom(),
          touchEveryTime, IpLocator.none());
      NewSession s = onA.create("acct-x", new ClientInfo("198.51.100.1", "curl/8.4.0"));
      assertThat(onB.validate(s.token().reveal()).isValid()).isTrue();
      assertThat(onA.revoke("acct-x", s.id()).isRevoked()).isTrue();
      assertThat(onB.validate(s.token().reveal()))
          .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
    }
  }

  @Test
  void anApiKeyRevokedThroughOneClientIsRefusedThroughTheOther() {
    clear();
    try (RedisStores b = otherProcess()) {
      MutableClock clock = new MutableClock(T0);
      ApiKeyService onA = ApiKeyService.using(stores.apiKeys(), clock, new SecureRandom(),
          ApiKeySettings.defaults());
      ApiKeyService onB = ApiKeyService.using(b.apiKeys(), clock, new SecureRandom(),
          ApiKeySettings.defaults());
      CreatedApiKey k = onA.create("owner-x", ApiKeySpec.builder().name("ci").build());
      assertThat(onB.authenticateKey(k.key().reveal()).isAuthenticated()).isTrue();
      assertThat(onA.revoke("owner-x", k.id()).code()).isEqualTo("revoked");
      assertThat(onB.authenticateKey(k.key().reveal()))
          .isEqualTo(new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.REVOKED));
    }
  }

  private int race(IndexedTask task) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        final int n = i;
        Callable<Boolean> call = () -> {
          start.await();
          return task.run(n);
        };
        results.add(executor.submit(call));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      return wins;
    } finally {
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  interface IndexedTask {
    boolean run(int index) throws Exception;
  }

  // ---- TTLs, keys, purging ----

  @Test
  void rowsExpireAfterTheirEndPlusTheRetentionCountedFromTheInjectedClock() {
    clear();
    SessionRecord s = session("ttl-s", "acct-t", "ttl-token", T0);
    stores.sessions().insert(s);
    stores.challenges().insert(challenge("ttl-c", "acct-t", T0, Duration.ofMinutes(5)));
    stores.attempts().compareAndSet(null,
        new dev.latchkey.spi.AttemptRecord("password", "account:acct-t", 1, T0));
    long day = Duration.ofDays(1).toMillis();
    // The server counts down from when it received the TTL, so allow it a minute of run time.
    assertThat(admin.commands.pttl(prefix + "session:ttl-s"))
        .isBetween(Duration.ofHours(12).toMillis() + day - 60_000,
            Duration.ofHours(12).toMillis() + day);
    assertThat(admin.commands.pttl(prefix + "session-token:" + s.tokenHash()))
        .isBetween(Duration.ofHours(12).toMillis() + day - 60_000,
            Duration.ofHours(12).toMillis() + day);
    assertThat(admin.commands.pttl(prefix + "challenge:ttl-c"))
        .isBetween(Duration.ofMinutes(5).toMillis() + day - 60_000,
            Duration.ofMinutes(5).toMillis() + day);
    assertThat(admin.commands.pttl(prefix + "attempt:8:password:account:acct-t"))
        .isBetween(Duration.ofDays(7).toMillis() - 60_000, Duration.ofDays(7).toMillis());
  }

  @Test
  void everyKeyCarriesThePrefixAndNoValueHoldsAToken() {
    clear();
    MutableClock clock = new MutableClock(T0);
    SessionRegistry registry = SessionRegistry.using(stores.sessions(), clock,
        new SecureRandom(), SessionSettings.defaults(), IpLocator.none());
    NewSession s = registry.create("acct-k", new ClientInfo("198.51.100.1", "curl/8.4.0"));
    ApiKeyService keys = ApiKeyService.using(stores.apiKeys(), clock, new SecureRandom(),
        ApiKeySettings.defaults());
    CreatedApiKey k = keys.create("acct-k", ApiKeySpec.builder().name("ci").build());
    String token = s.token().reveal();
    String key = k.key().reveal();
    List<String> written = admin.keys(prefix);
    assertThat(written).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(prefix)
        .doesNotContain(token).doesNotContain(key));
    for (String name : written) {
      String type = admin.commands.type(name);
      List<String> values = new ArrayList<>();
      switch (type) {
        case "hash" -> values.addAll(admin.commands.hgetall(name).values());
        case "string" -> values.add(admin.commands.get(name));
        case "set" -> values.addAll(admin.commands.smembers(name));
        case "zset" -> values.addAll(admin.commands.zrange(name, 0, -1));
        default -> throw new AssertionError("unexpected key type " + type);
      }
      assertThat(values).allSatisfy(v -> assertThat(v).doesNotContain(token)
          .doesNotContain(key));
    }
  }

  @Test
  void purgeWorksInBatchesAndCountsEveryRow() {
    clear();
    RedisSettings small = RedisSettings.builder().keyPrefix(prefix).purgeBatch(2).build();
    try (RedisStores batched = RedisStores.connect(TestRedis.url(), CLOCK, small)) {
      for (int i = 0; i < 5; i++) {
        batched.challenges().insert(challenge("purge-" + i, "acct-p", T0, Duration.ofSeconds(1)));
        batched.sessions().insert(session("purge-s" + i, "acct-p", "purge-token-" + i,
            T0.minus(Duration.ofDays(1))));
      }
      batched.challenges().insert(challenge("purge-live", "acct-p", T0, Duration.ofHours(1)));
      assertThat(batched.challenges().purge(T0.plusSeconds(60))).isEqualTo(5);
      assertThat(batched.sessions().purge(T0)).isEqualTo(5);
      assertThat(batched.challenges().findByTokenHash(Hashing.sha256Hex("challenge-purge-live")))
          .isPresent();
      assertThat(admin.keys(prefix + "session")).isEmpty();
    }
  }

  // ---- failures ----

  @Test
  void aClosedPortIsAStoreExceptionThatNamesNoSecret() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisSettings quick = RedisSettings.builder().connectTimeout(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> RedisStores.connect("redis://:hunter2@127.0.0.1:" + port + "/0",
        CLOCK, quick))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Could not connect to Redis at 127.0.0.1:" + port)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aBadUriIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> RedisStores.connect("redis://:hunter2@[bad", CLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
  }

  @Test
  void aClosedStoreIsAStoreException() {
    RedisStores closed = otherProcess();
    closed.close();
    assertThatThrownBy(() -> closed.sessions().findById("x")).isInstanceOf(StoreException.class)
        .hasMessageContaining("session-find");
    assertThatThrownBy(() -> closed.challenges().consume("x", T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("challenge-consume");
  }

  @Test
  void aFailingCommandIsAStoreExceptionThatNamesTheOperationNotTheKey() {
    clear();
    // A key of the wrong type: every command on it fails in the server (WRONGTYPE).
    String hash = Hashing.sha256Hex("wrong-type");
    admin.commands.set(prefix + "session:wrong", "not a hash");
    admin.commands.set(prefix + "challenge:wrong", "not a hash");
    admin.commands.sadd(prefix + "session-token:" + hash, "not a string");
    assertThatThrownBy(() -> stores.sessions().findById("wrong"))
        .isInstanceOf(StoreException.class).hasMessageContaining("session-find");
    assertThatThrownBy(() -> stores.sessions().touch("wrong", T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("session-raise");
    assertThatThrownBy(() -> stores.challenges().consume("wrong", T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("challenge-consume");
    assertThatThrownBy(() -> stores.sessions().findByTokenHash(hash))
        .isInstanceOf(StoreException.class).hasMessageContaining("row-by-lookup")
        .hasMessageNotContaining(hash);
  }
}
