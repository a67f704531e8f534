/**
 * Security events and the login history.
 *
 * <p>Every Latchkey service records what it does to an account as a
 * {@link dev.latchkey.events.SecurityEvent} — sign-ins (succeeded, failed, locked), sign-outs and
 * revocations, password changes, two-factor, API key and connected-account changes — with the
 * client's address, device and approximate location where the operation had a client, through one
 * {@link dev.latchkey.events.SecurityEventRecorder} that {@code Latchkey} hands to every service. An
 * event is appended to the {@link dev.latchkey.spi.SecurityEventStore} (when the stores have one)
 * and then delivered to the host's {@link dev.latchkey.events.SecurityEventListener}; a listener that throws
 * never fails the operation. {@link dev.latchkey.events.LoginHistory} pages through an account's
 * events, newest first, and purges old ones.
 *
 * <h2>When the history cannot be written</h2>
 * One policy, written down on {@link dev.latchkey.events.SecurityEventRecorder}. Events that
 * report a change are part of it: a failing event store fails the call with a
 * {@link dev.latchkey.spi.StoreException} (the change itself has been made; stores share no
 * transaction). A successful sign-in is recorded before its session is handed out, and the session
 * is discarded when that fails, so every usable session appears in the history. Failed and locked
 * attempts change nothing and are recorded on a best-effort basis: a failure to store them is
 * logged, and the typed result is returned as usual.
 *
 * <h2>Suspicious sign-ins</h2>
 * A successful sign-in is {@link dev.latchkey.events.SecurityEvent#suspicious() suspicious} when
 * the account has signed in successfully before, but never from this device and place together.
 * Devices compare by browser, OS and device type (a browser update is not a new device), places by
 * country, region, city and address scope; both are stored structured
 * ({@link dev.latchkey.client.Device}, {@link dev.latchkey.client.Location}) and rendered by
 * {@link dev.latchkey.client.ClientLabels}. Hosts typically e-mail "new sign-in to your account"
 * for those.
 */
package dev.latchkey.events;
