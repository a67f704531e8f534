package dev.latchkey.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyCreateResult;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.internal.Base32;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The documented split on H2 and Redis: a whole {@link Latchkey} over
 * {@link RedisStores#combinedWith} keeps sessions, challenges, attempt counters and known devices
 * in Redis and passwords, TOTP, backup codes, API keys and events in the database; each aggregate
 * is written in exactly one of the two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CombinedStoresTest {
  private static final Instant START = Instant.parse("2026-01-01T10:00:05Z");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "curl/8.4.0");

  String prefix;
  RedisStores redis;
  TestRedis.Admin admin;
  JdbcDataSource h2;

  @BeforeAll
  void open() {
    if (TestRedis.unavailable().isPresent()) {
      return;
    }
    prefix = TestRedis.randomPrefix();
    redis = RedisStores.connect(TestRedis.url(), new MutableClock(START),
        RedisSettings.builder().keyPrefix(prefix).build());
    admin = new TestRedis.Admin(TestRedis.url());
  }

  @BeforeEach
  void requireRedisAndAFreshDatabase() {
    TestRedis.assumeAvailable();
    admin.deleteKeys(prefix);
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:latchkey_split_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    JdbcSchema.apply(h2);
  }

  @AfterAll
  void close() {
    if (redis == null) {
      return;
    }
    try {
      admin.deleteKeys(prefix);
    } finally {
      redis.close();
      admin.close();
    }
  }

  @Test
  void hotStateLivesInRedisAndDurableDataInTheDatabase() throws Exception {
    MutableClock clock = new MutableClock(START);
    Stores stores = redis.combinedWith(JdbcStores.create(h2));
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock).random(new SecureRandom())
        .keyRing(KeyRing.generate(new SecureRandom(), "k1"))
        .totpSettings(TotpSettings.withIssuer("Latchkey Test")).build();
    String account = "acct-split";
    String password = "Correct-horse-9";
    latchkey.signIn().setPassword(account, password);

    // A first sign-in, then 2FA on: the secret and the codes go to the database.
    SignInResult first = latchkey.signIn().signIn(account, password, CLIENT);
    String token = ((SignInResult.SignedIn) first).session().token().reveal();
    ValidatedSession session = validated(latchkey, token);
    String secret = ((BeginResult.Started) latchkey.totp().begin(account, "a@example.com"))
        .enrollment().secret().reveal();
    ConfirmResult confirmed = latchkey.totp().confirm(session, code(secret, clock.instant()),
        CLIENT);
    assertThat(confirmed).isInstanceOf(ConfirmResult.Confirmed.class);
    clock.advance(Duration.ofSeconds(30));

    // Password, then a challenge (in Redis), then the code (checked against the database).
    SignInResult.SecondFactorRequired owed = (SignInResult.SecondFactorRequired)
        latchkey.signIn().signIn(account, password, CLIENT);
    assertThat(admin.keys(prefix + "challenge:")).hasSize(1);
    SignInResult done = latchkey.signIn().completeSecondFactor(owed.challenge().reveal(),
        code(secret, clock.instant()), CLIENT);
    assertThat(done).isInstanceOf(SignInResult.SignedIn.class);
    String second = ((SignInResult.SignedIn) done).session().token().reveal();
    assertThat(latchkey.signIn().completeSecondFactor(owed.challenge().reveal(),
        code(secret, clock.instant()), CLIENT)).isNotInstanceOf(SignInResult.SignedIn.class);

    // An API key: its row is durable, so it stays in the database.
    ValidatedSession current = validated(latchkey, second);
    ApiKeyCreateResult key = latchkey.apiKeys().create(current,
        ApiKeySpec.builder().name("ci").build());
    assertThat(key.code()).isEqualTo("created");

    // Wrong guesses: counted in Redis until the account locks.
    for (int i = 0; i < 5; i++) {
      latchkey.signIn().signIn(account, "guess-" + i, CLIENT);
    }
    assertThat(latchkey.signIn().signIn(account, password, CLIENT))
        .isInstanceOf(SignInResult.Locked.class);

    // Where everything is.
    assertThat(count("password_credentials")).isEqualTo(1);
    assertThat(count("totp_credentials")).isEqualTo(1);
    assertThat(count("backup_codes")).isEqualTo(10);
    assertThat(count("api_keys")).isEqualTo(1);
    assertThat(count("security_events")).isPositive();
    assertThat(count("sessions")).isZero();
    assertThat(count("sign_in_challenges")).isZero();
    assertThat(count("attempt_counters")).isZero();
    assertThat(count("known_devices")).isZero();
    assertThat(admin.keys(prefix + "session:")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(admin.keys(prefix + "attempt:")).isNotEmpty();
    assertThat(admin.keys(prefix + "apikey")).isEmpty();
    assertThat(stores.sessions().findByTokenHash(dev.latchkey.internal.Hashing.sha256Hex(second)))
        .isPresent();

    // Revocation through the sessions in Redis is immediate.
    assertThat(latchkey.sessions().revokeAll(account)).isPositive();
    assertThat(latchkey.sessions().validate(second))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
  }

  @Test
  void apiKeysMoveToRedisOnlyByTheNamedCall() throws SQLException {
    MutableClock clock = new MutableClock(START);
    Stores stores = redis.combinedWithApiKeysInRedis(JdbcStores.create(h2));
    Latchkey latchkey = Latchkey.builder().stores(stores).clock(clock).random(new SecureRandom())
        .build();
    var created = latchkey.apiKeys().create("owner-r", ApiKeySpec.builder().name("ci").build());
    assertThat(latchkey.apiKeys().authenticateKey(created.key().reveal()).isAuthenticated())
        .isTrue();
    assertThat(admin.keys(prefix + "apikey:")).hasSize(1);
    assertThat(count("api_keys")).isZero();
    latchkey.signIn().setPassword("owner-r", "Correct-horse-9");
    assertThat(count("password_credentials")).isEqualTo(1);
  }

  @Test
  void passkeysStayWithTheDurableBundle() {
    Stores durable = JdbcStores.create(h2);
    Stores stores = redis.combinedWith(durable);
    assertThat(stores.passkeys()).isSameAs(durable.passkeys());
  }

  @Test
  void oneTimeCodesStayWithTheDurableBundle() {
    Stores durable = JdbcStores.create(h2);
    Stores stores = redis.combinedWith(durable);
    assertThat(stores.oneTimeCodes()).isSameAs(durable.oneTimeCodes());
    assertThat(stores.accountTokens()).isSameAs(durable.accountTokens());
  }

  private static ValidatedSession validated(Latchkey latchkey, String token) {
    return ((SessionValidation.Valid) latchkey.sessions().validate(token)).session();
  }

  /** What an authenticator app shows (default settings: SHA-1, 6 digits, 30 s). */
  private static String code(String base32Secret, Instant at) throws Exception {
    TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator();
    String c = String.valueOf(g.generateOneTimePassword(
        new SecretKeySpec(Base32.decode(base32Secret), g.getAlgorithm()), at));
    return "0".repeat(6 - c.length()) + c;
  }

  private long count(String table) throws SQLException {
    try (Connection c = h2.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM latchkey_" + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
