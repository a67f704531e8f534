package dev.latchkey.spi;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored session row. Holds the SHA-256 of the token (hex), never the token.
 *
 * @param id public id used to list and revoke (never authenticates anything)
 * @param accountId the host's opaque account id
 * @param tokenHash lower-case hex SHA-256 of the bearer token (64 characters)
 * @param createdAt when the session was created
 * @param lastActiveAt last recorded activity (written at most once per touch interval)
 * @param expiresAt absolute expiry: the session is dead at and after this instant
 * @param revokedAt when it was revoked, or {@code null} while not revoked
 * @param ipAddress the client address at creation (may be empty)
 * @param device the device at creation, as structured fields (browser, major version, OS, type);
 *     never a rendered label
 * @param location the approximate location at creation (city, region, country code, address
 *     scope); never a rendered label
 * @param assurance how the session was authenticated: {@code "single_factor"} or {@code "multi_factor"}
 * @param authenticatedAt when the holder last proved a factor: the sign-in, raised by each
 *     re-authentication ({@link SessionStore#reauthenticate}); sensitive actions need it recent
 */
public record SessionRecord(
    String id,
    String accountId,
    String tokenHash,
    Instant createdAt,
    Instant lastActiveAt,
    Instant expiresAt,
    Instant revokedAt,
    String ipAddress,
    Device device,
    Location location,
    String assurance,
    Instant authenticatedAt) {

  /** Validates that every required field is present. */
  public SessionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastActiveAt, "lastActiveAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(assurance, "assurance");
    Objects.requireNonNull(authenticatedAt, "authenticatedAt");
  }

  /**
   * A row authenticated when it was created (a sign-in): {@code authenticatedAt} is
   * {@code createdAt}.
   */
  public SessionRecord(String id, String accountId, String tokenHash, Instant createdAt,
      Instant lastActiveAt, Instant expiresAt, Instant revokedAt, String ipAddress, Device device,
      Location location, String assurance) {
    this(id, accountId, tokenHash, createdAt, lastActiveAt, expiresAt, revokedAt, ipAddress, device,
        location, assurance, createdAt);
  }

  /** A copy with another last-active time. */
  public SessionRecord withLastActiveAt(Instant at) {
    return new SessionRecord(id, accountId, tokenHash, createdAt, at, expiresAt, revokedAt,
        ipAddress, device, location, assurance, authenticatedAt);
  }

  /** A copy revoked at {@code at}. */
  public SessionRecord withRevokedAt(Instant at) {
    return new SessionRecord(id, accountId, tokenHash, createdAt, lastActiveAt, expiresAt, at,
        ipAddress, device, location, assurance, authenticatedAt);
  }

  /** A copy with another token hash and assurance (token rotation). */
  public SessionRecord withToken(String newTokenHash, String newAssurance) {
    return new SessionRecord(id, accountId, newTokenHash, createdAt, lastActiveAt, expiresAt,
        revokedAt, ipAddress, device, location, newAssurance, authenticatedAt);
  }

  /** A copy with another authentication time (a re-authentication). */
  public SessionRecord withAuthenticatedAt(Instant at) {
    return new SessionRecord(id, accountId, tokenHash, createdAt, lastActiveAt, expiresAt,
        revokedAt, ipAddress, device, location, assurance, at);
  }

  /** Whether the row has been revoked. */
  public boolean revoked() {
    return revokedAt != null;
  }
}
