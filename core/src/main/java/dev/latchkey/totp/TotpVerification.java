package dev.latchkey.totp;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link TotpEnroller#verify}: {@link Accepted} or {@link Rejected} with a stable
 * reason. Use a {@code switch} over the two.
 */
public sealed interface TotpVerification {

  /** Whether the code was accepted. */
  boolean isAccepted();

  /**
   * The code was right and its time step is now used up. Only {@link TotpEnroller} can create one,
   * so it is proof that a second factor was checked.
   */
  final class Accepted implements TotpVerification {
    private final String accountId;
    private final long step;

    Accepted(String accountId, long step) {
      this.accountId = accountId;
      this.step = step;
    }

    /** The time step this acceptance spent, for {@link TotpEnroller#release}. */
    long step() {
      return step;
    }

    /** The account whose code was accepted. */
    public String accountId() {
      return accountId;
    }

    @Override
    public boolean isAccepted() {
      return true;
    }

    @Override
    public String toString() {
      return "Accepted[accountId=" + accountId + "]";
    }
  }

  /**
   * The code was refused.
   *
   * @param reason why; hosts answer every reason the same way to the user ("invalid code")
   */
  record Rejected(Reason reason) implements TotpVerification {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }
  }

  /**
   * Too many attempts for this account or client: the code was not checked (its time step is not
   * spent). Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements TotpVerification {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean isAccepted() {
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

  /** Why a code was refused. Codes are stable. */
  enum Reason {
    /** The account has no active authenticator app (none, or only a pending enrolment). */
    NOT_ENROLLED("not_enrolled"),
    /** Not {@code digits} ASCII digits (after removing spaces and one dash): never checked. */
    MALFORMED("malformed"),
    /** Not the code of any time step in the window. */
    INVALID("invalid"),
    /** Right code, but its time step was already accepted once (RFC 6238 §5.2). */
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
