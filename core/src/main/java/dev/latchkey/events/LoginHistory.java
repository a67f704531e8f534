package dev.latchkey.events;

import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Time;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An account's login history: sign-ins (successful, failed, locked), sign-outs and revocations,
 * password, two-factor, API key and connected-account changes, newest first, a page at a time.
 *
 * <p>Every Latchkey service records into it as it works (see {@link SecurityEventType} for what
 * each type means); this class only reads and purges.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A page holds events of one account only, the one the caller names from its own authority
 *       (for a signed-in user, {@code page(validatedSession.accountId(), query)}). Cursors
 *       carry a position, never an account, so a cursor taken from another account's page only
 *       moves the starting point.
 *   <li>Paging is stable: events are ordered by time and then by their random id, so walking the
 *       cursors visits every event exactly once even when many share a millisecond, and events
 *       recorded meanwhile appear only on a fresh first page. (Events of one millisecond — a
 *       failure and the lock it caused — come in id order, which is not necessarily the order
 *       they happened in.)
 *   <li>Events never hold a secret (no password, code, token or hash).
 *   <li>Events are kept for {@link #retention()} when the host runs {@link #purge()} from a
 *       scheduled job; nothing is purged otherwise.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its store.
 */
public final class LoginHistory {
  /** How long events are kept by {@link #purge()} unless configured: 180 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(180);
  /** The shortest configurable retention: 1 day. */
  public static final Duration MIN_RETENTION = Duration.ofDays(1);
  /** The longest configurable retention: 10 years. */
  public static final Duration MAX_RETENTION = Duration.ofDays(3653);

  private final SecurityEventStore store;
  private final Clock clock;
  private final Duration retention;

  private LoginHistory(SecurityEventStore store, Clock clock, Duration retention) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = requireRetention(retention);
  }

  /**
   * Creates the service; host apps normally get it from {@code Latchkey.loginHistory()}.
   *
   * @param retention how long {@link #purge()} keeps events, {@link #MIN_RETENTION} to
   *     {@link #MAX_RETENTION}
   * @throws IllegalArgumentException when the retention is out of range
   */
  public static LoginHistory create(SecurityEventStore store, Clock clock, Duration retention) {
    return new LoginHistory(store, clock, retention);
  }

  /** How long {@link #purge()} keeps events. */
  public Duration retention() {
    return retention;
  }

  /**
   * One page of an account's history, newest first. Take the account from the caller's own
   * authority — {@code ValidatedSession.accountId()} for a signed-in user, never a request
   * parameter — or, in an admin tool, check the caller's right to read it first.
   *
   * <p>Events whose type this version does not know (written by a newer version sharing the
   * database) are left out; paging still continues past them.
   *
   * @param accountId 1 to 255 characters
   * @throws IllegalArgumentException for an invalid account id
   */
  public EventPage page(String accountId, EventQuery query) {
    AccountIds.require(accountId);
    Objects.requireNonNull(query, "query");
    EventPosition after = query.cursor() == null ? null
        : EventCursors.decode(query.cursor()).orElseThrow(
            () -> new IllegalArgumentException("Invalid cursor"));
    Set<String> codes = query.types().stream().map(SecurityEventType::code)
        .collect(Collectors.toUnmodifiableSet());
    // One more than asked: whether it comes back says if there is a next page.
    List<SecurityEventRecord> rows = store.page(accountId, codes, after, query.limit() + 1);
    boolean more = rows.size() > query.limit();
    List<SecurityEventRecord> shown = more ? rows.subList(0, query.limit()) : rows;
    List<SecurityEvent> events = new ArrayList<>(shown.size());
    for (SecurityEventRecord r : shown) {
      toEvent(r).ifPresent(events::add);
    }
    Optional<String> next = more
        ? Optional.of(EventCursors.encode(shown.get(shown.size() - 1).position()))
        : Optional.empty();
    return new EventPage(events, next);
  }

  /**
   * Deletes events older than the configured {@link #retention()}. Run it from a scheduled job.
   *
   * @return how many events were deleted
   */
  public int purge() {
    return purgeOlderThan(retention);
  }

  /**
   * Deletes events (of every account) older than {@code age}, whatever the configured retention.
   *
   * @param age zero or more; zero deletes everything recorded before now
   * @return how many events were deleted
   * @throws IllegalArgumentException when {@code age} is negative
   */
  public int purgeOlderThan(Duration age) {
    Objects.requireNonNull(age, "age");
    if (age.isNegative()) {
      throw new IllegalArgumentException("Invalid age " + age + "; must not be negative");
    }
    return store.purge(Time.now(clock).minus(age));
  }

  /** The public form of a stored row; empty for a type code this version does not know. */
  static Optional<SecurityEvent> toEvent(SecurityEventRecord r) {
    return SecurityEventType.fromCode(r.type()).map(type -> new SecurityEvent(r.id(), type,
        r.accountId(), r.at(), r.ipAddress(), r.device(), r.location(), r.sessionId(),
        r.suspicious(), r.details()));
  }

  static Duration requireRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
      throw new IllegalArgumentException("Invalid retention " + retention + "; must be between "
          + MIN_RETENTION + " and " + MAX_RETENTION);
    }
    return retention;
  }

  @Override
  public String toString() {
    return "LoginHistory[retention=" + retention + "]";
  }
}
