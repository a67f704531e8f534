package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored sign-in challenge: the proof that an account passed its first factor and owes a
 * second one. Holds the SHA-256 of the challenge token (hex), never the token.
 *
 * @param id the challenge's id (random, 128 bits; names its wrong-code counter, never
 *     authenticates anything)
 * @param tokenHash lower-case hex SHA-256 of the challenge token (64 characters)
 * @param accountId the account that passed the first factor (1 to 255 characters)
 * @param ipAddress the client address of the first step (may be empty)
 * @param userAgent the User-Agent of the first step (may be empty; at most 512 characters)
 * @param createdAt when the first factor passed
 * @param expiresAt when the challenge stops being accepted (it is dead at and after this instant)
 * @param consumedAt when it was used up (completed, or void after too many wrong codes), or
 *     {@code null} while it is not
 */
public record ChallengeRecord(
    String id,
    String tokenHash,
    String accountId,
    String ipAddress,
    String userAgent,
    Instant createdAt,
    Instant expiresAt,
    Instant consumedAt) {

  /** Validates that every required field is present. */
  public ChallengeRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A copy used up at {@code at}. */
  public ChallengeRecord withConsumedAt(Instant at) {
    return new ChallengeRecord(id, tokenHash, accountId, ipAddress, userAgent, createdAt,
        expiresAt, at);
  }

  /** Whether the row has been used up. */
  public boolean consumed() {
    return consumedAt != null;
  }

  /** Whether the challenge is still accepted at {@code now}: not used up and not expired. */
  public boolean liveAt(Instant now) {
    return consumedAt == null && now.isBefore(expiresAt);
  }
}
