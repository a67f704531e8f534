package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One known device: a client that signed in to an account and was given a device token then, so
 * its later sign-ins count against an attempt allowance of their own. Holds the SHA-256 of the
 * token (hex), never the token.
 *
 * @param id the device's id (random, 128 bits; names its attempt counter, never authenticates)
 * @param tokenHash lower-case hex SHA-256 of the device token (64 characters)
 * @param accountId the account the device signed in to (1 to 255 characters); the token is good
 *     for this account only
 * @param createdAt when the token was issued
 * @param expiresAt when the token stops being recognised (it is dead at and after this instant)
 */
public record KnownDeviceRecord(
    String id,
    String tokenHash,
    String accountId,
    Instant createdAt,
    Instant expiresAt) {

  /** Validates that every field is present. */
  public KnownDeviceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the token is still recognised at {@code now}. */
  public boolean liveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
