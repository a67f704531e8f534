package dev.latchkey.events;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something security-relevant happened to an account: one row of its login history, and what the
 * host's {@link SecurityEventListener} receives (to send "new sign-in to your account" or "2FA was
 * turned off" e-mails, or to write its own audit trail).
 *
 * <p>Plain data. Never carries a secret, code, token or hash: {@code details} holds only descriptive
 * values such as {@code method=totp} or {@code remaining=7}, so an event may be logged, rendered and
 * sent as it is. The device and location are structured;
 * {@link dev.latchkey.client.ClientLabels} turns them into words.
 *
 * @param id a unique id (32 hex digits: a per-process sequence, then 96 random bits from the injected {@code SecureRandom})
 * @param type what happened
 * @param accountId the host's opaque account id (for API key events: the key's owner)
 * @param at when, from the injected clock, in whole milliseconds
 * @param ipAddress the client address, or empty when the operation had no client (a revocation
 *     by the host, a background job)
 * @param device the client's device (browser, major version, OS, type), or {@link Device#none()}
 *     when there was no client
 * @param location the client's approximate location (city, region, country code, address scope),
 *     scope {@link dev.latchkey.client.AddressScope#NONE} when there was no client
 * @param sessionId the session the event concerns — the new session of a sign-in, the ended
 *     session of a sign-out or revocation, the session that made a change — or {@code null}
 * @param suspicious whether this is a successful sign-in from a device and location the account had
 *     never signed in from before (never set on other types)
 * @param details extra facts (copied; unmodifiable)
 */
public record SecurityEvent(
    String id,
    SecurityEventType type,
    String accountId,
    Instant at,
    String ipAddress,
    Device device,
    Location location,
    String sessionId,
    boolean suspicious,
    Map<String, String> details) {

  /** Validates and copies {@code details}. */
  public SecurityEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(location, "location");
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
  }
}
