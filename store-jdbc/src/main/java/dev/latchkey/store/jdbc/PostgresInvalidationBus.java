package dev.latchkey.store.jdbc;

import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import dev.latchkey.spi.InvalidationSubscribers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. One daemon thread holds ONE connection on which it ran LISTEN, and loops on pgjdbc's
 * getNotifications(timeout): a notification is delivered as soon as PostgreSQL sends it (NOTIFY is
 * delivered when the publishing transaction commits, and we publish in autocommit after the store
 * change committed). Every `healthCheckEvery` of silence it runs SELECT 1 under a network timeout,
 * so a connection that died without a FIN (a cut cable, a dead NAT entry) is noticed within
 * healthCheckEvery + healthCheckTimeout instead of never. Any failure: subscribers hear
 * onConnectionLost (their caches go dark), the connection is dropped, and the thread reconnects
 * with exponential backoff (minBackoff doubling to maxBackoff); after LISTEN succeeds again they
 * hear onConnected. Notifications sent while no LISTEN was active are lost by PostgreSQL's design,
 * which is exactly what "dark until reconnected" covers.
 */

/**
 * An {@link InvalidationBus} on PostgreSQL {@code LISTEN}/{@code NOTIFY}: no table, delivery in
 * milliseconds. Needs the PostgreSQL JDBC driver (pgjdbc) at run time; it is an optional
 * dependency of this module, so the JDBC stores work without it.
 *
 * <p>Publishing runs {@code SELECT pg_notify(channel, payload)} on a connection of the given
 * {@code DataSource} (the host's pool). Listening holds one connection of its own for the bus's
 * life: by default from the same {@code DataSource} (one pooled connection is then permanently
 * busy; size the pool for it), or from {@link Builder#listenOn(DataSource)}. The payload is the
 * invalidation's id-only wire form; no secret goes over the channel.
 *
 * <p>Thread-safe. {@link #close()} stops the listening thread and releases its connection.
 */
