package dev.latchkey.totp;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.backup.BackupCodeSet;
import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link TotpEnroller#confirm}. */
public sealed interface ConfirmResult {

  /**
   * Two-factor authentication is now active and the first backup codes are stored; show
   * {@link #backupCodes()} once.
   */
  final class Confirmed implements ConfirmResult {
    private final BackupCodeSet backupCodes;

    Confirmed(BackupCodeSet backupCodes) {
      this.backupCodes = Objects.requireNonNull(backupCodes, "backupCodes");
    }

    /** The plaintext backup codes; they exist nowhere else. */
    public BackupCodeSet backupCodes() {
      return backupCodes;
    }

    @Override
    public String toString() {
      return "Confirmed[" + backupCodes + "]";
    }
  }

  /**
   * Refused; nothing changed and the pending enrolment (if any) stays pending.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements ConfirmResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Too many attempts for this account or client: the code was not checked and the pending
   * enrolment stays pending. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements ConfirmResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }

    /** Stable code: {@code too_many_attempts}. */
    public String code() {
      return "too_many_attempts";
    }
  }

  /** Why a confirmation was refused. Codes are stable. */
  enum Reason {
    /**
     * No enrolment is pending: never begun, already confirmed, or replaced by a newer
     * {@code begin} while this code was being checked.
     */
    NO_PENDING_ENROLLMENT("no_pending_enrollment"),
    /** Not {@code digits} ASCII digits (after removing spaces and one dash). */
    MALFORMED_CODE("malformed_code"),
    /** Not the code of the pending secret within the time window. */
    INVALID_CODE("invalid_code"),
    /** The code's time step was already used (a double submit that lost the race). */
    REPLAYED("replayed");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }
}
