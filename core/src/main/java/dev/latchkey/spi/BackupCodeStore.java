package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;

/**
 * Storage of backup codes (keyed hashes), a set per account.
 *
 * <p>Shares its storage with the {@link TotpStore} of the same bundle: codes exist only while the
 * account's TOTP credential is active. {@link TotpStore#activate} writes the first set,
 * {@link #replaceAll} later ones, {@link TotpStore#deleteAll} removes them.
 *
 * <p>Every method is atomic; implementations are thread-safe and throw only {@link StoreException}
 * (or {@link NullPointerException}/{@link IllegalArgumentException} for misuse).
 */
public interface BackupCodeStore {

  /**
   * Atomically replaces all of the account's codes (used or not) with {@code codes}, only while the
   * account's TOTP credential is active. A concurrent {@link #consume} sees either the whole old
   * set or the whole new one.
   *
   * @param codes unused codes of this account with distinct hashes
   * @return {@code false} (nothing written) when the account has no active TOTP credential
   * @throws IllegalArgumentException when a code belongs to another account, is used, or repeats a
   *     hash
   */
  boolean replaceAll(String accountId, List<BackupCodeRecord> codes);

  /**
   * Atomically marks the account's unused code with this hash as used at {@code at} ("update … where
   * used_at is null"). Of many concurrent calls with one hash, exactly one returns {@code true}.
   *
   * @return {@code false} when the account has no code with this hash or it is already used
   */
  boolean consume(String accountId, String codeHash, Instant at);

  /**
   * Atomically undoes a {@link #consume} whose purpose could not be completed (the session it was
   * spent on could not be stored): marks the account's code with this hash unused again if, and
   * only if, it is still used at exactly {@code usedAt} (to the millisecond) — that is, by that
   * consume and not since replaced ("update … set used_at = null where used_at = ?"). A code of a
   * set replaced since is gone and stays gone.
   *
   * @return {@code false} when the account has no code with this hash used at {@code usedAt}
   */
  boolean restore(String accountId, String codeHash, Instant usedAt);

  /**
   * How many of the account's codes are unused.
   *
   * @return 0 when the account has none
   */
  int countRemaining(String accountId);

  /**
   * Every code of the account, used or not, ordered by code hash.
   *
   * @return an empty list when the account has none
   */
  List<BackupCodeRecord> list(String accountId);
}
