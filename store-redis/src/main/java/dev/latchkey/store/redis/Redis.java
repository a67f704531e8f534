package dev.latchkey.store.redis;

import dev.latchkey.spi.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One Lettuce connection shared by every store of a {@link RedisStores}, and the one place where
 * Lettuce's exceptions become {@link StoreException}s.
 *
 * <p>A Lettuce connection is thread-safe and pipelines the commands of many threads over one
 * socket, so no pool is needed. While the connection is down, commands are rejected at once
 * (instead of queued until the timeout) and Lettuce reconnects in the background: callers see a
 * {@link StoreException} during an outage and working stores after it, without a restart.
 */
final class Redis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;
  private final Clock clock;
  final String prefix;
  final RedisSettings settings;

  private Redis(RedisClient client, StatefulRedisConnection<String, String> connection,
      Clock clock, RedisSettings settings) {
    this.client = client;
    this.connection = connection;
    this.commands = connection.sync();
    this.clock = clock;
    this.prefix = settings.keyPrefix();
    this.settings = settings;
  }

  static Redis connect(String uri, Clock clock, RedisSettings settings) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(settings, "settings");
    RedisURI redisUri;
    try {
      redisUri = RedisURI.create(uri);
    } catch (RuntimeException e) {
      // The message could quote a password in the URI: say only what went wrong.
      throw new IllegalArgumentException("Invalid Redis URI (expected redis://host:port/db, "
          + "rediss://…, or redis-sentinel://…)");
    }
    redisUri.setTimeout(settings.commandTimeout());
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .autoReconnect(true)
        .build());
    try {
      return new Redis(client, client.connect(), clock, settings);
    } catch (RuntimeException e) {
      shutdown(client);
      String where = redisUri.getHost() != null
          ? redisUri.getHost() + ":" + redisUri.getPort() : "the configured Sentinels";
      throw new StoreException("Could not connect to Redis at " + where, e);
    }
  }

  /**
   * Runs a script: {@code EVALSHA}, and on {@code NOSCRIPT} loads it and runs it again. Redis
   * never runs half of a script, so a retry after {@code NOSCRIPT} cannot apply anything twice.
   *
   * @param operation what the caller does, for the exception message (never a key or value)
   */
  @SuppressWarnings("unchecked")
  <T> T eval(Script script, ScriptOutputType type, List<String> keys, String... args) {
    String[] keyArray = keys.toArray(new String[0]);
    try {
      try {
        return (T) commands.evalsha(script.sha, type, keyArray, args);
      } catch (RedisNoScriptException e) {
        commands.scriptLoad(script.source);
        return (T) commands.evalsha(script.sha, type, keyArray, args);
      }
    } catch (RuntimeException e) {
      throw failure(script.name, e);
    }
  }

  /** A script answering an integer. */
  long evalLong(Script script, List<String> keys, String... args) {
    Long result = eval(script, ScriptOutputType.INTEGER, keys, args);
    return result == null ? 0 : result;
  }

  /** A script answering an array (of strings, integers and arrays). */
  List<Object> evalList(Script script, List<String> keys, String... args) {
    return eval(script, ScriptOutputType.MULTI, keys, args);
  }

  /** One plain command. */
  <T> T call(String operation, Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(commands);
    } catch (RuntimeException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Milliseconds from the injected clock's now until {@code end}, at least 1: a TTL Redis counts
   * down on its own clock. Computed from the injected clock (not handed to {@code PEXPIREAT} as an
   * absolute time) so stores driven by a test or a skewed clock keep their rows for the same span.
   * Expiry itself is always checked against the instants the callers pass, never left to the TTL.
   */
  long ttlUntil(Instant end) {
    long ms = Duration.between(clock.instant(), end).toMillis();
    return Math.max(1, ms);
  }

  /** The client's event bus (connects, disconnects), for tests that watch a reconnect. */
  io.lettuce.core.event.EventBus events() {
    return client.getResources().eventBus();
  }

  String key(String kind, String id) {
    return prefix + kind + ":" + id;
  }

  String key(String kind) {
    return prefix + kind;
  }

  private static StoreException failure(String operation, RuntimeException e) {
    if (e instanceof StoreException se) {
      return se;
    }
    // Lettuce's messages carry the server's error (WRONGTYPE, ERR in a script line, timeouts),
    // never the arguments: they hold hashes only, but still stay out of the message.
    return new StoreException("Redis operation " + operation + " failed", e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      shutdown(client);
    }
  }

  private static void shutdown(RedisClient client) {
    // No quiet period: nothing is left to flush once the connection is closed.
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
