package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of SMS and email one-time codes (keyed hashes) and of the destinations accounts enrolled
 * as a second factor.
 *
 * <p>Every method is atomic on its own; none needs a caller-side lock. {@link #consume} decides
 * races: of any number of callers with one code, in any number of processes sharing the store,
 * exactly one uses it. {@link #issue} replaces the account's code of that purpose in one step, so
 * a concurrent {@code consume} sees the old code or the new one, never both.
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException}, or
 * {@link NullPointerException} for a {@code null} argument. Expected outcomes are return values.
 */
public interface OneTimeCodeStore {

  /**
   * Atomically stores {@code code} as the account's code for its purpose, replacing any code of
   * that purpose (used or not, of whatever channel).
   */
  void issue(OneTimeCodeRecord code);

  /**
   * The account's code of this purpose, whatever its state (used and expired codes are returned
   * until replaced or purged).
   *
   * @return empty when it has none
   */
  Optional<OneTimeCodeRecord> find(String accountId, String purpose);

  /**
   * Atomically uses the account's code of this purpose up: "set consumed-at where the hash is
   * {@code codeHash}, it is unused and it has not expired at {@code at}". Exactly one of many
   * concurrent callers gets {@code true}.
   *
   * @return {@code false} when no code matches all of that (nothing changes)
   */
  boolean consume(String accountId, String purpose, String codeHash, Instant at);

  /**
   * Deletes codes that expired before {@code before}, used or not.
   *
   * @return how many were deleted
   */
  int purge(Instant before);

  /**
   * Atomically stores the account's enrolled destination for its channel, replacing the one it
   * had there.
   */
  void putFactor(CodeFactorRecord factor);

  /**
   * The account's enrolled destinations, ordered by channel code ({@code email} before
   * {@code sms}).
   *
   * @return an empty list when it has none
   */
  List<CodeFactorRecord> factors(String accountId);

  /**
   * Removes the account's enrolled destination of this channel.
   *
   * @return {@code false} when it had none
   */
  boolean removeFactor(String accountId, String channel);
}
