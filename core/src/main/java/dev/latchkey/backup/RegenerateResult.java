package dev.latchkey.backup;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.session.SessionRenewal;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of regenerating backup codes: {@link BackupCodes#regenerate} (a recent
 * authentication, or the host's authority) or {@code TotpEnroller.regenerateBackupCodes} (a recent
 * authentication and a current TOTP code, attempt-limited).
 */
public sealed interface RegenerateResult {

  /**
   * The old codes are void; show {@link #codes()} to the user once. The account's other sessions
   * are signed out and the current one has a new token ({@link #sessions()}).
   */
  final class Regenerated implements RegenerateResult {
    private final BackupCodeSet codes;
    private final SessionRenewal sessions;

    Regenerated(BackupCodeSet codes, SessionRenewal sessions) {
      this.codes = Objects.requireNonNull(codes, "codes");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The new codes, in plaintext. */
    public BackupCodeSet codes() {
      return codes;
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    @Override
    public String toString() {
      return "Regenerated[" + codes + ", " + sessions + "]";
    }
  }

  /**
   * Refused before any code was looked at or counted: the session's last authentication is older
   * than the {@link dev.latchkey.session.SensitiveAction#REGENERATE_BACKUP_CODES} window. Ask the
   * user to re-authenticate, then retry; the old codes still work.
   */
  record ReauthenticationRequired() implements RegenerateResult {
    /** Stable code: {@code reauthentication_required}. */
    public String code() {
      return "reauthentication_required";
    }
  }

  /**
   * Refused: the proof code was not accepted. Nothing changed; the old codes still work.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements RegenerateResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Too many attempts for this account or client: the proof code was not checked and nothing
   * changed. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements RegenerateResult {
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

  /** Refused: the account has no active two-factor authentication. Nothing changed. */
  record NotEnabled() implements RegenerateResult {
    /** Stable code: {@code not_enrolled}. */
    public String code() {
      return "not_enrolled";
    }
  }

  /** Why the proof code was refused. Codes are stable. */
  enum Reason {
    /** Not {@code digits} ASCII digits (after removing spaces and one dash): never checked. */
    MALFORMED_CODE("malformed_code"),
    /** Not the code of any time step in the window. */
    INVALID_CODE("invalid_code"),
    /** The code's time step was already used. */
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
