package dev.latchkey.backup;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of regenerating backup codes: {@link BackupCodes#regenerate} (no proof asked) or
 * {@code TotpEnroller.regenerateBackupCodes} (a current TOTP code as proof, attempt-limited).
 */
public sealed interface RegenerateResult {

  /** The old codes are void; show {@link #codes()} to the user once. */
  final class Regenerated implements RegenerateResult {
    private final BackupCodeSet codes;

    Regenerated(BackupCodeSet codes) {
      this.codes = Objects.requireNonNull(codes, "codes");
    }

    /** The new codes, in plaintext. */
    public BackupCodeSet codes() {
      return codes;
    }

    @Override
    public String toString() {
      return "Regenerated[" + codes + "]";
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
