package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import dev.latchkey.internal.Hashing;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedAccountStore.InsertOutcome;
import dev.latchkey.spi.ConnectedAccountStore.UnlinkOutcome;
import dev.latchkey.spi.ConnectedIdentity;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.store.tck.AccountTokenStoreContract;
import dev.latchkey.store.tck.ApiKeyStoreContract;
import dev.latchkey.store.tck.AttemptStoreContract;
import dev.latchkey.store.tck.BackupCodeStoreContract;
import dev.latchkey.store.tck.ChallengeStoreContract;
import dev.latchkey.store.tck.ConnectedAccountStoreContract;
import dev.latchkey.store.tck.CredentialStoreContract;
import dev.latchkey.store.tck.KnownDeviceStoreContract;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.store.tck.OneTimeCodeStoreContract;
import dev.latchkey.store.tck.PasskeyStoreContract;
import dev.latchkey.store.tck.SessionStoreContract;
import dev.latchkey.store.tck.TotpStoreContract;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the JDBC stores must do on one database beyond core's contracts: atomicity across two
 * connection pools (two "processes"), the shipped schema, and the JDBC-specific details (case
 * sensitivity, UTC storage, failures). Each subclass names a database and nests core's contract
 * tests over {@link #emptySessions()}, {@link #emptyCredentials()}, {@link #emptyApiKeys()},
 * {@link #emptyTwoFactorStores()}, {@link #emptyAttempts()}, {@link #emptyConnectedAccounts()},
 * {@link #emptySecurityEvents()}, {@link #emptyChallenges()}, {@link #emptyKnownDevices()} and {@link #emptyPasskeys()}. The tables live under a
 * random prefix, are created through {@link JdbcSchema} from the shipped files, and are dropped at
 * the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@AddLifecycleHook(value = StoresOnDatabase.SkipWithoutTheDatabase.class,
    propagateTo = PropagationMode.ALL_DESCENDANTS)
abstract class StoresOnDatabase {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String ARGON = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNo";
  /**
   * The schema version this jar ships: 1 sessions and credentials, 2 API keys, 3 TOTP and backup
   * codes, 4 attempt counters, 5 connected accounts, 6 security events, 7 structured devices and
   * locations, 8 sign-in challenges, 9 session authentication times, 10 known devices,
   * 11 passkeys, 12 one-time codes, 13 account tokens, 14 invalidations, 15 the index that
   * batched purges of revoked sessions scan.
   */
  static final int LATEST_VERSION = 15;
  static final Device FIREFOX_ON_LINUX = new Device("Firefox", 121, "Linux", DeviceType.DESKTOP);
  static final Location BERLIN = new Location("Berlin", "Berlin", "DE");
  private static final int THREADS = 64;

  String url;
  HikariDataSource pool;
  String prefix;
  JdbcSettings options;
  JdbcStores stores;

  abstract TestDatabases.Db database();

  @BeforeAll
  void openDatabase() {
    if (TestDatabases.unavailable(database()).isPresent()) {
      return; // each test then skips or fails in requireDatabase, so reports count them
    }
    url = database().url();
    pool = TestDatabases.pool(database(), url, getClass().getSimpleName());
    prefix = TestDatabases.randomPrefix();
    options = JdbcSettings.builder().tablePrefix(prefix).build();
    JdbcSchema.apply(pool, options);
    stores = JdbcStores.create(pool, options);
  }

  @BeforeEach
  void requireDatabase() {
    TestDatabases.assumeAvailable(database());
  }

  @AfterAll
  void dropTables() {
    if (pool != null) {
      try {
        TestDatabases.dropTables(pool, prefix);
      } finally {
        pool.close();
      }
    }
  }

  /*
   * jqwik runs the contracts' @Property methods; JUnit Jupiter runs only their @Test methods.
   * jqwik ignores @Nested, so a nested contract class with properties is also a jqwik @Group.
   * jqwik makes its own instance of the test class for each property and knows nothing of JUnit's
   * @BeforeAll, @BeforeEach and @AfterAll: these two hooks give that instance its own tables, and
   * drop them after the property. jqwik does not count a JUnit abort as a skip either, so
   * SkipWithoutTheDatabase skips the properties of a database that is missing and not required;
   * when it is required, assumeAvailable fails them with the reason.
   */
  @BeforeProperty
  void openDatabaseForAProperty() {
    TestDatabases.assumeAvailable(database());
    if (pool == null) {
      openDatabase();
    }
  }

  @AfterProperty
  void dropTablesAfterAProperty() {
    try {
      dropTables();
    } finally {
      pool = null;
    }
  }

  /** Skips the jqwik properties of a database test whose database is missing and not required. */
  static final class SkipWithoutTheDatabase implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      Class<?> c = context.optionalContainerClass().orElse(null);
      while (c != null && !StoresOnDatabase.class.isAssignableFrom(c)) {
        c = c.getEnclosingClass();
      }
      if (c == null) {
        return SkipResult.doNotSkip();
      }
      TestDatabases.Db db =
          ((StoresOnDatabase) context.newInstance(c.asSubclass(StoresOnDatabase.class))).database();
      Optional<String> why = TestDatabases.unavailable(db);
      return why.isEmpty() || TestDatabases.required(db) ? SkipResult.doNotSkip()
          : SkipResult.skip(why.get());
    }
  }

  void clear() {
    TestDatabases.deleteRows(pool, prefix);
  }

  HikariDataSource secondPool(String name) {
    return TestDatabases.pool(database(), url, name);
  }

  static SessionRecord session(String id, String account, String token, Instant at) {
    return new SessionRecord(id, account, Hashing.sha256Hex(token), at, at,
        at.plus(Duration.ofHours(12)), null, "203.0.113.9", FIREFOX_ON_LINUX, BERLIN,
        "single_factor");
  }

  @Test
  void detectsTheDialectFromTheDatabase() {
    assertThat(JdbcStores.create(pool, options).dialect()).isEqualTo(database().dialect);
  }

  /** For the contract subclasses each database test nests. */
  SessionStore emptySessions() {
    clear();
    return stores.sessions();
  }

  /** For the contract subclasses each database test nests. */
  CredentialStore emptyCredentials() {
    clear();
    return stores.credentials();
  }

  /** For the contract subclasses each database test nests. */
  ApiKeyStore emptyApiKeys() {
    clear();
    return stores.apiKeys();
  }

  /** For the contract subclasses each database test nests. */
  ConnectedAccountStore emptyConnectedAccounts() {
    clear();
    return stores.connectedAccounts();
  }

  /** For the contract subclasses each database test nests. */
  SecurityEventStore emptySecurityEvents() {
    clear();
    return stores.securityEvents();
  }

  static ConnectedIdentity link(String account, String provider, String subject, Instant at) {
    return new ConnectedIdentity(account, provider, subject, subject + "@example.com", at);
  }

  static ApiKeyRecord apiKey(String id, String owner, String secret, Instant at) {
    return new ApiKeyRecord(id, owner, Hashing.sha256Hex(secret), "lk_live_\u2026a1B2", "CI",
        "read_write", Set.of("messages:send"), "live", at, null, null, null, null, null);
  }

  /** For the TOTP and backup code contracts: both stores of one bundle, sharing the tables. */
  Stores emptyTwoFactorStores() {
    clear();
    return stores;
  }

  /** For the attempt store contract. */
  AttemptStore emptyAttempts() {
    clear();
    return stores.attempts();
  }

  /** For the challenge store contract. */
  ChallengeStore emptyChallenges() {
    clear();
    return stores.challenges();
  }

  /** For the passkey store contract. */
  PasskeyStore emptyPasskeys() {
    clear();
    return stores.passkeys();
  }

  /** For the account token store contract. */
  AccountTokenStore emptyAccountTokens() {
    clear();
    return stores.accountTokens();
  }

  /** For the one-time code store contract. */
  OneTimeCodeStore emptyOneTimeCodes() {
    clear();
    return stores.oneTimeCodes();
  }

  /** For the known device store contract. */
  KnownDeviceStore emptyKnownDevices() {
    clear();
    return stores.knownDevices();
  }

  // Atomicity across two pools: two pools stand for two processes sharing the database.

  @Test
  void concurrentRevokesOfOneSessionHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("revoke-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      SessionRecord s = session("race-revoke", "acct-r", "race-revoke-token", T0);
      a.sessions().insert(s);
      int wins = race(i -> (i % 2 == 0 ? a : b).sessions()
          .revoke("acct-r", s.id(), T0.plusSeconds(1 + i)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.sessions().findById(s.id()).orElseThrow().revoked()).isTrue();
    }
  }

  /** 64 consumes of one one-time code, half through each pool: one wins. */
  @Test
  void concurrentConsumesOfOneOneTimeCodeFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("code-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      dev.latchkey.spi.OneTimeCodeRecord code = new dev.latchkey.spi.OneTimeCodeRecord("acct-r",
          dev.latchkey.spi.OneTimeCodeRecord.SIGN_IN, "sms", "+14155550123", "k1",
          Hashing.sha256Hex("race-code"), T0, T0.plusSeconds(600), null);
      a.oneTimeCodes().issue(code);
      int wins = race(i -> (i % 2 == 0 ? a : b).oneTimeCodes().consume("acct-r",
          code.purpose(), code.codeHash(), T0.plusMillis(1 + i)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.oneTimeCodes().find("acct-r", code.purpose()).orElseThrow().consumedAt())
          .isNotNull();
    }
  }

  @Test
  void concurrentCredentialReplacesHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("replace-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      a.credentials().put(new PasswordCredential("acct-r", ARGON, T0));
      int wins = race(i -> (i % 2 == 0 ? a : b).credentials().replace("acct-r", ARGON,
          new PasswordCredential("acct-r", "$argon2id$winner-" + i, T0.plusSeconds(1))));
      assertThat(wins).isEqualTo(1);
      assertThat(a.credentials().find("acct-r").orElseThrow().hash())
          .startsWith("$argon2id$winner-");
    }
  }

  @Test
  void concurrentRotationsOfOneTokenHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("rotate-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      SessionRecord s = session("race-rotate", "acct-r", "race-rotate-token", T0);
      a.sessions().insert(s);
      int wins = race(i -> (i % 2 == 0 ? a : b).sessions().rotate(s.id(), s.tokenHash(),
          Hashing.sha256Hex("rotated-" + i), "multi_factor"));
      assertThat(wins).isEqualTo(1);
      assertThat(a.sessions().findByTokenHash(s.tokenHash())).isEmpty();
    }
  }

  @Test
  void concurrentFirstPutsOfOneAccountAllSucceed() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("put-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      int done = race(i -> {
        (i % 2 == 0 ? a : b).credentials()
            .put(new PasswordCredential("acct-new", "$argon2id$put-" + i, T0));
        return true;
      });
      assertThat(done).isEqualTo(THREADS);
      assertThat(a.credentials().find("acct-new")).isPresent();
    }
  }

  /**
   * 64 revokes of one key, half through each pool, have one winner; once it has returned, a service
   * over the other pool (cache off, as the default is) refuses the key: revocation crosses
   * processes at once.
   */
  @Test
  void concurrentRevokesOfOneApiKeyFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("key-revoke-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      MutableClock clock = new MutableClock(T0);
      ApiKeyService onA = ApiKeyService.using(a.apiKeys(), clock, new SecureRandom(),
          ApiKeySettings.defaults());
      ApiKeyService onB = ApiKeyService.using(b.apiKeys(), clock, new SecureRandom(),
          ApiKeySettings.defaults());
      CreatedApiKey k = onA.create("owner-r", ApiKeySpec.builder().name("race").build());
      String header = "Bearer " + k.key().reveal();
      assertThat(onB.authenticate(header).isAuthenticated()).isTrue();

      int wins = race(i -> (i % 2 == 0 ? a : b).apiKeys()
          .revoke("owner-r", k.id(), T0.plusSeconds(1 + i)));

      assertThat(wins).isEqualTo(1);
      assertThat(onB.authenticate(header))
          .isEqualTo(new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.REVOKED));
      assertThat(onA.authenticate(header))
          .isEqualTo(new ApiKeyAuthentication.Rejected(ApiKeyAuthentication.Reason.REVOKED));
      assertThat(onB.revoke("owner-r", k.id())).isEqualTo(new ApiKeyRevokeResult.AlreadyRevoked());
    }
  }

  @Test
  void concurrentRotationsOfOneApiKeyFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("key-rotate-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      ApiKeyRecord k = apiKey("race-rotate", "owner-r", "race-rotate-key", T0);
      a.apiKeys().insert(k);
      int wins = race(i -> (i % 2 == 0 ? a : b).apiKeys()
          .markRotated("owner-r", k.id(), T0.plusSeconds(60), "next-" + i));
      assertThat(wins).isEqualTo(1);
      assertThat(b.apiKeys().findById(k.id()).orElseThrow().replacedBy()).startsWith("next-");
    }
  }

  @Test
  void concurrentUsesOfOneApiKeyFromTwoPoolsWriteLastUsedOnce() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("key-touch-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      ApiKeyRecord k = apiKey("race-touch", "owner-r", "race-touch-key", T0);
      a.apiKeys().insert(k);
      Instant at = T0.plusSeconds(100);
      int wins = race(i -> (i % 2 == 0 ? a : b).apiKeys()
          .touchLastUsed(k.id(), at, at.minusSeconds(60)));
      assertThat(wins).isEqualTo(1);
      assertThat(a.apiKeys().findById(k.id()).orElseThrow().lastUsedAt()).isEqualTo(at);
    }
  }

  /** Runs the task on {@value #THREADS} threads released at once; counts the {@code true}s. */
  private int race(IndexedTask task) throws Exception {
    return race(THREADS, task);
  }

  /** Runs the task on {@code threads} threads released at once; counts the {@code true}s. */
  private int race(int threads, IndexedTask task) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
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

  // Two-factor state and attempt counters across two pools.

  static final String SEALED = "v1.k1.AAAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  /** {@code n} unused codes of {@code account} created at {@code at}, hashes tagged {@code tag}. */
  static List<BackupCodeRecord> codes(String account, int n, Instant at, String tag) {
    List<BackupCodeRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new BackupCodeRecord(account, "k1", Hashing.sha256Hex(account + tag + i), at, null));
    }
    return out;
  }

  /** Makes {@code account} active with {@code step} accepted and 10 codes; returns the codes. */
  static List<BackupCodeRecord> enable(Stores on, String account, long step) {
    List<BackupCodeRecord> set = codes(account, 10, T0, "init");
    assertThat(on.totp().savePending(TotpCredential.pending(account, SEALED, T0))).isTrue();
    assertThat(on.totp().activate(account, SEALED, step, set, T0)).isTrue();
    return set;
  }

  @Test
  void concurrentAcceptsOfOneTotpStepFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("accept-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      enable(a, "acct-t", 10);
      int wins = race(i -> (i % 2 == 0 ? a : b).totp().acceptStep("acct-t", 11));
      assertThat(wins).isEqualTo(1);
      assertThat(b.totp().findByAccount("acct-t").orElseThrow().lastAcceptedStep()).isEqualTo(11);
    }
  }

  @Test
  void concurrentConsumesOfOneBackupCodeFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("consume-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      String hash = enable(a, "acct-c", 1).get(4).codeHash();
      int wins = race(i -> (i % 2 == 0 ? a : b).backupCodes()
          .consume("acct-c", hash, T0.plusMillis(i)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.backupCodes().countRemaining("acct-c")).isEqualTo(9);
      assertThat(a.backupCodes().consume("acct-c", hash, T0.plusSeconds(1))).isFalse();
    }
  }

  @Test
  void limiterOnTwoPoolsLetsExactlyTheFreeAttemptsThrough() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("limiter-b")) {
      MutableClock clock = new MutableClock(T0);
      AttemptPolicy policy = AttemptPolicy.builder().freeAttempts(5).build();
      AttemptLimiter a = AttemptLimiter.create(stores.attempts(), clock, policy,
          AttemptPolicy.perClient());
      AttemptLimiter b = AttemptLimiter.create(JdbcStores.create(other, options).attempts(),
          clock, policy, AttemptPolicy.perClient());
      int permitted = race(32, i -> (i % 2 == 0 ? a : b)
          .tryAttempt(Factor.PASSWORD, "victim", null).permitted());
      assertThat(permitted).isEqualTo(5);
      assertThat(stores.attempts().find("password", "account:victim"))
          .contains(new AttemptRecord("password", "account:victim", 5, T0));
    }
  }

  @Test
  void concurrentFirstEnrolmentsOfOneAccountFromTwoPoolsAllSucceed() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("enrol-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      int saved = race(i -> (i % 2 == 0 ? a : b).totp().savePending(
          TotpCredential.pending("acct-e", "v1.k1.pending-" + i, T0.plusMillis(i))));
      assertThat(saved).isEqualTo(THREADS);
      TotpCredential stored = a.totp().findByAccount("acct-e").orElseThrow();
      assertThat(stored.active()).isFalse();
      assertThat(stored.encryptedSecret()).startsWith("v1.k1.pending-");
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "totp_credentials")).isEqualTo(1);
    }
  }

  @Test
  void concurrentActivationsFromTwoPoolsHaveExactlyOneWinnerWithItsOwnCodes() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("activate-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      a.totp().savePending(TotpCredential.pending("acct-x", SEALED, T0));
      int wins = race(i -> (i % 2 == 0 ? a : b).totp().activate("acct-x", SEALED, 1 + i,
          codes("acct-x", 10, T0.plusSeconds(i), "set" + i), T0.plusSeconds(i)));
      assertThat(wins).isEqualTo(1);
      TotpCredential active = b.totp().findByAccount("acct-x").orElseThrow();
      assertThat(b.backupCodes().list("acct-x")).hasSize(10).allSatisfy(r -> assertThat(
          r.createdAt()).isEqualTo(T0.plusSeconds(active.lastAcceptedStep() - 1)));
    }
  }

  /**
   * Enrolment, activation, regeneration, disabling and consumption of one account from two pools
   * at once: every call returns (no deadlock escapes, no exception), and the end state keeps the
   * invariant "codes only while the credential is active, and all from one set".
   */
  @Test
  void twoFactorWritesFromTwoPoolsNeverDeadlockOrBreakTheInvariant() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("mixed-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      int done = race(16, i -> {
        Stores on = i % 2 == 0 ? a : b;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int n = 0; n < 40; n++) {
          String tag = "t" + i + "-" + n;
          switch (rnd.nextInt(6)) {
            case 0 -> on.totp().savePending(TotpCredential.pending("acct-m", SEALED, T0));
            case 1 -> on.totp().activate("acct-m", SEALED, 1 + n,
                codes("acct-m", 10, T0.plusSeconds(n), tag), T0);
            case 2 -> on.backupCodes().replaceAll("acct-m",
                codes("acct-m", 10, T0.plusSeconds(n), tag));
            case 3 -> on.totp().deleteAll("acct-m");
            case 4 -> on.totp().acceptStep("acct-m", 100 + n);
            default -> on.backupCodes().list("acct-m").stream().findFirst().ifPresent(r ->
                on.backupCodes().consume("acct-m", r.codeHash(), T0));
          }
        }
        return true;
      });
      assertThat(done).isEqualTo(16);
      List<BackupCodeRecord> left = a.backupCodes().list("acct-m");
      boolean active = a.totp().findByAccount("acct-m").map(TotpCredential::active).orElse(false);
      if (active) {
        assertThat(left).hasSize(10);
        assertThat(left.stream().map(BackupCodeRecord::createdAt).distinct()).hasSize(1);
      } else {
        assertThat(left).isEmpty();
      }
    }
  }

  // The shipped schema files, applied by JdbcSchema.

  @Test
  void applyingAgainChangesNothingAndTheVersionIsTheLatest() {
    JdbcSchema.apply(pool, options);
    JdbcSchema.apply(pool, options);
    assertThat(JdbcSchema.currentVersion(pool, options))
        .isEqualTo(JdbcSchema.latestVersion())
        .isEqualTo(LATEST_VERSION);
    // One row per shipped file; versions may have gaps, so the count is not the latest version.
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "schema_version"))
        .isEqualTo(JdbcSchema.MIGRATIONS.size());
  }

  /** A version below the highest applied one (a branch merged late) is still applied. */
  @Test
  void aVersionMissingBelowTheHighestAppliedIsStillApplied() {
    String fresh = TestDatabases.randomPrefix();
    JdbcSettings freshOptions = JdbcSettings.builder().tablePrefix(fresh).build();
    try {
      JdbcSchema.apply(pool, freshOptions);
      TestDatabases.execute(pool, "DROP TABLE " + fresh + "backup_codes",
          "DROP TABLE " + fresh + "totp_credentials",
          "DELETE FROM " + fresh + "schema_version WHERE version = 3");
      assertThat(JdbcSchema.currentVersion(pool, freshOptions)).isEqualTo(LATEST_VERSION);
      JdbcSchema.apply(pool, freshOptions);
      assertThat(count("SELECT COUNT(*) FROM " + fresh + "schema_version"))
          .isEqualTo(JdbcSchema.MIGRATIONS.size());
      Stores on = JdbcStores.create(pool, freshOptions);
      enable(on, "acct-late", 1);
      assertThat(on.backupCodes().countRemaining("acct-late")).isEqualTo(10);
    } finally {
      TestDatabases.dropTables(pool, fresh);
    }
  }

  @Test
  void versionOfAPrefixNeverAppliedIsZero() {
    JdbcSettings fresh = JdbcSettings.builder().tablePrefix(TestDatabases.randomPrefix()).build();
    assertThat(JdbcSchema.currentVersion(pool, fresh)).isZero();
  }

  @Test
  void concurrentAppliesFromTwoPoolsCreateTheSchemaOnce() throws Exception {
    String fresh = TestDatabases.randomPrefix();
    JdbcSettings freshOptions = JdbcSettings.builder().tablePrefix(fresh).build();
    try (HikariDataSource other = secondPool("apply-b")) {
      ExecutorService executor = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          DataSource ds = i % 2 == 0 ? pool : other;
          done.add(executor.submit(() -> {
            start.await();
            JdbcSchema.apply(ds, freshOptions);
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        executor.shutdownNow();
      }
      assertThat(JdbcSchema.currentVersion(other, freshOptions)).isEqualTo(LATEST_VERSION);
      // Each shipped version once (versions may have gaps, so count the files).
      assertThat(count("SELECT COUNT(*) FROM " + fresh + "schema_version"))
          .isEqualTo(JdbcSchema.MIGRATIONS.size());
      JdbcStores onFresh = JdbcStores.create(other, freshOptions);
      onFresh.sessions().insert(session("fresh-1", "acct-f", "fresh-token", T0));
      assertThat(onFresh.sessions().findById("fresh-1")).isPresent();
      onFresh.apiKeys().insert(apiKey("fresh-k", "owner-f", "fresh-key", T0));
      assertThat(onFresh.apiKeys().findById("fresh-k")).isPresent();
      onFresh.connectedAccounts().insert(link("acct-f", "google", "fresh-subject", T0));
      assertThat(onFresh.connectedAccounts().findBySubject("google", "fresh-subject")).isPresent();
      enable(onFresh, "acct-f", 1);
      assertThat(onFresh.attempts().compareAndSet(null,
          new AttemptRecord("password", "account:acct-f", 1, T0))).isTrue();
      SecurityEventRecord e = securityEvent(newEventId(), "acct-f", "sign_in.succeeded", T0);
      onFresh.securityEvents().append(e);
      assertThat(onFresh.securityEvents().page("acct-f", Set.of(), null, 10)).containsExactly(e);
    } finally {
      TestDatabases.dropTables(pool, fresh);
    }
  }

  @Test
  void indexesAndConstraintsAreNamedWithThePrefix() throws SQLException {
    assertThat(indexNames(prefix + "sessions"))
        .contains(prefix + "sessions_account_active_ix", prefix + "sessions_expires_ix");
    assertThat(indexNames(prefix + "attempt_counters"))
        .contains(prefix + "attempt_counters_last_attempt_ix");
    assertThat(indexNames(prefix + "api_keys")).contains(prefix + "api_keys_owner_created_ix");
    assertThat(constraintNames(prefix + "connected_accounts"))
        .contains(prefix + "connected_accounts_acct_prov_uk");
    assertThat(indexNames(prefix + "security_events")).contains(
        prefix + "security_events_acct_time_ix", prefix + "security_events_acct_seen_ix",
        prefix + "security_events_occurred_ix");
    Set<String> constraints = constraintNames(prefix + "sessions");
    assertThat(constraints).contains(prefix + "sessions_token_hash_uk");
    Set<String> keyConstraints = constraintNames(prefix + "api_keys");
    assertThat(keyConstraints).contains(prefix + "api_keys_key_hash_uk");
    assertThat(constraintNames(prefix + "totp_credentials"))
        .contains(prefix + "totp_credentials_status_ck");
    assertThat(constraintNames(prefix + "attempt_counters"))
        .contains(prefix + "attempt_counters_attempts_ck");
    if (database() != TestDatabases.Db.MARIADB) {
      assertThat(constraintNames(prefix + "totp_credentials"))
          .contains(prefix + "totp_credentials_pk");
      assertThat(constraintNames(prefix + "backup_codes")).contains(prefix + "backup_codes_pk");
      assertThat(constraintNames(prefix + "attempt_counters"))
          .contains(prefix + "attempt_counters_pk");
      // MariaDB names every primary key PRIMARY, whatever the DDL says.
      assertThat(constraints).contains(prefix + "sessions_pk");
      assertThat(keyConstraints).contains(prefix + "api_keys_pk");
      assertThat(constraintNames(prefix + "password_credentials"))
          .contains(prefix + "password_credentials_pk");
      assertThat(constraintNames(prefix + "schema_version"))
          .contains(prefix + "schema_version_pk");
      assertThat(constraintNames(prefix + "connected_accounts"))
          .contains(prefix + "connected_accounts_pk");
      assertThat(constraintNames(prefix + "security_events"))
          .contains(prefix + "security_events_pk");
    }
  }

  private Set<String> constraintNames(String table) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT constraint_name FROM information_schema.table_constraints"
            + " WHERE LOWER(table_name) = ?")) {
      ps.setString(1, table);
      Set<String> out = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
      return out;
    }
  }

  private Set<String> indexNames(String table) throws SQLException {
    try (Connection c = pool.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
      Set<String> out = new HashSet<>();
      try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), name, false, false)) {
        while (rs.next()) {
          String index = rs.getString("INDEX_NAME");
          if (index != null) {
            out.add(index.toLowerCase(Locale.ROOT));
          }
        }
      }
      return out;
    }
  }

  // What only a SQL database can get wrong.

  @Test
  void idsAccountsAndHashesCompareCaseSensitively() {
    clear();
    SessionStore sessions = stores.sessions();
    SessionRecord s = session("CaseId", "Acct-C", "case-token", T0);
    sessions.insert(s);
    assertThat(sessions.findById("caseid")).isEmpty();
    assertThat(sessions.findById("CASEID")).isEmpty();
    assertThat(sessions.findByTokenHash(s.tokenHash().toUpperCase(Locale.ROOT))).isEmpty();
    assertThat(sessions.listActive("acct-c", T0, T0.minusSeconds(1))).isEmpty();
    assertThat(sessions.revoke("acct-c", "CaseId", T0)).isFalse();
    assertThat(sessions.revoke("Acct-C", "caseid", T0)).isFalse();
    assertThat(sessions.rotate("CaseId", s.tokenHash().toUpperCase(Locale.ROOT),
        Hashing.sha256Hex("other"), "multi_factor")).isFalse();
    sessions.insert(session("caseid", "Acct-C", "case-token-2", T0));
    assertThat(sessions.findById("CaseId").orElseThrow().tokenHash()).isEqualTo(s.tokenHash());

    CredentialStore credentials = stores.credentials();
    credentials.put(new PasswordCredential("Acct-C", "$2b$10$AbCdEf", T0));
    assertThat(credentials.find("acct-c")).isEmpty();
    assertThat(credentials.replace("Acct-C", "$2b$10$abcdef",
        new PasswordCredential("Acct-C", "$argon2id$x", T0))).isFalse();
    assertThat(credentials.delete("acct-c")).isFalse();
  }

  @Test
  void listActiveBreaksTiesInCodePointOrderOfTheId() {
    clear();
    SessionStore sessions = stores.sessions();
    List<String> ids = new ArrayList<>(List.of("b", "B", "a", "_x", "-y", "Z9", "z", "0a"));
    for (String id : ids) {
      sessions.insert(session(id, "acct-o", "order-" + id, T0));
    }
    ids.sort(null);
    assertThat(sessions.listActive("acct-o", T0, T0.minusSeconds(1)))
        .extracting(SessionRecord::id).containsExactlyElementsOf(ids);
  }

  @Test
  void timestampsAreStoredAsUtc() {
    clear();
    stores.sessions().insert(session("utc-1", "acct-u", "utc-token", T0.plusMillis(123)));
    String literal = switch (database()) {
      case POSTGRESQL -> "TIMESTAMPTZ '2026-01-01 10:00:00.123+00'";
      case MARIADB -> "TIMESTAMP '2026-01-01 10:00:00.123'";
      case H2 -> "TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00.123+00:00'";
    };
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "sessions WHERE created_at = "
        + literal)).isEqualTo(1);
  }

  @Test
  void instantsAreKeptToTheMillisecond() {
    clear();
    Instant precise = T0.plusNanos(123_456_789);
    SessionRecord s = session("nanos-1", "acct-n", "nanos-token", precise);
    stores.sessions().insert(s);
    SessionRecord read = stores.sessions().findById("nanos-1").orElseThrow();
    assertThat(read.createdAt()).isEqualTo(T0.plusMillis(123));
    assertThat(stores.sessions().touch("nanos-1", precise.plusNanos(900_000))).isTrue();
    assertThat(stores.sessions().findById("nanos-1").orElseThrow().lastActiveAt())
        .isEqualTo(T0.plusMillis(124));
  }

  @Test
  void touchWithTheSameTimeStillFindsTheSession() {
    clear();
    SessionRecord s = session("same-1", "acct-s", "same-token", T0);
    stores.sessions().insert(s);
    assertThat(stores.sessions().touch("same-1", T0)).isTrue();
    assertThat(stores.sessions().touch("same-1", T0)).isTrue();
  }

  @Test
  void aDuplicateInsertFailsWithoutQuotingTheHashAnywhere() {
    clear();
    SessionRecord s = session("dup-1", "acct-d", "dup-token", T0);
    stores.sessions().insert(s);
    SessionRecord sameHash = session("dup-2", "acct-d", "dup-token", T0);
    assertThatThrownBy(() -> stores.sessions().insert(sameHash))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insert session dup-2")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(s.tokenHash());
          }
        });
  }

  @Test
  void anUnreachableDatabaseIsAStoreException() {
    HikariDataSource closed = secondPool("closed");
    JdbcStores onClosed = JdbcStores.create(closed, options);
    closed.close();
    assertThatThrownBy(() -> onClosed.sessions().findById("x"))
        .isInstanceOf(StoreException.class).hasMessageContaining("find session x");
    assertThatThrownBy(() -> onClosed.credentials().put(new PasswordCredential("a", ARGON, T0)))
        .isInstanceOf(StoreException.class).hasMessageContaining("put password credential")
        .hasMessageNotContaining(ARGON);
  }

  @Test
  void everyOperationIsCommittedWhenThePoolTurnsAutoCommitOff() {
    clear();
    try (HikariDataSource manual = TestDatabases.pool(database(), url, "manual", false)) {
      JdbcStores onManual = JdbcStores.create(manual, options);
      onManual.sessions().insert(session("manual-1", "acct-m", "manual-token", T0));
      onManual.credentials().put(new PasswordCredential("acct-m", ARGON, T0));
      assertThat(onManual.sessions().revoke("acct-m", "manual-1", T0.plusSeconds(1))).isTrue();
      assertThatThrownBy(() -> onManual.sessions()
          .insert(session("manual-1", "acct-m", "manual-token-2", T0)))
          .isInstanceOf(StoreException.class);
      // Seen through the other pool: committed, and the failed insert left nothing behind.
      assertThat(stores.sessions().findById("manual-1").orElseThrow().revoked()).isTrue();
      assertThat(stores.credentials().find("acct-m")).isPresent();
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "sessions")).isEqualTo(1);

      ApiKeyStore keys = onManual.apiKeys();
      keys.insert(apiKey("manual-k", "owner-m", "manual-key", T0));
      assertThat(keys.touchLastUsed("manual-k", T0.plusSeconds(1), T0)).isTrue();
      assertThat(keys.markRotated("owner-m", "manual-k", T0.plusSeconds(60), "manual-k2"))
          .isTrue();
      assertThat(keys.revoke("owner-m", "manual-k", T0.plusSeconds(2))).isTrue();
      assertThatThrownBy(() -> keys.insert(apiKey("manual-k", "owner-m", "manual-key-2", T0)))
          .isInstanceOf(StoreException.class);
      ApiKeyRecord seen = stores.apiKeys().findById("manual-k").orElseThrow();
      assertThat(seen.lastUsedAt()).isEqualTo(T0.plusSeconds(1));
      assertThat(seen.replacedBy()).isEqualTo("manual-k2");
      assertThat(seen.revokedAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "api_keys")).isEqualTo(1);
    }
  }

  // API keys: what only a SQL database can get wrong.

  @Test
  void apiKeyIdsOwnersAndHashesCompareCaseSensitively() {
    clear();
    ApiKeyStore keys = stores.apiKeys();
    ApiKeyRecord k = apiKey("KeyId", "Owner-C", "case-key", T0);
    keys.insert(k);
    assertThat(keys.findById("keyid")).isEmpty();
    assertThat(keys.findById("KEYID")).isEmpty();
    assertThat(keys.findByHash(k.keyHash().toUpperCase(Locale.ROOT))).isEmpty();
    assertThat(keys.listByOwner("owner-c")).isEmpty();
    assertThat(keys.findStale("owner-c", T0.plusSeconds(10), T0.plusSeconds(5), null)).isEmpty();
    assertThat(keys.revoke("owner-c", "KeyId", T0)).isFalse();
    assertThat(keys.revoke("Owner-C", "keyid", T0)).isFalse();
    assertThat(keys.revokeAll("owner-c", T0)).isZero();
    assertThat(keys.markRotated("owner-c", "KeyId", T0.plusSeconds(5), "n")).isFalse();
    assertThat(keys.touchLastUsed("keyid", T0, T0)).isFalse();
    keys.insert(apiKey("keyid", "Owner-C", "case-key-2", T0));
    assertThat(keys.findById("KeyId")).contains(k);
  }

  @Test
  void apiKeysOfOneTimeAreListedInCodePointOrderOfTheId() {
    clear();
    ApiKeyStore keys = stores.apiKeys();
    List<String> ids = new ArrayList<>(List.of("b", "B", "a", "_x", "-y", "Z9", "z", "0a"));
    for (String id : ids) {
      keys.insert(apiKey(id, "owner-o", "order-" + id, T0));
    }
    ids.sort(null);
    assertThat(keys.listByOwner("owner-o")).extracting(ApiKeyRecord::id)
        .containsExactlyElementsOf(ids);
    assertThat(keys.findStale("owner-o", T0, null, T0.plusSeconds(1)))
        .extracting(ApiKeyRecord::id).containsExactlyElementsOf(ids);
  }

  /** 100 code points outside the BMP (200 UTF-16 units), 20 scopes of 100 characters. */
  @Test
  void theLongestNameAndScopesTheServiceAcceptsFit() {
    clear();
    Set<String> scopes = new HashSet<>();
    for (int i = 0; i < ApiKeySpec.MAX_SCOPES; i++) {
      String head = "s" + (char) ('a' + i) + ":";
      scopes.add(head + "x".repeat(ApiKeySpec.MAX_SCOPE_LENGTH - head.length()));
    }
    String name = "\uD83D\uDE80".repeat(ApiKeySpec.MAX_NAME_LENGTH);
    ApiKeyRecord k = new ApiKeyRecord("long-1", "o".repeat(ApiKeyService.MAX_OWNER_LENGTH),
        Hashing.sha256Hex("long"), "abcdefgh_abcdefghijkl_\u2026Zz09", name, "read_only", scopes,
        "abcdefghijkl", T0, T0.plus(ApiKeyService.MAX_LIFETIME), null, null, null, null);
    stores.apiKeys().insert(k);
    assertThat(stores.apiKeys().findById("long-1")).contains(k);
  }

  @Test
  void scopesAreOneSortedSpaceSeparatedColumn() {
    clear();
    ApiKeyRecord k = new ApiKeyRecord("scopes-1", "owner-s", Hashing.sha256Hex("scopes"), "h",
        "n", "read_only", Set.of("messages:send", "billing:*", "a.b-c_d"), "live", T0, null, null,
        null, null, null);
    stores.apiKeys().insert(k);
    stores.apiKeys().insert(new ApiKeyRecord("scopes-2", "owner-s", Hashing.sha256Hex("none"),
        "h", "n", "read_only", Set.of(), "live", T0, null, null, null, null, null));
    assertThat(scopesColumn("scopes-1")).isEqualTo("a.b-c_d billing:* messages:send");
    assertThat(scopesColumn("scopes-2")).isEmpty();
    ApiKeyRecord spaced = new ApiKeyRecord("scopes-3", "owner-s", Hashing.sha256Hex("spaced"),
        "h", "n", "read_only", Set.of("two words"), "live", T0, null, null, null, null, null);
    assertThatThrownBy(() -> stores.apiKeys().insert(spaced))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stores.apiKeys().findById("scopes-3")).isEmpty();
  }

  private String scopesColumn(String id) {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT scopes FROM " + prefix + "api_keys WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void apiKeyTimestampsAreStoredAsUtc() {
    clear();
    stores.apiKeys().insert(apiKey("utc-k", "owner-u", "utc-key", T0.plusMillis(123)));
    String literal = switch (database()) {
      case POSTGRESQL -> "TIMESTAMPTZ '2026-01-01 10:00:00.123+00'";
      case MARIADB -> "TIMESTAMP '2026-01-01 10:00:00.123'";
      case H2 -> "TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00.123+00:00'";
    };
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "api_keys WHERE created_at = "
        + literal)).isEqualTo(1);
  }

  @Test
  void aDuplicateApiKeyInsertFailsWithoutQuotingTheHashAnywhere() {
    clear();
    ApiKeyRecord k = apiKey("dup-k1", "owner-d", "dup-key", T0);
    stores.apiKeys().insert(k);
    ApiKeyRecord sameHash = apiKey("dup-k2", "owner-d", "dup-key", T0);
    assertThatThrownBy(() -> stores.apiKeys().insert(sameHash))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insert API key dup-k2")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(k.keyHash());
          }
        });
  }

  @Test
  void anUnreachableDatabaseFailsApiKeyLookupsWithoutTheHash() {
    HikariDataSource closed = secondPool("closed-keys");
    JdbcStores onClosed = JdbcStores.create(closed, options);
    closed.close();
    String hash = Hashing.sha256Hex("closed");
    assertThatThrownBy(() -> onClosed.apiKeys().findByHash(hash))
        .isInstanceOf(StoreException.class).hasMessageContaining("find API key by hash")
        .hasMessageNotContaining(hash);
    assertThatThrownBy(() -> onClosed.apiKeys().revoke("o", "k-1", T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("revoke API key k-1");
  }

  @Test
  void twoFactorAccountsHashesAndCiphertextsCompareCaseSensitively() {
    clear();
    Stores on = stores;
    assertThat(on.totp().savePending(TotpCredential.pending("Acct-T", SEALED, T0))).isTrue();
    assertThat(on.totp().findByAccount("acct-t")).isEmpty();
    assertThat(on.totp().activate("Acct-T", SEALED.toLowerCase(Locale.ROOT), 1,
        codes("Acct-T", 10, T0, "c"), T0)).isFalse();
    assertThat(on.totp().activate("acct-t", SEALED, 1, codes("acct-t", 10, T0, "c"), T0))
        .isFalse();
    List<BackupCodeRecord> set = enableActive(on, "Acct-T");
    assertThat(on.backupCodes().consume("Acct-T",
        set.get(0).codeHash().toUpperCase(Locale.ROOT), T0)).isFalse();
    assertThat(on.backupCodes().consume("acct-t", set.get(0).codeHash(), T0)).isFalse();
    assertThat(on.backupCodes().countRemaining("acct-t")).isZero();
    assertThat(on.totp().acceptStep("acct-t", 50)).isFalse();
    assertThat(on.totp().replaceSecret("Acct-T", SEALED.toUpperCase(Locale.ROOT), "v1.k2.x"))
        .isFalse();
    assertThat(on.totp().deleteAll("acct-t")).isFalse();
    assertThat(on.backupCodes().countRemaining("Acct-T")).isEqualTo(10);

    AttemptStore attempts = on.attempts();
    assertThat(attempts.compareAndSet(null, new AttemptRecord("password", "account:Alice", 1, T0)))
        .isTrue();
    assertThat(attempts.compareAndSet(null, new AttemptRecord("password", "account:alice", 2, T0)))
        .isTrue();
    assertThat(attempts.find("password", "account:Alice").orElseThrow().attempts()).isEqualTo(1);
    assertThat(attempts.find("Password", "account:Alice")).isEmpty();
  }

  /** Activates a pending {@code account} whose credential {@code savePending} already wrote. */
  private static List<BackupCodeRecord> enableActive(Stores on, String account) {
    List<BackupCodeRecord> set = codes(account, 10, T0, "active");
    assertThat(on.totp().activate(account, SEALED, 1, set, T0)).isTrue();
    return set;
  }

  @Test
  void twoFactorAndAttemptTimestampsAreStoredAsUtcToTheMillisecond() {
    clear();
    Instant precise = T0.plusNanos(123_456_789);
    stores.totp().savePending(TotpCredential.pending("acct-u", SEALED, precise));
    stores.totp().activate("acct-u", SEALED, 3, codes("acct-u", 2, precise, "u"), precise);
    stores.attempts().compareAndSet(null, new AttemptRecord("totp", "account:acct-u", 1, precise));
    String literal = switch (database()) {
      case POSTGRESQL -> "TIMESTAMPTZ '2026-01-01 10:00:00.123+00'";
      case MARIADB -> "TIMESTAMP '2026-01-01 10:00:00.123'";
      case H2 -> "TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00.123+00:00'";
    };
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "totp_credentials WHERE created_at = "
        + literal + " AND confirmed_at = " + literal)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "backup_codes WHERE created_at = "
        + literal)).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "attempt_counters WHERE last_attempt_at = "
        + literal)).isEqualTo(1);
    Instant millis = T0.plusMillis(123);
    TotpCredential read = stores.totp().findByAccount("acct-u").orElseThrow();
    assertThat(read.createdAt()).isEqualTo(millis);
    assertThat(read.confirmedAt()).isEqualTo(millis);
    assertThat(stores.backupCodes().list("acct-u")).allSatisfy(r ->
        assertThat(r.createdAt()).isEqualTo(millis));
    assertThat(stores.attempts().find("totp", "account:acct-u").orElseThrow().lastAttemptAt())
        .isEqualTo(millis);
  }

  @Test
  void aFailedTwoFactorWriteChangesNothingAndQuotesNoHashOrCiphertext() {
    clear();
    Stores on = stores;
    String longCiphertext = "v1.k1." + "Q".repeat(600);
    assertThatThrownBy(() -> on.totp().savePending(
        TotpCredential.pending("acct-f", longCiphertext, T0)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("save pending TOTP credential")
        .satisfies(e -> assertNoMessageContains(e, "QQQQQQQQ"));
    assertThat(on.totp().findByAccount("acct-f")).isEmpty();

    on.totp().savePending(TotpCredential.pending("acct-f", SEALED, T0));
    String longHash = Hashing.sha256Hex("too-long") + "ff";
    List<BackupCodeRecord> bad = new ArrayList<>(codes("acct-f", 9, T0, "bad"));
    bad.add(new BackupCodeRecord("acct-f", "k1", longHash, T0, null));
    assertThatThrownBy(() -> on.totp().activate("acct-f", SEALED, 1, bad, T0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("activate TOTP credential")
        .satisfies(e -> assertNoMessageContains(e, longHash.substring(0, 40)));
    // Rolled back: still pending, no codes.
    assertThat(on.totp().findByAccount("acct-f").orElseThrow().active()).isFalse();
    assertThat(on.backupCodes().list("acct-f")).isEmpty();

    List<BackupCodeRecord> good = enableActive(on, "acct-f");
    assertThatThrownBy(() -> on.backupCodes().replaceAll("acct-f", bad))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("replace backup codes")
        .satisfies(e -> assertNoMessageContains(e, longHash.substring(0, 40)));
    assertThat(on.backupCodes().list("acct-f")).extracting(BackupCodeRecord::codeHash)
        .containsExactlyInAnyOrderElementsOf(good.stream().map(BackupCodeRecord::codeHash)
            .toList());
  }

  private static void assertNoMessageContains(Throwable e, String secret) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      for (Throwable s : t.getSuppressed()) {
        assertThat(String.valueOf(s.getMessage())).doesNotContain(secret);
      }
    }
  }

  @Test
  void twoFactorAndAttemptStoresOnAnUnreachableDatabaseThrowStoreExceptions() {
    HikariDataSource closed = secondPool("closed-2fa");
    JdbcStores onClosed = JdbcStores.create(closed, options);
    closed.close();
    assertThatThrownBy(() -> onClosed.totp().findByAccount("a"))
        .isInstanceOf(StoreException.class).hasMessageContaining("find TOTP credential");
    assertThatThrownBy(() -> onClosed.totp().activate("a", SEALED, 1, codes("a", 1, T0, "x"), T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("activate TOTP credential")
        .hasMessageNotContaining(SEALED);
    assertThatThrownBy(() -> onClosed.backupCodes().consume("a", Hashing.sha256Hex("c"), T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("consume backup code")
        .hasMessageNotContaining(Hashing.sha256Hex("c"));
    assertThatThrownBy(() -> onClosed.attempts().compareAndSet(null,
        new AttemptRecord("password", "account:a", 1, T0)))
        .isInstanceOf(StoreException.class).hasMessageContaining("insert attempt counter");
  }

  /**
   * Transactions turn auto-commit off and must restore the connection's mode, whatever it was:
   * a pool that does not reset it would hand the next borrower a connection in the wrong mode.
   * One raw connection, never closed by the stores, shows what they leave behind.
   */
  @Test
  void twoFactorTransactionsRestoreTheConnectionsAutoCommitMode() throws SQLException {
    for (boolean autoCommit : new boolean[] {true, false}) {
      clear();
      try (Connection raw = DriverManager.getConnection(database().urlWithTimeouts(url))) {
        raw.setAutoCommit(autoCommit);
        JdbcStores on = JdbcStores.create(new OneConnection(raw), options);
        assertThat(on.totp().savePending(TotpCredential.pending("acct-r", SEALED, T0))).isTrue();
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        List<BackupCodeRecord> set = enableActive(on, "acct-r");
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(on.backupCodes().replaceAll("acct-r", codes("acct-r", 10, T0, "r2"))).isTrue();
        assertThat(on.backupCodes().replaceAll("nobody", codes("nobody", 10, T0, "r3")))
            .isFalse();
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(on.totp().acceptStep("acct-r", 9)).isTrue();
        AttemptRecord first = new AttemptRecord("totp", "account:acct-r", 1, T0);
        assertThat(on.attempts().compareAndSet(null, first)).isTrue();
        // A lost insert race must not poison the connection (PostgreSQL aborts a transaction
        // after any failed statement).
        assertThat(on.attempts().compareAndSet(null, first)).isFalse();
        assertThat(on.attempts().compareAndSet(first,
            new AttemptRecord("totp", "account:acct-r", 2, T0))).isTrue();
        assertThat(on.backupCodes().consume("acct-r", set.get(0).codeHash(), T0)).isFalse();
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        // Everything is committed: another pool sees it.
        assertThat(stores.totp().findByAccount("acct-r").orElseThrow().lastAcceptedStep())
            .isEqualTo(9);
        assertThat(stores.backupCodes().countRemaining("acct-r")).isEqualTo(10);
        assertThat(stores.attempts().find("totp", "account:acct-r").orElseThrow().attempts())
            .isEqualTo(2);
        assertThat(on.totp().deleteAll("acct-r")).isTrue();
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(stores.backupCodes().list("acct-r")).isEmpty();
      }
    }
  }

  /**
   * Linking and unlinking run in transactions too: on one raw connection, whatever its mode, they
   * leave it as they found it, and a refused link (a duplicate key on H2) does not poison it.
   */
  @Test
  void connectedAccountTransactionsRestoreTheConnectionsAutoCommitMode() throws SQLException {
    for (boolean autoCommit : new boolean[] {true, false}) {
      clear();
      try (Connection raw = DriverManager.getConnection(database().urlWithTimeouts(url))) {
        raw.setAutoCommit(autoCommit);
        ConnectedAccountStore on =
            JdbcStores.create(new OneConnection(raw), options).connectedAccounts();
        assertThat(on.insert(link("acct-r", "google", "g-r", T0)))
            .isEqualTo(InsertOutcome.INSERTED);
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(on.insert(link("acct-x", "google", "g-r", T0)))
            .isEqualTo(InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT);
        assertThat(on.insert(link("acct-r", "google", "g-other", T0)))
            .isEqualTo(InsertOutcome.PROVIDER_ALREADY_LINKED);
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        assertThat(on.insert(link("acct-r", "github", "h-r", T0)))
            .isEqualTo(InsertOutcome.INSERTED);
        assertThat(on.unlinkUnlessLast("acct-r", "google", false))
            .isEqualTo(UnlinkOutcome.UNLINKED);
        assertThat(on.unlinkUnlessLast("acct-r", "github", false))
            .isEqualTo(UnlinkOutcome.LAST_SIGN_IN_METHOD);
        assertThat(raw.getAutoCommit()).isEqualTo(autoCommit);
        // Committed, and no lock left behind: another pool reads and writes the rows.
        assertThat(stores.connectedAccounts().listByAccount("acct-r"))
            .extracting(ConnectedIdentity::provider).containsExactly("github");
        assertThat(stores.connectedAccounts().unlinkUnlessLast("acct-r", "github", true))
            .isEqualTo(UnlinkOutcome.UNLINKED);
      }
    }
  }

  @Test
  void nullsAreRefusedBeforeAnyStatement() {
    SessionStore sessions = stores.sessions();
    assertThatThrownBy(() -> sessions.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sessions.findById(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sessions.touch("x", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> stores.credentials().replace("a", ARGON,
        new PasswordCredential("b", ARGON, T0))).isInstanceOf(IllegalArgumentException.class);
    ApiKeyStore keys = stores.apiKeys();
    assertThatThrownBy(() -> keys.insert(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> keys.findByHash(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> keys.revoke("o", "k", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> keys.touchLastUsed("k", T0, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> keys.findStale("o", T0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Connected accounts: atomicity across two pools, and what only a SQL database can get wrong.

  /** 64 links of one identity to 64 accounts, half through each pool: one account gets it. */
  @Test
  void concurrentLinksOfOneIdentityFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("link-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      int wins = race(i -> (i % 2 == 0 ? a : b).connectedAccounts()
          .insert(link("acct-" + i, "google", "contested", T0)) == InsertOutcome.INSERTED);
      assertThat(wins).isEqualTo(1);
      String winner = b.connectedAccounts().findBySubject("google", "contested").orElseThrow()
          .accountId();
      assertThat(a.connectedAccounts().listByAccount(winner)).hasSize(1);
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "connected_accounts")).isEqualTo(1);
    }
  }

  /**
   * The last two providers of an account without a password, unlinked at once through two pools
   * (two processes): in every round exactly one unlink succeeds and one identity is left.
   */
  @Test
  void concurrentUnlinksOfTheLastTwoProvidersFromTwoPoolsHaveExactlyOneWinner()
      throws Exception {
    clear();
    try (HikariDataSource other = secondPool("unlink-b")) {
      ConnectedAccountStore a = stores.connectedAccounts();
      ConnectedAccountStore b = JdbcStores.create(other, options).connectedAccounts();
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 40; round++) {
          String account = "acct-u" + round;
          a.insert(link(account, "google", "g-" + round, T0));
          a.insert(link(account, "github", "h-" + round, T0));
          CountDownLatch start = new CountDownLatch(1);
          Future<UnlinkOutcome> first = executor.submit(() -> {
            start.await();
            return a.unlinkUnlessLast(account, "google", false);
          });
          Future<UnlinkOutcome> second = executor.submit(() -> {
            start.await();
            return b.unlinkUnlessLast(account, "github", false);
          });
          start.countDown();
          assertThat(List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS)))
              .as("round %d", round)
              .containsExactlyInAnyOrder(UnlinkOutcome.UNLINKED,
                  UnlinkOutcome.LAST_SIGN_IN_METHOD);
          assertThat(b.listByAccount(account)).as("round %d", round).hasSize(1);
        }
      } finally {
        executor.shutdownNow();
      }
    }
  }

  @Test
  void connectedAccountOperationsAreCommittedWhenThePoolTurnsAutoCommitOff() {
    clear();
    try (HikariDataSource manual = TestDatabases.pool(database(), url, "manual-links", false)) {
      ConnectedAccountStore onManual = JdbcStores.create(manual, options).connectedAccounts();
      assertThat(onManual.insert(link("acct-m", "google", "g-m", T0)))
          .isEqualTo(InsertOutcome.INSERTED);
      assertThat(onManual.insert(link("acct-m", "github", "h-m", T0)))
          .isEqualTo(InsertOutcome.INSERTED);
      // Refused inserts: on PostgreSQL a failed statement would poison the transaction.
      assertThat(onManual.insert(link("acct-x", "google", "g-m", T0)))
          .isEqualTo(InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT);
      assertThat(onManual.insert(link("acct-m", "google", "g-m", T0)))
          .isEqualTo(InsertOutcome.ALREADY_LINKED_TO_THIS_ACCOUNT);
      assertThat(onManual.insert(link("acct-m", "google", "g-other", T0)))
          .isEqualTo(InsertOutcome.PROVIDER_ALREADY_LINKED);
      assertThat(onManual.unlinkUnlessLast("acct-m", "google", false))
          .isEqualTo(UnlinkOutcome.UNLINKED);
      assertThat(onManual.unlinkUnlessLast("acct-m", "github", false))
          .isEqualTo(UnlinkOutcome.LAST_SIGN_IN_METHOD);
      // Seen through the other pool: committed, and nothing else was written.
      ConnectedAccountStore seen = stores.connectedAccounts();
      assertThat(seen.listByAccount("acct-m")).extracting(ConnectedIdentity::provider)
          .containsExactly("github");
      assertThat(seen.findBySubject("google", "g-m")).isEmpty();
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "connected_accounts")).isEqualTo(1);
      assertThat(onManual.deleteAll("acct-m")).isEqualTo(1);
      assertThat(seen.listByAccount("acct-m")).isEmpty();
    }
  }

  @Test
  void linkTimesAreStoredAsUtcToTheMillisecond() {
    clear();
    ConnectedAccountStore links = stores.connectedAccounts();
    links.insert(link("acct-u", "google", "utc-subject", T0.plusNanos(123_456_789)));
    String literal = switch (database()) {
      case POSTGRESQL -> "TIMESTAMPTZ '2026-01-01 10:00:00.123+00'";
      case MARIADB -> "TIMESTAMP '2026-01-01 10:00:00.123'";
      case H2 -> "TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00.123+00:00'";
    };
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "connected_accounts WHERE linked_at = "
        + literal)).isEqualTo(1);
    assertThat(links.findBySubject("google", "utc-subject").orElseThrow().linkedAt())
        .isEqualTo(T0.plusMillis(123));
  }

  @Test
  void anUnreachableDatabaseFailsConnectedAccountCallsNamingTheOperation() {
    HikariDataSource closed = secondPool("closed-links");
    ConnectedAccountStore onClosed = JdbcStores.create(closed, options).connectedAccounts();
    closed.close();
    assertThatThrownBy(() -> onClosed.insert(link("a", "google", "s", T0)))
        .isInstanceOf(StoreException.class).hasMessageContaining("link connected account");
    assertThatThrownBy(() -> onClosed.unlinkUnlessLast("a", "google", false))
        .isInstanceOf(StoreException.class).hasMessageContaining("unlink connected account");
    assertThatThrownBy(() -> onClosed.findBySubject("google", "s"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("find connected account by subject");
  }

  // Security events: paging across two pools, and what only a SQL database can get wrong.

  private static final SecureRandom EVENT_IDS = new SecureRandom();

  /** A random 32-hex-digit id, as Latchkey makes them. */
  static String newEventId() {
    byte[] b = new byte[16];
    EVENT_IDS.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static SecurityEventRecord securityEvent(String id, String account, String type, Instant at) {
    return new SecurityEventRecord(id, account, type, at, "203.0.113.7", FIREFOX_ON_LINUX, BERLIN,
        null, false, Map.of("method", "password"));
  }

  /** Every event of the account, read {@code size} at a time from {@code on}. */
  static List<SecurityEventRecord> readAllPages(SecurityEventStore on, String account,
      Set<String> types, int size) {
    List<SecurityEventRecord> seen = new ArrayList<>();
    EventPosition after = null;
    for (int guard = 0; guard < 10_000; guard++) {
      List<SecurityEventRecord> page = on.page(account, types, after, size);
      assertThat(page.size()).isLessThanOrEqualTo(size);
      if (page.isEmpty()) {
        return seen;
      }
      seen.addAll(page);
      after = page.get(page.size() - 1).position();
    }
    throw new AssertionError("paging did not end");
  }

  /**
   * 200 events of one account appended at once through two pools (two processes), many sharing a
   * millisecond, some of another account: paging through either pool afterwards, whatever the
   * page size, visits each of the account's events exactly once, newest first.
   */
  @Test
  void eventsAppendedConcurrentlyFromTwoPoolsArePagedExactlyOnce() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("events-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      int threads = 8;
      int perThread = 25;
      List<SecurityEventRecord> mine = new ArrayList<>();
      for (int i = 0; i < threads * perThread; i++) {
        // Ten events per millisecond on average, and the types interleaved.
        mine.add(securityEvent(newEventId(), "acct-p", i % 3 == 0 ? "sign_in.failed"
            : "sign_in.succeeded", T0.plusMillis(i % 20)));
      }
      int done = race(threads, t -> {
        Stores on = t % 2 == 0 ? a : b;
        for (SecurityEventRecord e : mine.subList(t * perThread, (t + 1) * perThread)) {
          on.securityEvents().append(e);
          on.securityEvents().append(
              securityEvent(newEventId(), "acct-q", "sign_in.succeeded", e.at()));
        }
        return true;
      });
      assertThat(done).isEqualTo(threads);
      List<SecurityEventRecord> expected = new ArrayList<>(mine);
      expected.sort(SecurityEventRecord.NEWEST_FIRST);
      for (int size : new int[] {1, 7, 50, 101}) {
        Stores on = size % 2 == 0 ? a : b;
        List<SecurityEventRecord> seen =
            readAllPages(on.securityEvents(), "acct-p", Set.of(), size);
        assertThat(seen).as("page size %d", size).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSize(threads * perThread);
      }
      assertThat(readAllPages(b.securityEvents(), "acct-p", Set.of("sign_in.failed"), 9))
          .containsExactlyElementsOf(expected.stream()
              .filter(e -> e.type().equals("sign_in.failed")).toList());
      assertThat(count("SELECT COUNT(*) FROM " + prefix + "security_events"))
          .isEqualTo(2L * threads * perThread);
    }
  }

  /**
   * The largest record the row type allows fits: 255-unit account id, device names and location
   * components of three-byte characters at their longest (the most UTF-8 bytes per UTF-16 unit,
   * so the widest index key PostgreSQL sees), a 64-unit type, 2000 characters of details.
   */
  @Test
  void theLargestEventTheRecordAllowsFitsAndComesBackUnchanged() {
    clear();
    String wide = "\u4e2d".repeat(255);
    String name = "\u4e2d".repeat(Device.MAX_NAME_LENGTH);
    String part = "\u4e2d".repeat(Location.MAX_COMPONENT_LENGTH);
    Device device = new Device(name, Integer.MAX_VALUE, name, DeviceType.CONSOLE);
    Location location = new Location(part, part, part, AddressScope.LOOPBACK);
    StringBuilder value = new StringBuilder();
    while (SecurityEventRecord.encodeDetails(Map.of("k", value + "x")).length()
        <= SecurityEventRecord.MAX_DETAILS_TEXT_LENGTH) {
      value.append('x');
    }
    SecurityEventRecord big = new SecurityEventRecord("f".repeat(SecurityEventRecord.MAX_ID_LENGTH),
        wide, "\u00e9".repeat(SecurityEventRecord.MAX_TYPE_LENGTH), T0, "x".repeat(64), device,
        location, "s".repeat(128), true, Map.of("k", value.toString()));
    assertThat(big.detailsText()).hasSize(SecurityEventRecord.MAX_DETAILS_TEXT_LENGTH);
    SecurityEventStore events = stores.securityEvents();
    events.append(big);
    assertThat(events.page(wide, Set.of(), null, 10)).containsExactly(big);
    assertThat(events.exists(wide, big.type(), device, location)).isTrue();
    assertThat(events.exists(wide, big.type(), new Device(name, 1, name, DeviceType.CONSOLE),
        null)).isTrue();
  }

  /**
   * MariaDB indexes only the first 32 characters of the country code and the first 64 of region
   * and city: locations that share them are still told apart by the full comparison.
   */
  @Test
  void locationsLongerThanTheIndexedPrefixStillMatchExactly() {
    clear();
    String head = "d".repeat(64);
    Location here = new Location(head + "-here", head + "-region", "c".repeat(32) + "-one");
    SecurityEventStore events = stores.securityEvents();
    events.append(new SecurityEventRecord(newEventId(), "acct-l", "sign_in.succeeded", T0, "",
        FIREFOX_ON_LINUX, here, null, false, Map.of()));
    assertThat(events.exists("acct-l", "sign_in.succeeded", FIREFOX_ON_LINUX, here)).isTrue();
    assertThat(events.exists("acct-l", "sign_in.succeeded", null, here)).isTrue();
    assertThat(events.exists("acct-l", "sign_in.succeeded", FIREFOX_ON_LINUX,
        new Location(head + "-there", here.region(), here.countryCode()))).isFalse();
    assertThat(events.exists("acct-l", "sign_in.succeeded", FIREFOX_ON_LINUX,
        new Location(here.city(), head + "-province", here.countryCode()))).isFalse();
    assertThat(events.exists("acct-l", "sign_in.succeeded", FIREFOX_ON_LINUX,
        new Location(here.city(), here.region(), "c".repeat(32) + "-two"))).isFalse();
    assertThat(events.exists("acct-l", "sign_in.succeeded", FIREFOX_ON_LINUX,
        new Location(head, here.region(), here.countryCode()))).isFalse();
  }

  /**
   * Schema version 7 replaced the device and location labels with structured columns; rows a
   * version-6 database already held read as an unknown device at an unknown location, and the
   * suspicious-sign-in probe still works on them.
   */
  @Test
  void rowsWrittenBeforeVersionSevenReadAsAnUnknownDeviceAtAnUnknownLocation() throws Exception {
    String fresh = TestDatabases.randomPrefix();
    JdbcSettings freshOptions = JdbcSettings.builder().tablePrefix(fresh).build();
    Dialect dialect = database().dialect;
    DialectSql sql = new DialectSql(dialect);
    try {
      // A database as version 6 left it, recorded as such.
      TestDatabases.execute(pool, sql.createSchemaVersionTable().replace("%PREFIX%", fresh));
      for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
        if (m.version() < 7) {
          TestDatabases.execute(pool,
              JdbcSchema.statements(dialect, m, fresh).toArray(String[]::new));
          TestDatabases.execute(pool, "INSERT INTO " + fresh + "schema_version (version, "
              + "description, applied_at) VALUES (" + m.version() + ", 'v" + m.version() + "', "
              + sql.utcNow() + ")");
        }
      }
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh + "sessions (id, "
            + "account_id, token_hash, created_at, last_active_at, expires_at, ip_address, device, "
            + "location, assurance) VALUES ('old-s', 'acct-o', ?, ?, ?, ?, '203.0.113.9', "
            + "'Firefox on Linux', 'Berlin, DE', 'single_factor')")) {
          ps.setString(1, Hashing.sha256Hex("old-token"));
          sql.bindInstant(ps, 2, T0);
          sql.bindInstant(ps, 3, T0);
          sql.bindInstant(ps, 4, T0.plus(Duration.ofHours(12)));
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh + "security_events "
            + "(id, account_id, type, occurred_at, ip_address, device, location, session_id, "
            + "suspicious, details) VALUES ('old-e', 'acct-o', 'sign_in.succeeded', ?, "
            + "'203.0.113.9', 'Firefox on Linux', 'Berlin, DE', 'old-s', ?, 'method=password')")) {
          sql.bindInstant(ps, 1, T0);
          ps.setBoolean(2, false);
          ps.executeUpdate();
        }
      }

      JdbcSchema.apply(pool, freshOptions);
      assertThat(JdbcSchema.currentVersion(pool, freshOptions)).isEqualTo(LATEST_VERSION);
      Stores on = JdbcStores.create(pool, freshOptions);
      SessionRecord session = on.sessions().findById("old-s").orElseThrow();
      assertThat(session.device()).isEqualTo(Device.unknown());
      assertThat(session.location()).isEqualTo(Location.of(AddressScope.UNKNOWN));
      assertThat(session.ipAddress()).isEqualTo("203.0.113.9");
      SecurityEventRecord event = on.securityEvents().page("acct-o", Set.of(), null, 10).get(0);
      assertThat(event.id()).isEqualTo("old-e");
      assertThat(event.device()).isEqualTo(Device.unknown());
      assertThat(event.location()).isEqualTo(Location.of(AddressScope.UNKNOWN));
      assertThat(event.details()).isEqualTo(Map.of("method", "password"));
      assertThat(on.securityEvents().exists("acct-o", "sign_in.succeeded", Device.unknown(),
          Location.of(AddressScope.UNKNOWN))).isTrue();
      assertThat(on.securityEvents().exists("acct-o", "sign_in.succeeded", FIREFOX_ON_LINUX,
          BERLIN)).isFalse();
      // New rows go in beside the old ones.
      on.sessions().insert(session("new-s", "acct-o", "new-token", T0));
      assertThat(on.sessions().findById("new-s").orElseThrow().device())
          .isEqualTo(FIREFOX_ON_LINUX);
    } finally {
      TestDatabases.dropTables(pool, fresh);
    }
  }

  @Test
  void eventTimesAreStoredAsUtcToTheMillisecond() {
    clear();
    SecurityEventStore events = stores.securityEvents();
    events.append(securityEvent("utc-e", "acct-u", "sign_in.failed", T0.plusNanos(123_456_789)));
    String literal = switch (database()) {
      case POSTGRESQL -> "TIMESTAMPTZ '2026-01-01 10:00:00.123+00'";
      case MARIADB -> "TIMESTAMP '2026-01-01 10:00:00.123'";
      case H2 -> "TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00.123+00:00'";
    };
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "security_events WHERE occurred_at = "
        + literal)).isEqualTo(1);
    assertThat(events.page("acct-u", Set.of(), null, 1).get(0).at())
        .isEqualTo(T0.plusMillis(123));
  }

  /**
   * The columns hold whole milliseconds; a position or purge time inside a millisecond still
   * means "strictly before it", so the events of that millisecond (older) are included.
   */
  @Test
  void aPositionOrPurgeTimeInsideAMillisecondCountsThatMillisecondAsOlder() {
    clear();
    SecurityEventStore events = stores.securityEvents();
    SecurityEventRecord low = securityEvent("00", "acct-m", "sign_in.failed", T0);
    SecurityEventRecord high = securityEvent("ff", "acct-m", "sign_in.failed", T0);
    SecurityEventRecord later = securityEvent("11", "acct-m", "sign_in.failed", T0.plusMillis(1));
    List.of(low, high, later).forEach(events::append);
    assertThat(events.page("acct-m", Set.of(), new EventPosition(T0.plusNanos(500_000), "0"), 10))
        .containsExactly(high, low);
    assertThat(events.purge(T0.plusNanos(1))).isEqualTo(2);
    assertThat(events.page("acct-m", Set.of(), null, 10)).containsExactly(later);
  }

  @Test
  void aDuplicateEventIdFailsNamingTheOperationOnly() {
    clear();
    SecurityEventStore events = stores.securityEvents();
    String id = newEventId();
    events.append(securityEvent(id, "acct-d", "sign_in.failed", T0));
    assertThatThrownBy(() -> events.append(
        securityEvent(id, "acct-e", "sign_in.succeeded", T0.plusSeconds(1))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("append security event")
        .satisfies(e -> assertNoMessageContains(e, id));
    assertThat(count("SELECT COUNT(*) FROM " + prefix + "security_events")).isEqualTo(1);
  }

  @Test
  void aCorruptDetailsColumnIsAStoreException() {
    clear();
    stores.securityEvents().append(securityEvent("corrupt-1", "acct-c", "sign_in.failed", T0));
    TestDatabases.execute(pool, "UPDATE " + prefix + "security_events SET details = '=broken'");
    assertThatThrownBy(() -> stores.securityEvents().page("acct-c", Set.of(), null, 10))
        .isInstanceOf(StoreException.class).hasMessageContaining("page security events");
  }

  @Test
  void securityEventsAreCommittedWhenThePoolTurnsAutoCommitOff() {
    clear();
    try (HikariDataSource manual = TestDatabases.pool(database(), url, "manual-events", false)) {
      SecurityEventStore onManual = JdbcStores.create(manual, options).securityEvents();
      SecurityEventRecord old = securityEvent(newEventId(), "acct-m", "sign_in.failed", T0);
      SecurityEventRecord recent =
          securityEvent(newEventId(), "acct-m", "sign_in.succeeded", T0.plusSeconds(5));
      onManual.append(old);
      onManual.append(recent);
      assertThatThrownBy(() -> onManual.append(old)).isInstanceOf(StoreException.class);
      // Seen through the other pool: committed, and the failed insert left nothing behind.
      assertThat(stores.securityEvents().page("acct-m", Set.of(), null, 10))
          .containsExactly(recent, old);
      assertThat(onManual.purge(T0.plusSeconds(1))).isEqualTo(1);
      assertThat(stores.securityEvents().page("acct-m", Set.of(), null, 10))
          .containsExactly(recent);
    }
  }

  /**
   * A purge is a series of bounded DELETEs, each its own statement and transaction, until one
   * deletes fewer than the batch size; the SPI's meaning is kept: every row older than the cutoff
   * goes, newer ones stay, and the count is the total.
   */
  @Test
  void purgeDeletesInBatchesUntilNothingOlderIsLeft() {
    clear();
    StatementLog log = new StatementLog(pool);
    JdbcSettings batchesOfThree =
        JdbcSettings.builder().tablePrefix(prefix).purgeBatchSize(3).build();
    JdbcStores batched = JdbcStores.create(log.dataSource(), batchesOfThree);
    for (int i = 0; i < 10; i++) {
      batched.securityEvents().append(
          securityEvent(newEventId(), "acct-p", "sign_in.failed", T0.plusSeconds(i)));
    }
    SecurityEventRecord recent =
        securityEvent(newEventId(), "acct-p", "sign_in.succeeded", T0.plusSeconds(100));
    batched.securityEvents().append(recent);
    log.clear();

    assertThat(batched.securityEvents().purge(T0.plusSeconds(50))).isEqualTo(10);

    assertThat(log.startingWith("DELETE")).extracting(StatementLog.Executed::updateCount)
        .containsExactly(3, 3, 3, 1);
    assertThat(stores.securityEvents().page("acct-p", Set.of(), null, 20))
        .containsExactly(recent);
  }

  /** Sessions go when expired or revoked before the cutoff: one batched pass per index. */
  @Test
  void sessionPurgeBatchesExpiredThenRevokedSessions() {
    clear();
    StatementLog log = new StatementLog(pool);
    JdbcStores batched = JdbcStores.create(log.dataSource(),
        JdbcSettings.builder().tablePrefix(prefix).purgeBatchSize(3).build());
    Instant cutoff = T0.plus(Duration.ofDays(1));
    for (int i = 0; i < 7; i++) { // expired 12 h after T0
      batched.sessions().insert(session("exp-" + i, "acct-q", "exp-token-" + i, T0));
    }
    for (int i = 0; i < 5; i++) { // live until cutoff + 12 h, but revoked before the cutoff
      String id = "rev-" + i;
      batched.sessions().insert(session(id, "acct-q", "rev-token-" + i, cutoff));
      assertThat(batched.sessions().revoke("acct-q", id, T0.plusSeconds(i))).isTrue();
    }
    batched.sessions().insert(session("live", "acct-q", "live-token", cutoff));
    log.clear();

    assertThat(batched.sessions().purge(cutoff)).isEqualTo(12);

    assertThat(log.startingWith("DELETE")).extracting(StatementLog.Executed::updateCount)
        .containsExactly(3, 3, 1, 3, 2);
    assertThat(stores.sessions().findById("live")).isPresent();
    assertThat(stores.sessions().findById("exp-0")).isEmpty();
    assertThat(stores.sessions().findById("rev-4")).isEmpty();
  }

  @Test
  void anUnreachableDatabaseFailsSecurityEventCallsNamingTheOperation() {
    HikariDataSource closed = secondPool("closed-events");
    SecurityEventStore onClosed = JdbcStores.create(closed, options).securityEvents();
    closed.close();
    assertThatThrownBy(() -> onClosed.append(securityEvent("x", "a", "sign_in.failed", T0)))
        .isInstanceOf(StoreException.class).hasMessageContaining("append security event");
    assertThatThrownBy(() -> onClosed.page("a", Set.of(), null, 10))
        .isInstanceOf(StoreException.class).hasMessageContaining("page security events");
    assertThatThrownBy(() -> onClosed.exists("a", "sign_in.succeeded", null, null))
        .isInstanceOf(StoreException.class).hasMessageContaining("look up security events");
    assertThatThrownBy(() -> onClosed.purge(T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("purge security events");
  }

  @Test
  void badSecurityEventArgumentsAreRefusedBeforeAnyStatement() {
    SecurityEventStore events = stores.securityEvents();
    assertThatThrownBy(() -> events.append(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> events.page(null, Set.of(), null, 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> events.page("a", null, null, 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> events.page("a", Set.of(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> events.exists("a", null, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> events.purge(null)).isInstanceOf(NullPointerException.class);
  }

  // Sign-in challenges: single use across processes, the shipped schema, failures.

  static ChallengeRecord challenge(String id, String account, Instant at) {
    return new ChallengeRecord(id, Hashing.sha256Hex("token-" + id), account, "203.0.113.9",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", at, at.plus(Duration.ofMinutes(5)),
        null);
  }

  /** 64 consumes of one challenge, half through each pool: exactly one uses it up. */
  @Test
  void concurrentConsumesOfOneChallengeFromTwoPoolsHaveExactlyOneWinner() throws Exception {
    clear();
    try (HikariDataSource other = secondPool("challenge-b")) {
      JdbcStores a = stores;
      JdbcStores b = JdbcStores.create(other, options);
      ChallengeRecord c = challenge("race-challenge", "acct-r", T0);
      a.challenges().insert(c);
      int wins = race(i -> (i % 2 == 0 ? a : b).challenges().consume(c.id(),
          T0.plusMillis(1 + i)));
      assertThat(wins).isEqualTo(1);
      assertThat(b.challenges().findByTokenHash(c.tokenHash()).orElseThrow().consumed()).isTrue();
    }
  }

  @Test
  void challengeIdsAndHashesCompareCaseSensitively() {
    clear();
    ChallengeRecord c = challenge("Chal-Case", "acct-c", T0);
    stores.challenges().insert(c);
    assertThat(stores.challenges().consume("chal-case", T0.plusSeconds(1))).isFalse();
    assertThat(stores.challenges().findByTokenHash(c.tokenHash().toUpperCase(Locale.ROOT)))
        .isEmpty();
    assertThat(stores.challenges().consume("Chal-Case", T0.plusSeconds(1))).isTrue();
  }

  @Test
  void challengeTimesAreStoredInUtcToTheMillisecond() {
    clear();
    Instant at = T0.plusNanos(123_456_789);
    ChallengeRecord c = challenge("chal-utc", "acct-u", at.truncatedTo(ChronoUnit.MILLIS));
    stores.challenges().insert(c);
    assertThat(stores.challenges().consume(c.id(), at.plusSeconds(1))).isTrue();
    assertThat(stores.challenges().findByTokenHash(c.tokenHash()).orElseThrow())
        .isEqualTo(c.withConsumedAt(at.plusSeconds(1).truncatedTo(ChronoUnit.MILLIS)));
  }

  @Test
  void theChallengeTableAndItsIndexesAreNamedWithThePrefix() throws SQLException {
    assertThat(indexNames(prefix + "sign_in_challenges"))
        .contains(prefix + "sign_in_challenges_expires_ix");
    assertThat(constraintNames(prefix + "sign_in_challenges"))
        .contains(prefix + "sign_in_challenges_token_hash_uk");
    if (database() != TestDatabases.Db.MARIADB) {
      // MariaDB names every primary key PRIMARY, whatever the DDL says.
      assertThat(constraintNames(prefix + "sign_in_challenges"))
          .contains(prefix + "sign_in_challenges_pk");
    }
  }

  /** Version 8 removes the challenges version 1 to 7 kept as sessions, so none can validate. */
  @Test
  void versionEightDeletesChallengesStoredAsSessions() {
    String fresh = TestDatabases.randomPrefix();
    JdbcSettings freshOptions = JdbcSettings.builder().tablePrefix(fresh).build();
    try {
      JdbcSchema.apply(pool, freshOptions);
      TestDatabases.execute(pool, "DROP TABLE " + fresh + "sign_in_challenges",
          "DELETE FROM " + fresh + "schema_version WHERE version = 8");
      Stores on = JdbcStores.create(pool, freshOptions);
      SessionRecord session = session("kept", "acct-v", "kept-token", T0);
      SessionRecord pending = new SessionRecord("old-challenge", "acct-v",
          Hashing.sha256Hex("old-challenge-token"), T0, T0, T0.plusSeconds(300), null, "", Device.none(), Location.of(AddressScope.NONE),
          "second_factor_pending");
      on.sessions().insert(session);
      on.sessions().insert(pending);
      JdbcSchema.apply(pool, freshOptions);
      assertThat(on.sessions().findById("kept")).contains(session);
      assertThat(on.sessions().findById("old-challenge")).isEmpty();
      ChallengeRecord c = challenge("after-v8", "acct-v", T0);
      on.challenges().insert(c);
      assertThat(on.challenges().findByTokenHash(c.tokenHash())).contains(c);
    } finally {
      TestDatabases.dropTables(pool, fresh);
    }
  }

  /**
   * Issue 9 items 2, 3 and 6 where storage matters: the authentication time is raised in the
   * database, a factor change ends the other sessions there and re-keys the current one, and a
   * reset ends every session and clears the stored password counters.
   */
  @Test
  void reauthenticationFactorChangesAndResetsHoldOnTheDatabase() {
    MutableClock clock = new MutableClock(T0);
    dev.latchkey.Latchkey latchkey = dev.latchkey.Latchkey.builder().stores(stores).clock(clock)
        .random(new SecureRandom()).build();
    String account = "acct-reauth-" + System.nanoTime();
    String password = "Correct-horse-9";
    dev.latchkey.client.ClientInfo client =
        new dev.latchkey.client.ClientInfo("203.0.113.7", "curl/8.4.0");
    latchkey.signIn().setPassword(account, password);
    dev.latchkey.session.NewSession victim = latchkey.sessions().create(account, client);
    dev.latchkey.session.NewSession stolen = latchkey.sessions().create(account, client);
    clock.advance(Duration.ofMinutes(11));

    // Item 3: stale, so no admin key until the password is re-entered; the raise is stored.
    ApiKeySpec admin = ApiKeySpec.builder().name("ci")
        .permission(dev.latchkey.apikey.Permission.ADMIN).build();
    dev.latchkey.session.ValidatedSession v = validated(latchkey, victim.token().reveal());
    assertThat(latchkey.apiKeys().create(v, admin).code()).isEqualTo("reauthentication_required");
    assertThat(latchkey.reauthenticator().withPassword(v, password, client).code())
        .isEqualTo("reauthenticated");
    assertThat(stores.sessions().findById(victim.id()).orElseThrow().authenticatedAt())
        .isEqualTo(clock.instant());
    v = validated(latchkey, victim.token().reveal());
    assertThat(latchkey.apiKeys().create(v, admin).code()).isEqualTo("created");

    // Item 2: a password change ends the stolen session and re-keys the victim's.
    dev.latchkey.password.PasswordChangeResult changed =
        latchkey.passwords().change(v, password, "Battery-staple-42!", null, client);
    dev.latchkey.session.SessionRenewal renewal =
        ((dev.latchkey.password.PasswordChangeResult.Changed) changed).sessions();
    assertThat(renewal.otherSessionsEnded()).isEqualTo(1);
    assertThat(stores.sessions().findById(stolen.id()).orElseThrow().revoked()).isTrue();
    assertThat(latchkey.sessions().validate(victim.token().reveal()).isValid()).isFalse();
    String renewed = renewal.newSession().orElseThrow().token().reveal();
    assertThat(latchkey.sessions().validate(renewed).isValid()).isTrue();

    // Item 6: a reset ends every session and clears the lock the guesses earned.
    for (int i = 0; i < 5; i++) {
      latchkey.signIn().signIn(account, "guess-" + i, client);
    }
    assertThat(latchkey.signIn().signIn(account, "Battery-staple-42!", client).getClass()
        .getSimpleName()).isEqualTo("Locked");
    assertThat(latchkey.signIn().setPassword(account, "Recovered-staple-7!")).isEqualTo(1);
    assertThat(latchkey.sessions().validate(renewed).isValid()).isFalse();
    assertThat(stores.attempts().find(Factor.PASSWORD.code(), "account:" + account)).isEmpty();
    assertThat(latchkey.signIn().signIn(account, "Recovered-staple-7!", client).getClass()
        .getSimpleName()).isEqualTo("SignedIn");
  }

  private static dev.latchkey.session.ValidatedSession validated(dev.latchkey.Latchkey latchkey,
      String token) {
    return ((dev.latchkey.session.SessionValidation.Valid) latchkey.sessions().validate(token))
        .session();
  }

  /**
   * Version 9 adds when each session last authenticated; sessions a version-8 database already
   * held take their creation time, and re-authentication then moves it forward.
   */
  @Test
  void sessionsWrittenBeforeVersionNineWereAuthenticatedWhenCreated() throws Exception {
    String fresh = TestDatabases.randomPrefix();
    JdbcSettings freshOptions = JdbcSettings.builder().tablePrefix(fresh).build();
    Dialect dialect = database().dialect;
    DialectSql sql = new DialectSql(dialect);
    try {
      // A database as version 8 left it, recorded as such.
      TestDatabases.execute(pool, sql.createSchemaVersionTable().replace("%PREFIX%", fresh));
      for (JdbcSchema.Migration m : JdbcSchema.MIGRATIONS) {
        if (m.version() < 9) {
          TestDatabases.execute(pool,
              JdbcSchema.statements(dialect, m, fresh).toArray(String[]::new));
          TestDatabases.execute(pool, "INSERT INTO " + fresh + "schema_version (version, "
              + "description, applied_at) VALUES (" + m.version() + ", 'v" + m.version() + "', "
              + sql.utcNow() + ")");
        }
      }
      Instant created = T0.plusMillis(321);
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh + "sessions (id, "
              + "account_id, token_hash, created_at, last_active_at, expires_at, ip_address, "
              + "assurance) VALUES ('old-s9', 'acct-9', ?, ?, ?, ?, '203.0.113.9', "
              + "'single_factor')")) {
        ps.setString(1, Hashing.sha256Hex("old-token-9"));
        sql.bindInstant(ps, 2, created);
        sql.bindInstant(ps, 3, created.plusSeconds(60));
        sql.bindInstant(ps, 4, created.plus(Duration.ofHours(12)));
        ps.executeUpdate();
      }

      JdbcSchema.apply(pool, freshOptions);
      assertThat(JdbcSchema.currentVersion(pool, freshOptions)).isEqualTo(LATEST_VERSION);
      Stores on = JdbcStores.create(pool, freshOptions);
      assertThat(on.sessions().findById("old-s9").orElseThrow().authenticatedAt())
          .isEqualTo(created);
      assertThat(on.sessions().reauthenticate("old-s9", created.plusSeconds(600))).isTrue();
      assertThat(on.sessions().findById("old-s9").orElseThrow().authenticatedAt())
          .isEqualTo(created.plusSeconds(600));
    } finally {
      TestDatabases.dropTables(pool, fresh);
    }
  }

  @Test
  void anUnreachableDatabaseFailsChallengeCallsNamingTheOperation() {
    HikariDataSource closed = secondPool("closed-challenges");
    ChallengeStore onClosed = JdbcStores.create(closed, options).challenges();
    closed.close();
    ChallengeRecord c = challenge("chal-closed", "a", T0);
    assertThatThrownBy(() -> onClosed.insert(c))
        .isInstanceOf(StoreException.class).hasMessageContaining("insert sign-in challenge")
        .hasMessageNotContaining(c.tokenHash());
    assertThatThrownBy(() -> onClosed.findByTokenHash(c.tokenHash()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("find sign-in challenge by token hash")
        .hasMessageNotContaining(c.tokenHash());
    assertThatThrownBy(() -> onClosed.consume(c.id(), T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("consume sign-in challenge");
    assertThatThrownBy(() -> onClosed.purge(T0))
        .isInstanceOf(StoreException.class).hasMessageContaining("purge sign-in challenges");
  }

  @Test
  void aDuplicateChallengeInsertFailsWithoutQuotingTheHash() {
    clear();
    ChallengeRecord c = challenge("chal-dup", "acct-d", T0);
    stores.challenges().insert(c);
    ChallengeRecord sameHash = new ChallengeRecord("chal-dup-2", c.tokenHash(), "acct-e", "", "",
        T0, T0.plusSeconds(60), null);
    assertThatThrownBy(() -> stores.challenges().insert(sameHash))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertNoMessageContains(e, c.tokenHash()));
  }

  long count(String sql) {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- The contract kit, run on this database. Declared once here: JUnit discovers inherited
  // @Nested classes in each subclass. The security-event contract, which holds a jqwik property,
  // is wired in each subclass instead: jqwik would try to instantiate this abstract class for an
  // inherited @Group.

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore emptyStore() {
      return emptySessions();
    }
  }

  @Nested
  class Credentials extends CredentialStoreContract {
    @Override
    protected CredentialStore emptyStore() {
      return emptyCredentials();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore emptyStore() {
      return emptyApiKeys();
    }
  }

  @Nested
  class Totp extends TotpStoreContract {
    @Override
    protected Stores emptyStores() {
      return emptyTwoFactorStores();
    }
  }

  @Nested
  class BackupCodes extends BackupCodeStoreContract {
    @Override
    protected Stores emptyStores() {
      return emptyTwoFactorStores();
    }
  }

  @Nested
  class Attempts extends AttemptStoreContract {
    @Override
    protected AttemptStore emptyStore() {
      return emptyAttempts();
    }
  }

  @Nested
  class Passkeys extends PasskeyStoreContract {
    @Override
    protected PasskeyStore emptyStore() {
      return emptyPasskeys();
    }
  }

  @Nested
  class AccountTokens extends AccountTokenStoreContract {
    @Override
    protected AccountTokenStore emptyStore() {
      return emptyAccountTokens();
    }
  }

  @Nested
  class OneTimeCodes extends OneTimeCodeStoreContract {
    @Override
    protected OneTimeCodeStore emptyStore() {
      return emptyOneTimeCodes();
    }
  }

  @Nested
  class Challenges extends ChallengeStoreContract {
    @Override
    protected ChallengeStore emptyStore() {
      return emptyChallenges();
    }
  }

  @Nested
  class ConnectedAccounts extends ConnectedAccountStoreContract {
    @Override
    protected ConnectedAccountStore emptyStore() {
      return emptyConnectedAccounts();
    }
  }

  @Nested
  class KnownDevices extends KnownDeviceStoreContract {
    @Override
    protected KnownDeviceStore emptyStore() {
      return emptyKnownDevices();
    }
  }

}