public final class PostgresInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresInvalidationBus.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  /** The default channel: {@code latchkey_invalidation}. */
  public static final String DEFAULT_CHANNEL = "latchkey_invalidation";
  /** How long one wait for notifications lasts by default: 250 ms. */
  public static final Duration DEFAULT_WAIT = Duration.ofMillis(250);
  /** How often an idle connection is checked by default: every second. */
  public static final Duration DEFAULT_HEALTH_CHECK_EVERY = Duration.ofSeconds(1);
  /** How long a health check may take by default before the connection counts as lost: 2 s. */
  public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
  /** The first reconnection delay by default: 100 ms, doubling up to {@link #DEFAULT_MAX_BACKOFF}. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
  /** The longest reconnection delay by default: 5 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  private final DataSource publishVia;
  private final DataSource listenVia;
  private final String channel;
  private final Builder settings;
  private final InvalidationSubscribers subscribers = new InvalidationSubscribers();
  private final Thread thread;
  private final Object wake = new Object();
  private volatile boolean running = true;
  /** The server process id of the listening connection, for tests and diagnostics; 0 when none. */
  private volatile int listenerPid;

  private PostgresInvalidationBus(Builder b) {
    this.publishVia = b.publishVia;
    this.listenVia = b.listenVia != null ? b.listenVia : b.publishVia;
    this.channel = b.channel;
    this.settings = b;
    this.thread = new Thread(this::run, "latchkey-pg-invalidation-" + channel);
    thread.setDaemon(true);
    thread.start();
  }

  /** A builder publishing (and, unless {@link Builder#listenOn} says otherwise, listening) via {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public void publish(Invalidation invalidation) {
    Objects.requireNonNull(invalidation, "invalidation");
    if (!running) {
      return;
    }
    try (Connection c = publishVia.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, invalidation.encode());
      ps.execute();
      if (!c.getAutoCommit()) {
        c.commit(); // NOTIFY is sent at commit
      }
    } catch (SQLException | RuntimeException e) {
      // The store change is done; other processes' caches now rely on their TTL for this one.
      LOG.warn("Could not publish invalidation {} on channel {}", invalidation.kind(), channel, e);
    }
  }

  @Override
  public Subscription subscribe(InvalidationListener listener) {
    return subscribers.add(listener);
  }

  /** Whether the listening connection is up now. */
  public boolean isConnected() {
    return subscribers.isConnected();
  }

  /** The backend process id of the listening connection (0 when not connected): for operators and tests. */
  public int listenerProcessId() {
    return listenerPid;
  }

  @Override
  public void close() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      thread.join(settings.wait.toMillis() + settings.healthCheckTimeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscribers.clear();
  }

  @Override
  public String toString() {
    return "PostgresInvalidationBus[channel=" + channel + "]";
  }

  private void run() {
    long backoff = settings.minBackoff.toMillis();
    while (running) {
      try (Connection c = listenVia.getConnection()) {
        c.setAutoCommit(true);
        c.setNetworkTimeout(Runnable::run, (int) settings.healthCheckTimeout.toMillis());
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN \"" + channel + "\"");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listenerPid = pg.getBackendPID();
        subscribers.connected();
        backoff = settings.minBackoff.toMillis();
        try {
          listen(c, pg);
        } finally {
          unlistenQuietly(c);
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn("Invalidation listener on channel {} lost its connection; reconnecting in {} ms",
              channel, backoff, e);
        }
      } finally {
        listenerPid = 0;
        subscribers.lost();
      }
      if (running) {
        pause(backoff);
        backoff = Math.min(backoff * 2, settings.maxBackoff.toMillis());
      }
    }
  }

  /** Delivers notifications until the connection fails or the bus closes. */
  private void listen(Connection c, PGConnection pg) throws SQLException {
    int waitMillis = (int) settings.wait.toMillis();
    // Counted in waits, not read from a clock: the health check needs a period, not a time.
    int waitsPerCheck = (int) Math.max(1, settings.healthCheckEvery.toMillis() / waitMillis);
    int quietWaits = 0;
    while (running) {
      PGNotification[] received = pg.getNotifications(waitMillis);
      if (received != null && received.length > 0) {
        quietWaits = 0;
        for (PGNotification n : received) {
          Invalidation.decode(n.getParameter()).ifPresentOrElse(subscribers::deliver,
              () -> LOG.warn("Ignored a malformed message on channel {}", channel));
        }
      } else if (++quietWaits >= waitsPerCheck) {
        quietWaits = 0;
        try (Statement st = c.createStatement()) {
          st.execute("SELECT 1"); // under the network timeout: a dead peer fails here
        }
      }
    }
  }

  /**
   * A pooled connection goes back to the pool: it must not keep listening (pgjdbc would queue
   * notifications on it forever). A broken one fails here and the pool discards it.
   */
  private void unlistenQuietly(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("UNLISTEN *");
    } catch (SQLException | RuntimeException e) {
      LOG.debug("UNLISTEN failed on a connection already broken", e);
    }
  }

  private void pause(long millis) {
    synchronized (wake) {
      if (running) {
        try {
          wake.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  /**
   * Builds a {@link PostgresInvalidationBus}; {@link #build()} checks the values and starts the
   * listening thread.
   */
  public static final class Builder {
    private final DataSource publishVia;
    private DataSource listenVia;
    private String channel = DEFAULT_CHANNEL;
    private Duration wait = DEFAULT_WAIT;
    private Duration healthCheckEvery = DEFAULT_HEALTH_CHECK_EVERY;
    private Duration healthCheckTimeout = DEFAULT_HEALTH_CHECK_TIMEOUT;
    private Duration minBackoff = DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

    private Builder(DataSource publishVia) {
      this.publishVia = Objects.requireNonNull(publishVia, "dataSource");
    }

    /** Takes the one listening connection from {@code dataSource} (a non-pooled one, say). */
    public Builder listenOn(DataSource dataSource) {
      this.listenVia = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Sets the channel (a lower-case identifier, up to 63 characters): processes that share
     * stores share a channel; deployments that share a database but not stores use different
     * ones. Default {@value #DEFAULT_CHANNEL}.
     */
    public Builder channel(String value) {
      this.channel = Objects.requireNonNull(value, "channel");
      return this;
    }

    /** The channel named after the stores' table prefix: {@code {prefix}invalidation}. */
    public Builder channelFor(JdbcSettings stores) {
      return channel(stores.tablePrefix() + "invalidation");
    }

    /** How long one wait for notifications lasts (10 ms to 10 s). */
    public Builder wait(Duration value) {
      this.wait = Objects.requireNonNull(value, "wait");
      return this;
    }

    /** How often a quiet connection is checked with {@code SELECT 1} (at least the wait). */
    public Builder healthCheckEvery(Duration value) {
      this.healthCheckEvery = Objects.requireNonNull(value, "healthCheckEvery");
      return this;
    }

    /** How long a health check (and any call on the connection) may take (100 ms to 60 s). */
    public Builder healthCheckTimeout(Duration value) {
      this.healthCheckTimeout = Objects.requireNonNull(value, "healthCheckTimeout");
      return this;
    }

    /** The first and the longest reconnection delay (1 ms to 5 min, min ≤ max). */
    public Builder backoff(Duration min, Duration max) {
      this.minBackoff = Objects.requireNonNull(min, "min");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * Checks the values and starts listening.
     *
     * @throws IllegalArgumentException for a value out of range
     * @throws IllegalStateException when pgjdbc is not on the class or module path
     */
    public PostgresInvalidationBus build() {
      if (!CHANNEL.matcher(channel).matches()) {
        throw new IllegalArgumentException("Invalid channel \"" + channel
            + "\"; must match " + CHANNEL.pattern());
      }
      BusSettings.requireBetween("wait", wait, Duration.ofMillis(10), Duration.ofSeconds(10));
      BusSettings.requireBetween("healthCheckEvery", healthCheckEvery, wait, Duration.ofMinutes(5));
      BusSettings.requireBetween("healthCheckTimeout", healthCheckTimeout, Duration.ofMillis(100),
          Duration.ofSeconds(60));
      BusSettings.requireBetween("minBackoff", minBackoff, Duration.ofMillis(1), Duration.ofMinutes(5));
      BusSettings.requireBetween("maxBackoff", maxBackoff, minBackoff, Duration.ofMinutes(5));
      try {
        Class.forName("org.postgresql.PGConnection", false,
            PostgresInvalidationBus.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("PostgresInvalidationBus needs the PostgreSQL JDBC driver"
            + " (org.postgresql:postgresql); use PollingInvalidationBus without it");
      }
      return new PostgresInvalidationBus(this);
    }
  }
}
