package dev.latchkey.events;

import dev.latchkey.client.ClientDescription;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.internal.Time;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place security events are made, stored and delivered: the implementation of
 * {@link SecurityEventRecorder}, package-private so no public signature can name it. Services see
 * only the interface; {@code Latchkey} makes one through
 * {@link SecurityEventRecorder#create} or {@link SecurityEventRecorder#withoutHistory}.
 *
 * <h2>What recording does</h2>
 * Builds a {@link SecurityEvent} with a fresh 128-bit id (see {@link #newId}), the
 * clock's time in whole milliseconds, and the client's address, device and location as structured
 * values (derived as the session list derives them, {@link ClientDescription#of}); appends it to
 * the {@link SecurityEventStore} when there is one; then hands it to the host's listener through
 * {@link GuardedListener}, so a listener that throws never fails the operation.
 *
 * <h2>When the event store fails</h2>
 * As {@link SecurityEventRecorder} documents it, the one policy: {@link #record} and
 * {@link #recordSignIn} let the store's {@link StoreException} propagate (the change they report is
 * stored already; sign-in discards the session it has not handed out yet), and
 * {@link #recordBestEffort} logs and swallows it. The listener is notified only after a successful
 * write.
 *
 * <h2>Suspicious sign-ins</h2>
 * {@link #recordSignIn} flags a successful sign-in whose device and location appear together in no
 * earlier {@code sign_in.succeeded} event of the account, provided the account has signed in
 * successfully before (its very first sign-in is never suspicious). Devices compare by browser, OS
 * and device type (a browser update is not a new device), locations by address scope, country,
 * region and city ({@link SecurityEventStore#exists}). Without a store nothing is flagged. Events
 * older than the history's retention are purged, so a device unused for longer than that counts as
 * new again.
 *
 * <p>Thread-safe; stateless beyond its store.
 */
final class EventRecorder implements SecurityEventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final HexFormat HEX = HexFormat.of();
  private static final int RANDOM_ID_BYTES = 12;

  private final SecurityEventStore store;
  private final SecurityEventListener listener;
  private final Clock clock;
  private final SecureRandom random;
  private final AtomicInteger sequence;
  private final DeviceNamer namer;
  private final IpLocator locator;

  private EventRecorder(SecurityEventStore store, SecurityEventListener listener, Clock clock,
      SecureRandom random, DeviceNamer namer, IpLocator locator) {
    this.store = store;
    this.listener = GuardedListener.guard(listener);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.sequence = new AtomicInteger(random.nextInt());
    this.namer = Objects.requireNonNull(namer, "namer");
    this.locator = Objects.requireNonNull(locator, "locator");
  }

  /**
   * A recorder that stores events (when {@code store} is not {@code null}) and notifies
   * {@code listener}.
   *
   * @param store where events go, or {@code null} to keep no history
   * @param namer identifies devices from User-Agents (as for sessions)
   * @param locator turns addresses into locations (as for sessions)
   */
  static EventRecorder create(SecurityEventStore store, SecurityEventListener listener,
      Clock clock, SecureRandom random, DeviceNamer namer, IpLocator locator) {
    return new EventRecorder(store, listener, clock, random, namer, locator);
  }

  /**
   * Records an event that reports a change already made.
   *
   * @param client the request's client, or {@code null} when the operation has none
   * @param sessionId the session concerned, or {@code null}
   * @param details descriptive facts only, never a secret
   * @return the event as stored and delivered
   * @throws StoreException when the event store fails (see the class note)
   */
  @Override
  public SecurityEvent record(SecurityEventType type, String accountId, ClientInfo client,
      String sessionId, Map<String, String> details) {
    return write(build(type, accountId, client, sessionId, false, details));
  }

  /**
   * Records a successful sign-in, flagging it as suspicious when the device and location are new for
   * an account that has signed in before.
   *
   * @throws StoreException when the event store fails (the caller then must not hand out the
   *     session)
   */
  @Override
  public SecurityEvent recordSignIn(String accountId, ClientInfo client, String sessionId,
      Map<String, String> details) {
    ClientDescription where = describe(client);
    boolean suspicious = false;
    if (store != null) {
      String code = SecurityEventType.SIGN_IN_SUCCEEDED.code();
      // Known device and place first: the common case costs one indexed probe. The store compares
      // browser, OS and device type (not the version) and every part of the location.
      suspicious = !store.exists(accountId, code, where.device(), where.location())
          && store.exists(accountId, code, null, null);
    }
    return write(build(SecurityEventType.SIGN_IN_SUCCEEDED, accountId, where, sessionId,
        suspicious, details));
  }

  /**
   * Records an event about something that changed nothing (a failed or refused attempt): a store
   * failure is logged and swallowed, and the listener is then not called.
   *
   * @return the event, or empty when it could not be stored
   */
  @Override
  public Optional<SecurityEvent> recordBestEffort(SecurityEventType type, String accountId,
      ClientInfo client, String sessionId, Map<String, String> details) {
    SecurityEvent event = build(type, accountId, client, sessionId, false, details);
    try {
      return Optional.of(write(event));
    } catch (StoreException e) {
      LOG.error("Could not store security event {} for account {}; continuing", type.code(),
          accountId, e);
      return Optional.empty();
    }
  }

  /** The event as a store row. */
  static SecurityEventRecord toRecord(SecurityEvent e) {
    return new SecurityEventRecord(e.id(), e.accountId(), e.type().code(), e.at(), e.ipAddress(),
        e.device(), e.location(), e.sessionId(), e.suspicious(), e.details());
  }

  private SecurityEvent write(SecurityEvent event) {
    // Built even without a store: the row's checks (detail keys, sizes) apply to every event.
    SecurityEventRecord row = toRecord(event);
    if (store != null) {
      store.append(row);
    }
    listener.onEvent(event);
    return event;
  }

  private SecurityEvent build(SecurityEventType type, String accountId, ClientInfo client,
      String sessionId, boolean suspicious, Map<String, String> details) {
    return build(type, accountId, describe(client), sessionId, suspicious, details);
  }

  private SecurityEvent build(SecurityEventType type, String accountId, ClientDescription where,
      String sessionId, boolean suspicious, Map<String, String> details) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
    return new SecurityEvent(newId(), type, accountId,
        Time.now(clock), where.ipAddress(), where.device(),
        where.location(), sessionId, suspicious, details);
  }

  /**
   * 32 hex digits: a 32-bit sequence, then 96 random bits. History is ordered by time and then by
   * id, so within one millisecond the sequence keeps one process's events in the order they
   * happened ("password changed" above the "session revoked" it caused). The sequence starts at a
   * random value, so ids say nothing about how many events a process has recorded.
   */
  private String newId() {
    byte[] tail = new byte[RANDOM_ID_BYTES];
    random.nextBytes(tail);
    return String.format("%08x", sequence.getAndIncrement()) + HEX.formatHex(tail);
  }

  private ClientDescription describe(ClientInfo client) {
    return client == null ? ClientDescription.none()
        : ClientDescription.of(client, namer, locator);
  }
}
