package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of authenticator-app credentials, at most one per account.
 *
 * <p>Shares its storage with the {@link BackupCodeStore} of the same bundle: {@link #activate} and
 * {@link #deleteAll} change both aggregates in one atomic step (one lock in memory, one transaction
 * in JDBC), so an account never has active codes without an active secret or the reverse.
 *
 * <p>Every method is atomic; none needs a caller-side lock, and two processes sharing one database
 * can never both win a compare-and-set. Implementations are thread-safe and throw only
 * {@link StoreException} (or {@link NullPointerException}/{@link IllegalArgumentException} for
 * misuse).
 */
public interface TotpStore {

  /**
   * The account's credential, pending or active.
   *
   * @return empty when the account has none
   */
  Optional<TotpCredential> findByAccount(String accountId);

  /**
   * Atomically stores a {@link TotpCredential.Status#PENDING} credential, inserting it or replacing
   * a pending one, but never replacing an active one.
   *
   * @param pending a pending credential with no accepted step
   * @return {@code false} (nothing written) when the account already has an active credential
   * @throws IllegalArgumentException when {@code pending} is not pending or has an accepted step
   */
  boolean savePending(TotpCredential pending);

  /**
   * Atomically confirms enrolment: when the account's credential is pending and its encrypted
   * secret is still {@code expectedEncryptedSecret}, makes it active (confirmed at {@code at},
   * last accepted step {@code acceptedStep}) and replaces all of the account's backup codes with
   * {@code codes}. Either everything changes or nothing does.
   *
   * <p>The accepted step is part of this call so the code that confirmed enrolment can never be
   * replayed at sign-in.
   *
   * @param codes unused codes of this account with distinct hashes
   * @return {@code false} (nothing written) when there is no pending credential, or it was replaced
   *     by a newer enrolment meanwhile, or it is already active
   */
  boolean activate(String accountId, String expectedEncryptedSecret, long acceptedStep,
      List<BackupCodeRecord> codes, Instant at);

  /**
   * Atomically records that the TOTP time step {@code step} was used: sets the active credential's
   * last accepted step to {@code step} if, and only if, {@code step} is greater (RFC 6238 §5.2: a
   * code is accepted at most once). Of many concurrent calls with one step, exactly one returns
   * {@code true}.
   *
   * @return {@code false} when the account has no active credential or {@code step} is not greater
   *     than its last accepted step
   */
  boolean acceptStep(String accountId, long step);

  /**
   * Atomically undoes an {@link #acceptStep} whose purpose could not be completed (the session the
   * code was checked for could not be stored): sets the active credential's last accepted step to
   * {@code step − 1} if, and only if, it is still {@code step}. So exactly that step can be
   * accepted again, and never an earlier one (an earlier step accepted before stays spent). When a
   * later step was accepted since, nothing changes: that one stands, and so does the rule that no
   * step at or below it is accepted again.
   *
   * @param step a step this account accepted ({@code 0} or more)
   * @return {@code false} when the account has no active credential or its last accepted step is
   *     not {@code step}
   * @throws IllegalArgumentException when {@code step} is negative
   */
  boolean releaseStep(String accountId, long step);

  /**
   * Atomically deletes the account's credential (pending or active) and all its backup codes.
   *
   * @return {@code false} when there was no credential (any backup codes are still deleted)
   */
  boolean deleteAll(String accountId);

  /**
   * Atomically replaces the encrypted secret when it is still {@code expected} (compare-and-set), for
   * re-encryption under a new primary key. Nothing else changes.
   *
   * @return {@code false} when there is no credential or its secret differs
   */
  boolean replaceSecret(String accountId, String expected, String replacement);
}
