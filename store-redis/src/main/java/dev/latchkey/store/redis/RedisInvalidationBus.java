package dev.latchkey.store.redis;

import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import dev.latchkey.spi.InvalidationSubscribers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. Two Lettuce clients on shared resources: one publishes (auto-reconnecting, commands
 * rejected while down, as the stores' connection), one subscribes. The subscriber does NOT
 * auto-reconnect: this class owns that connection's life, so there is one place that decides
 * "connected" and "lost":
 *   - lost: Lettuce reports the socket closed (server restart, CLIENT KILL), or a PING on the
 *     subscription connection fails within the health-check timeout (a peer that vanished without a
 *     FIN). The connection is then closed for good.
 *   - connected: a new connection's SUBSCRIBE is confirmed by Redis (the `subscribed` callback).
 * A single-threaded scheduler runs the health check every `healthCheckEvery` and, while there is no
 * connection, tries to make one at that same pace. Redis pub/sub is fire-and-forget: messages
 * published while nobody subscribed are gone, which is what "dark until connected" covers.
 */

/**
 * An {@link InvalidationBus} on Redis/Valkey pub/sub: {@code PUBLISH} to one channel, every process
 * {@code SUBSCRIBE}d to it; delivery in milliseconds.
 *
 * <p>The channel is {@code {keyPrefix}invalidation} (the stores' key prefix, {@code latchkey:} by
 * default), so deployments that share a Redis but not stores do not hear each other. Messages hold
 * an invalidation's kind and id only, never a secret.
 *
 * <p>Thread-safe. {@link #close()} closes both connections and the scheduler.
 */
public final class RedisInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

  /** How often the subscription is checked (and a lost one re-made) by default: every second. */
  public static final Duration DEFAULT_HEALTH_CHECK_EVERY = Duration.ofSeconds(1);
  /** How long a health check may take by default: 2 seconds. */
  public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final RedisClient publisherClient;
  private final RedisClient subscriberClient;
  private final StatefulRedisConnection<String, String> publisher;
  private final String channel;
  private final Duration healthCheckTimeout;
  private final InvalidationSubscribers subscribers = new InvalidationSubscribers();
  private final ScheduledExecutorService scheduler;
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile long subscriberClientId;
  private volatile boolean running = true;

  private RedisInvalidationBus(Builder b, RedisURI uri) {
    this.channel = b.settings.keyPrefix() + "invalidation";
    this.healthCheckTimeout = b.healthCheckTimeout;
    this.resources = DefaultClientResources.create();
    uri.setTimeout(b.healthCheckTimeout);
    this.publisherClient = RedisClient.create(resources, uri);
    publisherClient.setOptions(options(b, true));
    this.subscriberClient = RedisClient.create(resources, uri);
    subscriberClient.setOptions(options(b, false));
    try {
      this.publisher = publisherClient.connect();
    } catch (RuntimeException e) {
      shutdown();
      throw new IllegalStateException("Could not connect to Redis at " + uri.getHost() + ":"
          + uri.getPort() + " for the invalidation bus", e);
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "latchkey-redis-invalidation");
      t.setDaemon(true);
      return t;
    });
    long every = b.healthCheckEvery.toMillis();
    scheduler.execute(this::check);
    scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  private static ClientOptions options(Builder b, boolean reconnect) {
    return ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(b.healthCheckTimeout).build())
        .timeoutOptions(TimeoutOptions.enabled(b.healthCheckTimeout))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .autoReconnect(reconnect)
        .build();
  }

  /** A builder for the Redis at {@code uri} ({@code redis://host:port/db}, as the stores take). */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  @Override
  public void publish(Invalidation invalidation) {
    Objects.requireNonNull(invalidation, "invalidation");
    if (!running) {
      return;
    }
    try {
      publisher.sync().publish(channel, invalidation.encode());
    } catch (RuntimeException e) {
      LOG.warn("Could not publish invalidation {} on Redis channel {}", invalidation.kind(),
          channel, e);
    }
  }

  @Override
  public Subscription subscribe(InvalidationListener listener) {
    return subscribers.add(listener);
  }

  /** Whether the subscription is confirmed and healthy now. */
  public boolean isConnected() {
    return subscribers.isConnected();
  }

  /** The Redis client id of the subscription connection (0 when none): for operators and tests. */
  public long subscriberClientId() {
    return subscriberClientId;
  }

  @Override
  public void close() {
    running = false;
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(healthCheckTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropSubscription();
    subscribers.clear();
    shutdown();
  }

  @Override
  public String toString() {
    return "RedisInvalidationBus[channel=" + channel + "]";
  }

  /** On the scheduler: make a subscription when there is none, else check the one there is. */
  private void check() {
    if (!running) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> s = subscription;
    if (s == null || !s.isOpen()) {
      connectSubscription();
      return;
    }
    try {
      s.sync().ping();
      subscribers.connected(); // after a failed check on a connection that recovered
    } catch (RuntimeException e) {
      LOG.warn("Invalidation subscription on {} failed its health check; reconnecting", channel, e);
      subscribers.lost();
      dropSubscription();
    }
  }

  private void connectSubscription() {
    dropSubscription();
    StatefulRedisPubSubConnection<String, String> s;
    try {
      s = subscriberClient.connectPubSub();
    } catch (RuntimeException e) {
      LOG.debug("Redis not reachable for the invalidation subscription yet", e);
      return;
    }
    s.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String ch, String message) {
        Invalidation.decode(message).ifPresentOrElse(subscribers::deliver,
            () -> LOG.warn("Ignored a malformed message on Redis channel {}", channel));
      }

      @Override
      public void subscribed(String ch, long count) {
        subscribers.connected();
      }
    });
    s.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        subscribers.lost();
      }
    });
    try {
      subscriberClientId = s.sync().clientId();
      subscription = s;
      s.sync().subscribe(channel);
    } catch (RuntimeException e) {
      LOG.warn("Could not subscribe to Redis channel {}", channel, e);
      subscribers.lost();
      dropSubscription();
    }
  }

  private void dropSubscription() {
    StatefulRedisPubSubConnection<String, String> s = subscription;
    subscription = null;
    subscriberClientId = 0;
    if (s != null) {
      s.closeAsync();
    }
  }

  private void shutdown() {
    try {
      publisherClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      subscriberClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  /** Builds a {@link RedisInvalidationBus}; {@link #build()} connects and starts subscribing. */
  public static final class Builder {
    private final String uri;
    private RedisSettings settings = RedisSettings.defaults();
    private Duration healthCheckEvery = DEFAULT_HEALTH_CHECK_EVERY;
    private Duration healthCheckTimeout = DEFAULT_HEALTH_CHECK_TIMEOUT;

    private Builder(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** The stores' settings: the key prefix names the channel. */
    public Builder settings(RedisSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** How often the subscription is checked, and a lost one re-made (10 ms to 5 min). */
    public Builder healthCheckEvery(Duration value) {
      this.healthCheckEvery = Objects.requireNonNull(value, "healthCheckEvery");
      return this;
    }

    /** How long a check or a publish may take (100 ms to 60 s). */
    public Builder healthCheckTimeout(Duration value) {
      this.healthCheckTimeout = Objects.requireNonNull(value, "healthCheckTimeout");
      return this;
    }

    /**
     * Connects the publisher (the subscriber connects in the background) and starts.
     *
     * @throws IllegalArgumentException for a bad URI or a value out of range
     * @throws IllegalStateException when Redis cannot be reached for publishing
     */
    public RedisInvalidationBus build() {
      requireBetween("healthCheckEvery", healthCheckEvery, Duration.ofMillis(10),
          Duration.ofMinutes(5));
      requireBetween("healthCheckTimeout", healthCheckTimeout,
          Duration.ofMillis(100), Duration.ofSeconds(60));
      RedisURI parsed;
      try {
        parsed = RedisURI.create(uri);
      } catch (RuntimeException e) {
        // The message could quote a password in the URI: say only what went wrong.
        throw new IllegalArgumentException("Invalid Redis URI (expected redis://host:port/db, "
            + "rediss://…, or redis-sentinel://…)");
      }
      return new RedisInvalidationBus(this, parsed);
    }
  }

  private static void requireBetween(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + "; must be "
          + min + " to " + max);
    }
  }
}
