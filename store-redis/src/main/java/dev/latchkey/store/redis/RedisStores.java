package dev.latchkey.store.redis;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import java.time.Clock;
import java.util.Objects;

/**
 * Latchkey's hot, short-lived state on Redis or Valkey, over one Lettuce connection: sessions,
 * attempt counters, sign-in challenges and known devices, and API keys when the host opts in.
 * Password hashes, TOTP secrets, backup codes, connected accounts and security events are durable
 * data and stay in another bundle, usually {@code JdbcStores}; {@link #combinedWith} joins them:
 *
 * <pre>{@code
 * JdbcStores durable = JdbcStores.create(dataSource);
 * RedisStores redis = RedisStores.connect("redis://127.0.0.1:6379/0", clock);
 * Latchkey latchkey = Latchkey.builder()
 *     .clock(clock)
 *     .stores(redis.combinedWith(durable))
 *     .build();
 * // at shutdown
 * redis.close();
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every atomic SPI operation is one Redis command or one Lua script, and Redis runs a script
 *       with nothing else in between, for every client of the server: "consume the challenge if
 *       unused and unexpired", "revoke if active and owned", "rotate if the token hash is still
 *       …", "count the attempt if the counter is still …", "mark rotated if not yet", "record use
 *       if not within the interval". Two processes on one Redis never both win. Scripts are sent
 *       as {@code EVALSHA} and loaded once when the server does not know them.
 *   <li>Rows are Redis hashes holding hashes of secrets (token, key and device-token SHA-256),
 *       never a secret. Lookups by token hash, by account (sessions, devices) and by owner (API
 *       keys) go through keys and sets the same scripts maintain; purges walk sorted sets in
 *       batches of {@link RedisSettings#purgeBatch()}.
 *   <li>Expired data disappears by itself: a session, challenge or known device gets a TTL of its
 *       expiry plus {@link RedisSettings#endedRetention()}, an attempt counter its last attempt
 *       plus {@link RedisSettings#attemptRetention()}; TTLs are computed from the injected clock.
 *       Correctness never rests on the TTL: expiry is checked against the caller's instant, as the
 *       SPI says ({@code consume}, {@code listActive}, and the services' own checks).
 *   <li>Timestamps are kept to the millisecond; ids, hashes and account ids compare exactly.
 *   <li>Redis down, a timeout or a failing command surface as {@link dev.latchkey.spi.StoreException}
 *       whose message names the operation, never a key or a value; while the connection is down,
 *       calls fail at once and Lettuce reconnects in the background.
 *   <li>One Redis primary (standalone, or behind Sentinel with {@code redis-sentinel://}); scripts
 *       touch keys they derive from sets, so Redis Cluster is not supported. With Redis
 *       persistence off, a Redis restart signs everyone out and forgets attempt counters and
 *       pending challenges (never lets a used one through: a forgotten challenge is unknown);
 *       API keys in Redis need persistence on.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes the connection and the client's threads.
 */
public final class RedisStores implements AutoCloseable {
  private final Redis redis;
  private final RedisSessionStore sessions;
  private final RedisAttemptStore attempts;
  private final RedisChallengeStore challenges;
  private final RedisKnownDeviceStore knownDevices;
  private final RedisApiKeyStore apiKeys;

  private RedisStores(Redis redis) {
    this.redis = redis;
    this.sessions = new RedisSessionStore(redis);
    this.attempts = new RedisAttemptStore(redis);
    this.challenges = new RedisChallengeStore(redis);
    this.knownDevices = new RedisKnownDeviceStore(redis);
    this.apiKeys = new RedisApiKeyStore(redis);
  }

  /**
   * Connects with the default settings (keys prefixed {@value RedisSettings#DEFAULT_KEY_PREFIX}).
   *
   * @param uri a Lettuce URI: {@code redis://[password@]host:port/db}, {@code rediss://…} for
   *     TLS, or {@code redis-sentinel://host:port/db#primaryName}
   * @param clock the clock the Latchkey services use; it sets the TTLs
   * @throws IllegalArgumentException when the URI cannot be parsed
   * @throws dev.latchkey.spi.StoreException when Redis cannot be reached
   */
  public static RedisStores connect(String uri, Clock clock) {
    return connect(uri, clock, RedisSettings.defaults());
  }

  /**
   * Connects with the given settings.
   *
   * @throws IllegalArgumentException when the URI cannot be parsed
   * @throws dev.latchkey.spi.StoreException when Redis cannot be reached
   */
  public static RedisStores connect(String uri, Clock clock, RedisSettings settings) {
    return new RedisStores(Redis.connect(uri, clock, settings));
  }

  /** The connection, for tests in this package. */
  Redis redis() {
    return redis;
  }

  /** The settings these stores use. */
  public RedisSettings settings() {
    return redis.settings;
  }

  /** Sessions. */
  public SessionStore sessions() {
    return sessions;
  }

  /** Attempt counters, shared by every process on this Redis. */
  public AttemptStore attempts() {
    return attempts;
  }

  /** Sign-in challenges, used once across every process on this Redis. */
  public ChallengeStore challenges() {
    return challenges;
  }

  /** Known devices. */
  public KnownDeviceStore knownDevices() {
    return knownDevices;
  }

  /**
   * API keys in Redis. Key rows are durable (a lost row is a key that stops working), so use it
   * only on a Redis that persists; {@link #combinedWith} keeps them in the durable bundle.
   */
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  /**
   * A bundle with sessions, attempt counters, challenges and known devices here, and everything
   * else (passwords, API keys, TOTP and backup codes, connected accounts, security events) in
   * {@code durable}. Every process must use the same split, so each aggregate lives in one place.
   */
  public Stores combinedWith(Stores durable) {
    return new CombinedStores(this, Objects.requireNonNull(durable, "durable"), false);
  }

  /**
   * As {@link #combinedWith}, with API keys in Redis too: authentication then reads Redis only.
   * Needs a Redis that persists (AOF), since key rows are durable data.
   */
  public Stores combinedWithApiKeysInRedis(Stores durable) {
    return new CombinedStores(this, Objects.requireNonNull(durable, "durable"), true);
  }

  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisStores[" + redis.settings + "]";
  }
}
