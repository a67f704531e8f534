package dev.latchkey.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Storage of single-use account tokens (password resets, email verifications, email changes and
 * their undo links), as SHA-256 hashes.
 *
 * <p>Every method is atomic on its own; none needs a caller-side lock. {@link #consume} decides
 * races: of any number of callers with one token, in any number of processes sharing the store,
 * exactly one uses it.
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException}, or
 * {@link NullPointerException} for a {@code null} argument. Expected outcomes are return values.
 */
public interface AccountTokenStore {

  /**
   * Stores a new token. Its hash is the key; issuing a hash that is already stored (which a
   * 256-bit random token never does) is a {@link StoreException}.
   */
  void issue(AccountTokenRecord token);

  /**
   * The token with this hash, whatever its state (used and expired tokens are returned until
   * revoked or purged).
   *
   * @return empty when there is none
   */
  Optional<AccountTokenRecord> find(String tokenHash);

  /**
   * Atomically uses the token up: "set consumed-at where the hash is {@code tokenHash}, the
   * purpose is {@code purpose}, it is unused and it has not expired at {@code at}". Exactly one of
   * many concurrent callers gets {@code true}.
   *
   * @return {@code false} when no token matches all of that (nothing changes)
   */
  boolean consume(String tokenHash, String purpose, Instant at);

  /**
   * Deletes every token of the account with this purpose, used or not, so the links already sent
   * stop working.
   *
   * @return how many were deleted
   */
  int revoke(String accountId, String purpose);

  /**
   * Deletes the account's tokens of this purpose that were created strictly after {@code after},
   * used or not (an email-change undo link revokes the undo links of the changes that came after
   * the one it undoes).
   *
   * @return how many were deleted
   */
  int revokeIssuedAfter(String accountId, String purpose, Instant after);

  /**
   * Deletes tokens that expired before {@code before}, used or not.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}
