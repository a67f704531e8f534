package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of passkeys (WebAuthn credentials) and of the challenges their ceremonies answer.
 *
 * <p>Every method is atomic on its own; none needs a caller-side lock. The ones that decide races
 * say so: {@link #insert} (a credential id belongs to one account), {@link #recordUse} (a signature
 * counter only moves forward, "compare and set"), {@link #deleteUnlessLast} (an account never loses
 * its last way in) and {@link #consumeChallenge} (a challenge is answered once) — in one process or
 * many sharing the store.
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException}, or
 * {@link NullPointerException} for a {@code null} argument. Expected outcomes are return values.
 */
public interface PasskeyStore {

  /** What {@link #deleteUnlessLast} did. Codes are stable. */
  enum DeleteOutcome {
    /** The passkey is gone. */
    DELETED("deleted"),
    /** The account has no passkey with that credential id; nothing changed. */
    NOT_FOUND("not_found"),
    /**
     * Refused: it is the account's only passkey and the account has no other way to sign in.
     * Nothing changed.
     */
    LAST_SIGN_IN_METHOD("last_sign_in_method");

    private final String code;

    DeleteOutcome(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }

  /**
   * Atomically stores a new passkey unless its credential id is taken (by any account).
   *
   * @return {@code false} when the credential id is already stored; nothing changed
   */
  boolean insert(PasskeyRecord passkey);

  /**
   * The passkey with this credential id, whatever account has it.
   *
   * @return empty when no passkey has it
   */
  Optional<PasskeyRecord> findByCredentialId(String credentialId);

  /**
   * The account's passkeys, oldest first (ties by credential id).
   *
   * @return an empty list when it has none
   */
  List<PasskeyRecord> listByAccount(String accountId);

  /**
   * Renames the account's passkey.
   *
   * @return {@code false} when the account has no passkey with that credential id
   */
  boolean rename(String accountId, String credentialId, String name);

  /**
   * Atomically records a use: "set the counter to {@code newSignCount}, the backup state and the
   * last-used time, if the counter is still {@code expectedSignCount}". Of many concurrent uses
   * that read the same counter exactly one succeeds; the others re-read and decide again.
   *
   * @return {@code false} when no passkey has that credential id or its counter is no longer
   *     {@code expectedSignCount} (nothing changes)
   */
  boolean recordUse(String credentialId, long expectedSignCount, long newSignCount,
      boolean backupState, Instant at);

  /**
   * Atomically deletes the account's passkey unless that would leave the account without a way to
   * sign in: when {@code otherSignInMethod} is {@code false} (no password, no provider), the last
   * passkey of the account is refused. The count and the deletion are one step, so two concurrent
   * removals of an account's last two passkeys never both succeed.
   */
  DeleteOutcome deleteUnlessLast(String accountId, String credentialId, boolean otherSignInMethod);

  /**
   * Removes every passkey of the account, whatever is left: for deleting the account.
   *
   * @return how many were removed
   */
  int deleteAll(String accountId);

  /**
   * Stores a new challenge.
   *
   * @throws StoreException if a challenge with the same hash exists (with 256 random bits, only a
   *     broken random source does that)
   */
  void insertChallenge(PasskeyChallengeRecord challenge);

  /**
   * A challenge by its hash, whatever its state: used and expired rows are returned until
   * {@link #purgeChallenges} removes them, so the caller can tell a replay from an expiry.
   *
   * @return empty when no challenge has that hash
   */
  Optional<PasskeyChallengeRecord> findChallenge(String challengeHash);

  /**
   * Atomically uses a challenge up: "set consumed-at if unused, unexpired at {@code at}, for
   * {@code purpose} and bound to {@code bindingHash}". Exactly one of many concurrent callers gets
   * {@code true}.
   *
   * @return {@code false} when no challenge matches all of that (nothing changes)
   */
  boolean consumeChallenge(String challengeHash, String purpose, String bindingHash, Instant at);

  /**
   * Deletes challenges that expired before {@code before}, used or not.
   *
   * @return how many were deleted
   */
  int purgeChallenges(Instant before);
}
