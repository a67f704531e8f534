package dev.latchkey.events;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Records security events: the one way every Latchkey service adds to the login history and tells
 * the host's {@link SecurityEventListener}. {@code Latchkey} makes one and hands it to every
 * service; a host only needs it to build a service on its own.
 *
 * <p>Not an extension point (it is sealed): where events go is the {@link SecurityEventStore}, who
 * hears about them is the {@link SecurityEventListener}. Keeping the recorder itself closed keeps
 * the failure policy below true for every service.
 *
 * <h2>What recording does</h2>
 * Builds a {@link SecurityEvent} — a fresh random id, the clock's time in whole milliseconds, and
 * the client's address, device and location when the operation had a client — appends it to the
 * event store when there is one, and then hands it to the listener. A listener that throws is logged
 * and ignored; it is called only after the event was stored.
 *
 * <h2>When the event store fails</h2>
 * The one failure policy, which every service follows. An operation's outcome is never lost or
 * silently reversed: either the caller gets the typed result and the history shows the operation,
 * or the history could not be written and the caller learns it.
 * <ul>
 *   <li><b>Changes propagate.</b> {@link #record} reports a change the service has already stored
 *       (a revoked session or key, a new password, 2FA switched on or off, a used or regenerated
 *       backup code, a linked or unlinked provider). When the event store fails it throws the
 *       store's {@link StoreException} and the service lets it propagate. The change stays made —
 *       stores share no transaction, and undoing it behind the caller's back would be worse — but
 *       the call fails loudly instead of leaving a change the user can never see in their history
 *       (a missing migration is found on the first use, not months later). Retrying is safe: a
 *       repeated revoke or unlink answers "already done".
 *   <li><b>A sign-in propagates before it exists.</b> {@link #recordSignIn} is called after the
 *       session is created but before its token is handed out. When it throws, the sign-in flow
 *       discards the session and the {@link StoreException} propagates: no usable session exists
 *       that the history does not show, and the user simply signs in again.
 *   <li><b>Attempts are best effort.</b> {@link #recordBestEffort} reports something that changed
 *       nothing — a wrong password or code, the lock it caused. A failure to store it is logged and
 *       swallowed, the listener is not called, and the service returns its typed result as usual:
 *       an unavailable history never turns a wrong password into a server error or hides a lock.
 *   <li><b>Listeners never fail anything.</b> An exception from the {@link SecurityEventListener}
 *       is logged and ignored, whichever method recorded the event.
 * </ul>
 * Reading only ({@code validate}, {@code authenticate}, listing) records nothing.
 *
 * <h2>Suspicious sign-ins</h2>
 * {@link #recordSignIn} flags a sign-in from a device and location the account has never signed in
 * from before, provided it has signed in before (see {@link SecurityEvent#suspicious()}). Without
 * an event store nothing is flagged.
 *
 * <p>Thread-safe; stateless beyond its store.
 */
public sealed interface SecurityEventRecorder permits EventRecorder {

  /**
   * A recorder that stores every event in {@code store} (login history, suspicious-sign-in
   * detection) and then notifies {@code listener}. {@code Latchkey} makes this one when its stores
   * include a {@link SecurityEventStore}.
   *
   * @param namer names devices from User-Agents, as for sessions
   * @param locator turns client addresses into approximate locations, as for sessions
   */
  static SecurityEventRecorder create(SecurityEventStore store, SecurityEventListener listener,
      Clock clock, SecureRandom random, DeviceNamer namer, IpLocator locator) {
    return EventRecorder.create(Objects.requireNonNull(store, "store"), listener, clock, random,
        namer, locator);
  }

  /**
   * A recorder that keeps no history: events only reach {@code listener}, and no sign-in is
   * flagged as suspicious. {@link #record} then never throws a {@link StoreException}.
   *
   * @param namer names devices from User-Agents, as for sessions
   * @param locator turns client addresses into approximate locations ({@link IpLocator#none()}
   *     for none)
   */
  static SecurityEventRecorder withoutHistory(SecurityEventListener listener, Clock clock,
      SecureRandom random, DeviceNamer namer, IpLocator locator) {
    return EventRecorder.create(null, listener, clock, random, namer, locator);
  }

  /**
   * Records an event that reports a change already stored.
   *
   * @param accountId the account concerned (for API key events, the key's owner)
   * @param client the request's client, or {@code null} when the operation has none
   * @param sessionId the session concerned, or {@code null}
   * @param details descriptive facts only, never a secret
   * @return the event as stored and delivered
   * @throws StoreException when the event store fails; the change stands (see "When the event
   *     store fails")
   */
  SecurityEvent record(SecurityEventType type, String accountId, ClientInfo client,
      String sessionId, Map<String, String> details);

  /**
   * Records a successful sign-in ({@link SecurityEventType#SIGN_IN_SUCCEEDED}), flagged as
   * suspicious when its device and location are new for an account that has signed in before.
   *
   * @param sessionId the new session, not yet handed out
   * @throws StoreException when the event store fails; the caller must then discard the session
   */
  SecurityEvent recordSignIn(String accountId, ClientInfo client, String sessionId,
      Map<String, String> details);

  /**
   * Records an attempt that changed nothing (a failed or locked sign-in): a store failure is logged
   * and swallowed, and the listener is then not called.
   *
   * @return the event, or empty when it could not be stored
   */
  Optional<SecurityEvent> recordBestEffort(SecurityEventType type, String accountId,
      ClientInfo client, String sessionId, Map<String, String> details);
}
