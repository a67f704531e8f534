package dev.latchkey.totp;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.session.SessionRenewal;
import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link TotpEnroller#confirm}. */
public sealed interface ConfirmResult {

  /**
   * Two-factor authentication is now active and the first backup codes are stored; show
   * {@link #backupCodes()} once. The account's other sessions are signed out, and the current one
   * has a new, {@link dev.latchkey.session.Assurance#MULTI_FACTOR} token ({@link #sessions()}).
   */
  final class Confirmed implements ConfirmResult {
    private final BackupCodeSet backupCodes;
    private final SessionRenewal sessions;

    Confirmed(BackupCodeSet backupCodes, SessionRenewal sessions) {
      this.backupCodes = Objects.requireNonNull(backupCodes, "backupCodes");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The plaintext backup codes; they exist nowhere else. */
    public BackupCodeSet backupCodes() {
      return backupCodes;
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    @Override
    public String toString() {
      return "Confirmed[" + backupCodes + ", " + sessions + "]";
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
