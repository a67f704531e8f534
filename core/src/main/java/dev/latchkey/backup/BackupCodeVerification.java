package dev.latchkey.backup;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of {@link BackupCodes#consume}: {@link Consumed} or {@link Rejected} with a stable
 * reason.
 */
public sealed interface BackupCodeVerification {

  /** Whether the code was accepted (and is now used up). */
  boolean isConsumed();

  /**
   * The code was valid and is now used. Only {@link BackupCodes} can create one, so it is proof
   * that a code was spent.
   */
  final class Consumed implements BackupCodeVerification {
    private final String accountId;
    private final int remaining;
    private final String codeHash;
    private final Instant usedAt;

    Consumed(String accountId, int remaining, String codeHash, Instant usedAt) {
      this.accountId = accountId;
      this.remaining = remaining;
      this.codeHash = codeHash;
      this.usedAt = usedAt;
    }

    /** The stored (keyed) hash of the spent code, for {@link BackupCodes#restore}. */
    String codeHash() {
      return codeHash;
    }

    /** When the code was marked used, for {@link BackupCodes#restore}. */
    Instant usedAt() {
      return usedAt;
    }

    /** The account whose code was used. */
    public String accountId() {
      return accountId;
    }

    /** How many unused codes the account has left. */
    public int remaining() {
      return remaining;
    }

    /** Whether so few are left that the user should regenerate ({@link BackupCodes#isLow}). */
    public boolean low() {
      return BackupCodes.isLow(remaining);
    }

    @Override
    public boolean isConsumed() {
      return true;
    }

    @Override
    public String toString() {
      return "Consumed[accountId=" + accountId + ", remaining=" + remaining + "]";
    }
  }

  /**
   * The code was refused; nothing changed.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements BackupCodeVerification {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isConsumed() {
      return false;
    }
  }

  /**
   * Too many attempts for this account or client: the code was not checked (nor spent). Answer 429
   * with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements BackupCodeVerification {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean isConsumed() {
      return false;
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

  /** Why a backup code was refused. Codes are stable. */
  enum Reason {
    /** Not 16 characters of the code alphabet (after removing dashes and spaces): never looked up. */
    MALFORMED("malformed"),
    /** Well-formed, but not an unused code of this account (wrong, or already used). */
    INVALID("invalid"),
    /** The account has no active two-factor authentication, hence no codes. */
    NOT_ENROLLED("not_enrolled");

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
