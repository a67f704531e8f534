package dev.latchkey;

import dev.latchkey.common.LatchkeyException;
import dev.latchkey.events.LoginHistory;
import dev.latchkey.internal.Time;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.PasskeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows Latchkey no longer needs: ended sessions, idle attempt counters, expired
 * sign-in challenges, known-device tokens, one-time codes and passkey challenges, and security
 * events past the login history's retention. Nothing Latchkey checks depends on it (an expired
 * session is refused whether or not its row is still there); it keeps the tables small.
 *
 * <pre>{@code
 * LatchkeyMaintenance maintenance = LatchkeyMaintenance.builder(latchkey).build();
 * ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
 * maintenance.schedule(timer, Duration.ofMinutes(15));
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Each purge is the store's own ({@code SessionStore.purge} and its siblings): everything
 *       older than the cutoff goes, and the count is exact. The JDBC stores delete in bounded
 *       batches, each in its own short transaction, so a purge of millions of rows never holds a
 *       long lock; the in-memory and Redis stores have nothing to batch.
 *   <li>{@link #runOnce()} runs every purge even when one fails, then throws the first failure
 *       with the others suppressed. Purges are idempotent: the next run picks up what a failed one
 *       left.
 *   <li>The task {@link #schedule} installs never throws: a failure (a database outage) is logged
 *       and the next run happens on time. It runs with a fixed delay, so two runs never overlap
 *       in one process; runs in several processes at once are safe (each row is deleted once,
 *       the others find it gone).
 *   <li>Thread-safe and stateless beyond its settings.
 * </ul>
 */
public final class LatchkeyMaintenance {
  /**
   * How long an ended row is kept unless configured: one day, so a support request about "the
   * session that just ended" still finds it.
   */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
  /** The shortest {@link #schedule} interval: purging more often only adds load. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(LatchkeyMaintenance.class);

  private final Latchkey latchkey;
  private final Duration retention;

  private LatchkeyMaintenance(Builder b) {
    this.latchkey = b.latchkey;
    this.retention = b.retention;
  }

  /** A builder for maintenance of {@code latchkey}'s stores. */
  public static Builder builder(Latchkey latchkey) {
    return new Builder(latchkey);
  }

  /** How long ended sessions, expired challenges, device tokens and codes are kept. */
  public Duration retention() {
    return retention;
  }

  /**
   * Runs every purge once, now.
   *
   * @return how many rows of each kind were deleted
   * @throws LatchkeyException the first failure (usually a {@code StoreException}: the database is
   *     unreachable), with the failures of the other purges suppressed, after all were tried
   */
  public MaintenanceReport runOnce() {
    long start = latchkey.metrics().monotonicTime();
    List<RuntimeException> failures = new ArrayList<>();
    int sessions = purge("sessions", failures, () -> latchkey.sessions().purge(retention));
    int attempts = purge("attempt counters", failures, () -> latchkey.attemptLimiter().purge());
    int challenges = purge("sign-in challenges", failures,
        () -> latchkey.signIn().purgeChallenges(retention));
    int devices = purge("known devices", failures,
        () -> latchkey.signIn().purgeKnownDevices(retention));
    OneTimeCodeStore codes = latchkey.oneTimeCodeStoreOrNull();
    int oneTimeCodes = codes == null ? 0
        : purge("one-time codes", failures, () -> codes.purge(cutoff()));
    PasskeyStore passkeys = latchkey.passkeyStoreOrNull();
    int passkeyChallenges = passkeys == null ? 0
        : purge("passkey challenges", failures, () -> passkeys.purgeChallenges(cutoff()));
    AccountTokenStore links = latchkey.accountTokenStoreOrNull();
    int accountTokens = links == null ? 0
        : purge("password-reset and email links", failures, () -> links.purge(cutoff()));
    LoginHistory history = latchkey.loginHistoryOrNull();
    int events = history == null ? 0 : purge("security events", failures, history::purge);
    Duration took = Duration.ofNanos(latchkey.metrics().monotonicTime() - start);
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      for (int i = 1; i < failures.size(); i++) {
        first.addSuppressed(failures.get(i));
      }
      throw first;
    }
    return new MaintenanceReport(sessions, attempts, challenges, devices, oneTimeCodes,
        passkeyChallenges, accountTokens, events, took);
  }

  /**
   * Runs {@link #runOnce()} on {@code executor} every {@code interval} (a fixed delay between the
   * end of one run and the start of the next), the first run after one interval. Each run logs
   * what it deleted (INFO when it deleted anything, else DEBUG); a failed run logs a WARN and the
   * schedule goes on. Cancel the returned future, or shut the executor down, to stop.
   *
   * @throws IllegalArgumentException when {@code interval} is shorter than {@link #MIN_INTERVAL}
   */
  public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration interval) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("Invalid interval " + interval + "; must be at least "
          + MIN_INTERVAL);
    }
    long millis = interval.toMillis();
    return executor.scheduleWithFixedDelay(this::runLogged, millis, millis,
        TimeUnit.MILLISECONDS);
  }

  /** One scheduled run: never throws, or the executor would cancel every later run. */
  void runLogged() {
    try {
      MaintenanceReport report = runOnce();
      if (report.total() > 0) {
        LOG.info("Latchkey maintenance deleted {} rows in {} ms: {}", report.total(),
            report.took().toMillis(), report);
      } else {
        LOG.debug("Latchkey maintenance: nothing to delete ({} ms)", report.took().toMillis());
      }
    } catch (RuntimeException e) {
      LOG.warn("Latchkey maintenance failed; it runs again at the next interval", e);
    }
  }

  private Instant cutoff() {
    return Time.now(latchkey.clock()).minus(retention);
  }

  private static int purge(String what, List<RuntimeException> failures, IntSupplier purge) {
    try {
      return purge.getAsInt();
    } catch (RuntimeException e) {
      LOG.debug("Purging {} failed", what, e);
      failures.add(e);
      return 0;
    }
  }

  @Override
  public String toString() {
    return "LatchkeyMaintenance[retention=" + retention + "]";
  }

  /** Builds {@link LatchkeyMaintenance}; the defaults are safe. */
  public static final class Builder {
    private final Latchkey latchkey;
    private Duration retention = DEFAULT_RETENTION;

    private Builder(Latchkey latchkey) {
      this.latchkey = Objects.requireNonNull(latchkey, "latchkey");
    }

    /**
     * How long an ended session, an expired challenge, device token or code is kept before it is
     * deleted (default {@link #DEFAULT_RETENTION}); zero deletes them as soon as they end. Security
     * events follow the login history's own retention, attempt counters the attempt policies'.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder retention(Duration value) {
      Objects.requireNonNull(value, "retention");
      if (value.isNegative()) {
        throw new IllegalArgumentException("Invalid retention " + value + "; must be zero or more");
      }
      this.retention = value;
      return this;
    }

    /** Builds the maintenance. */
    public LatchkeyMaintenance build() {
      return new LatchkeyMaintenance(this);
    }
  }
}
