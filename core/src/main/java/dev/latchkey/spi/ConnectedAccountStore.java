package dev.latchkey.spi;

import java.util.List;
import java.util.Optional;

/**
 * Storage of connected accounts: links between an account and identities at external sign-in
 * providers ({@link ConnectedIdentity}).
 *
 * <h2>Uniqueness</h2>
 * Two rules hold at every instant, enforced by the store itself (unique constraints in a database,
 * one lock in memory), never by a read before a write:
 * <ul>
 *   <li>an identity {@code (provider, subject)} belongs to at most one account, so "sign in with
 *       Google" always leads to one account;
 *   <li>an account has at most one identity per provider (as GitHub allows one Google account per
 *       user): linking a second Google identity needs the first one disconnected.
 * </ul>
 *
 * <h2>Atomicity</h2>
 * Every method is atomic; none needs a caller-side lock, and two processes sharing one database
 * can never both win: of concurrent inserts of one identity exactly one reports
 * {@link InsertOutcome#INSERTED}, and {@link #unlinkUnlessLast} decides and deletes in one step, so
 * concurrent unlinks can never together remove every identity of an account that has no password.
 *
 * <p>Implementations are thread-safe and throw only {@link StoreException} for infrastructure
 * failures ({@link NullPointerException}/{@link IllegalArgumentException} for misuse). Expected
 * outcomes, such as an identity already taken, are return values, never exceptions.
 */
public interface ConnectedAccountStore {

  /** What {@link #insert} did. Codes are stable. */
  enum InsertOutcome {
    /** The identity is now linked to the account. */
    INSERTED("inserted"),
    /** This identity was already linked to this account; nothing changed. */
    ALREADY_LINKED_TO_THIS_ACCOUNT("already_linked_to_this_account"),
    /** This identity is linked to another account; nothing changed. */
    LINKED_TO_ANOTHER_ACCOUNT("linked_to_another_account"),
    /**
     * The account already has another identity at this provider (another subject); nothing
     * changed.
     */
    PROVIDER_ALREADY_LINKED("provider_already_linked");

    private final String code;

    InsertOutcome(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }

  /** What {@link #unlinkUnlessLast} did. Codes are stable. */
  enum UnlinkOutcome {
    /** The account's identity at the provider is gone. */
    UNLINKED("unlinked"),
    /** The account has no identity at this provider; nothing changed. */
    NOT_LINKED("not_linked"),
    /**
     * Refused: the account has no password and this is its only identity, so removing it would
     * leave no way to sign in. Nothing changed.
     */
    LAST_SIGN_IN_METHOD("last_sign_in_method");

    private final String code;

    UnlinkOutcome(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }

  /**
   * Atomically links an identity to its account, unless the identity is linked already (to any
   * account) or the account already has an identity at the same provider. A conflict is reported
   * as an outcome, never as an exception; of many concurrent inserts of one
   * {@code (provider, subject)} exactly one returns {@link InsertOutcome#INSERTED}.
   *
   * <p>When several rules conflict, the identity's owner decides: an identity taken by another
   * account is {@link InsertOutcome#LINKED_TO_ANOTHER_ACCOUNT} even if this account also has the
   * provider.
   *
   * @return {@link InsertOutcome#INSERTED}, or why nothing was written
   */
  InsertOutcome insert(ConnectedIdentity identity);

  /**
   * The link of one provider identity, for "sign in with …": which account does this subject open?
   * The subject compares exactly (case-sensitively).
   *
   * @return empty when no account has this identity
   */
  Optional<ConnectedIdentity> findBySubject(String provider, String subject);

  /**
   * The account's identities, oldest link first (ties broken by provider code, so the order is
   * total).
   *
   * @return an empty list when the account has none
   */
  List<ConnectedIdentity> listByAccount(String accountId);

  /**
   * Atomically removes the account's identity at {@code provider} unless it is the account's last
   * way to sign in: when {@code hasPassword} is {@code false} and this identity is the account's
   * only one, nothing is removed. The count of remaining identities and the removal are one step:
   * of two concurrent calls removing the last two identities of an account without a password,
   * exactly one succeeds, in every interleaving and across processes.
   *
   * <p>{@code hasPassword} is the caller's knowledge; the store does not see passwords. A password
   * deleted after the caller read it is therefore not covered (see {@code ConnectedAccounts}).
   *
   * @param hasPassword whether the account can sign in with a password
   * @return {@link UnlinkOutcome#UNLINKED}, {@link UnlinkOutcome#NOT_LINKED} when the account has
   *     no identity at the provider, or {@link UnlinkOutcome#LAST_SIGN_IN_METHOD}
   */
  UnlinkOutcome unlinkUnlessLast(String accountId, String provider, boolean hasPassword);

  /**
   * Removes every identity of the account, whatever is left to sign in with: for deleting the
   * account, after which its identities may be linked to another account.
   *
   * @return how many identities were removed (0 when there were none)
   */
  int deleteAll(String accountId);
}
