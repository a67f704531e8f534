package dev.latchkey.store.jdbc;

import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import dev.latchkey.spi.InvalidationSubscribers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. Publishing inserts one row into {prefix}invalidations (autocommit, after the store
 * change committed). A daemon thread polls every pollInterval for rows above its cursor. Ids come
 * from a sequence/auto-increment, and a row with a lower id can commit *after* one with a higher id
 * (two publishers racing), so a plain "id > cursor" poll could skip it for ever. The poller
 * therefore remembers the ids it has not seen below the highest one it has (gaps) and keeps
 * reading from the lowest gap for `gapPolls` polls; a gap still open then was a rolled-back insert
 * or an auto-increment hole and is given up. Ids already delivered are not delivered twice while
 * they are re-read (and a repeat would be harmless: invalidating is idempotent).
 *
 * The first successful poll starts at the table's current end (a new process owes nothing to the
 * past: its cache is empty). A failed poll makes subscribers go dark at once; the next successful
 * poll delivers everything since the cursor (rows are kept for `retention`) and lights them up.
 * Every `cleanupEvery` polls the bus deletes rows older than `retention`, by the injected clock.
 */

/**
 * An {@link InvalidationBus} that polls a small table (schema version 14,
 * {@code {prefix}invalidations}), for MariaDB/MySQL and H2 (it works on PostgreSQL too, where
 * {@link PostgresInvalidationBus} is faster). Delivery takes up to the poll interval (1 s by
 * default); a poll costs one indexed read.
 *
 * <p>Rows hold an invalidation's kind and id only, never a secret, and live for
 * {@link Builder#retention} (10 minutes by default): each bus deletes older ones itself.
 *
 * <p>Thread-safe. {@link #close()} stops the polling thread.
 */
public final class PollingInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(PollingInvalidationBus.class);

  /** The default poll interval: 1 second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  /** How long rows are kept by default: 10 minutes. */
  public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);
  /** The most rows one poll reads. */
  static final int BATCH = 1000;
  /** Polls a gap is waited for before it counts as a rolled-back insert. */
  static final int GAP_POLLS = 30;
  /** Polls between two retention deletes. */
  static final int CLEANUP_EVERY = 60;

  private final DataSource dataSource;
  private final DialectSql sql;
  private final String table;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration retention;
  private final InvalidationSubscribers subscribers = new InvalidationSubscribers();
  private final Thread thread;
  private final Object wake = new Object();
  private volatile boolean running = true;

  // Poller state, touched by the polling thread only.
  private long cursor = -1; // highest id seen; -1 before the first successful poll
  /** Ids below the cursor not seen yet, with the polls left to wait for each. */
  private final TreeMap<Long, Integer> gaps = new TreeMap<>();
  /** Ids above the lowest gap already delivered (so a re-read does not deliver them again). */
  private final Set<Long> delivered = new HashSet<>();
  private int polls;

  private PollingInvalidationBus(Builder b) {
    this.dataSource = b.dataSource;
    this.sql = new DialectSql(Jdbc.dialectOf(b.dataSource, b.settings));
    this.table = b.settings.tablePrefix() + "invalidations";
    this.clock = b.clock;
    this.pollInterval = b.pollInterval;
    this.retention = b.retention;
    this.thread = new Thread(this::run, "latchkey-polling-invalidation-" + table);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A builder over the stores' {@code DataSource}; {@code clock} (Latchkey's) stamps rows for
   * retention.
   */
  public static Builder builder(DataSource dataSource, Clock clock) {
    return new Builder(dataSource, clock);
  }

  @Override
  public void publish(Invalidation invalidation) {
    Objects.requireNonNull(invalidation, "invalidation");
    if (!running) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO " + table + " (kind, subject, created_at) VALUES (?, ?, ?)")) {
      ps.setString(1, invalidation.kind().code());
      ps.setString(2, invalidation.id());
      sql.bindInstant(ps, 3, clock.instant());
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not publish invalidation {} to {}", invalidation.kind(), table, e);
    }
  }

  @Override
  public Subscription subscribe(InvalidationListener listener) {
    return subscribers.add(listener);
  }

  /** Whether the last poll succeeded. */
  public boolean isConnected() {
    return subscribers.isConnected();
  }

  @Override
  public void close() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      thread.join(pollInterval.toMillis() + 5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    subscribers.clear();
  }

  @Override
  public String toString() {
    return "PollingInvalidationBus[table=" + table + ", every " + pollInterval + "]";
  }

  private void run() {
    while (running) {
      try {
        poll();
        subscribers.connected();
      } catch (SQLException | RuntimeException e) {
        if (subscribers.isConnected()) {
          LOG.warn("Polling {} failed; caches are bypassed until a poll succeeds", table, e);
        }
        subscribers.lost();
      }
      pause(pollInterval.toMillis());
    }
  }

  private void poll() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (cursor < 0) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + table)) {
          rs.next();
          cursor = rs.getLong(1); // 0 when empty
        }
        endTransaction(c);
        return;
      }
      long from = gaps.isEmpty() ? cursor : gaps.firstKey() - 1;
      try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, subject FROM " + table
          + " WHERE id > ? ORDER BY id LIMIT " + BATCH)) {
        ps.setLong(1, from);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            accept(rs.getLong(1), rs.getString(2), rs.getString(3));
          }
        }
      }
      if (++polls % CLEANUP_EVERY == 0) {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM " + table + " WHERE created_at < ?")) {
          sql.bindInstant(ps, 1, clock.instant().minus(retention));
          ps.executeUpdate();
        }
      }
      endTransaction(c);
    }
    ageGaps();
  }

  private void accept(long id, String kind, String subject) {
    if (id > cursor) {
      for (long missing = cursor + 1; missing < id && gaps.size() < BATCH; missing++) {
        gaps.put(missing, GAP_POLLS);
      }
      cursor = id;
    } else if (gaps.remove(id) == null && !delivered.add(id)) {
      return; // re-read while waiting for a lower gap, and delivered before
    }
    if (!gaps.isEmpty()) {
      delivered.add(id);
    }
    Optional<Invalidation> i = decode(kind, subject);
    i.ifPresentOrElse(subscribers::deliver,
        () -> LOG.warn("Ignored a malformed row {} in {}", id, table));
  }

  private static Optional<Invalidation> decode(String kind, String subject) {
    return Invalidation.decode(kind + ":" + subject);
  }

  private void ageGaps() {
    for (Iterator<Map.Entry<Long, Integer>> it = gaps.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Integer> e = it.next();
      if (e.getValue() <= 1) {
        it.remove();
      } else {
        e.setValue(e.getValue() - 1);
      }
    }
    if (gaps.isEmpty()) {
      delivered.clear();
    } else {
      long low = gaps.firstKey();
      delivered.removeIf(id -> id < low);
    }
  }

  private static void endTransaction(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
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

  /** Builds a {@link PollingInvalidationBus}; {@link #build()} checks the values and starts polling. */
  public static final class Builder {
    private final DataSource dataSource;
    private JdbcSettings settings = JdbcSettings.defaults();
    private final Clock clock;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration retention = DEFAULT_RETENTION;

    private Builder(DataSource dataSource, Clock clock) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The stores' settings: the table prefix (and dialect) of the invalidation table. */
    public Builder settings(JdbcSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** How often to poll (10 ms to 60 s): the delivery delay, at worst. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = Objects.requireNonNull(value, "pollInterval");
      return this;
    }

    /**
     * How long rows are kept (1 min to 7 days): a process whose polls fail for longer than this
     * still recovers (its cache was dark meanwhile), it only misses evictions it no longer needs.
     */
    public Builder retention(Duration value) {
      this.retention = Objects.requireNonNull(value, "retention");
      return this;
    }

    /**
     * Checks the values and starts polling.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public PollingInvalidationBus build() {
      BusSettings.requireBetween("pollInterval", pollInterval,
          Duration.ofMillis(10), Duration.ofSeconds(60));
      BusSettings.requireBetween("retention", retention,
          Duration.ofMinutes(1), Duration.ofDays(7));
      return new PollingInvalidationBus(this);
    }
  }
}
