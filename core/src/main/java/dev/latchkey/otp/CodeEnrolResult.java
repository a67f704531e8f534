package dev.latchkey.otp;

import dev.latchkey.delivery.Channel;
import dev.latchkey.internal.RetryAfter;
import dev.latchkey.session.SessionRenewal;
import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link OneTimeCodes#confirmEnrolment}. */
public sealed interface CodeEnrolResult {

  /** Whether the destination is now a second factor of the account. */
  boolean enrolled();

  /**
   * The code was right: the destination is the account's factor on its channel (replacing the one
   * it had there). A change of factor: the account's other sessions ended and the current one was
   * re-keyed ({@link #renewal()}).
   */
  final class Enrolled implements CodeEnrolResult {
    private final Channel channel;
    private final String destination;
    private final SessionRenewal renewal;

    Enrolled(Channel channel, String destination, SessionRenewal renewal) {
      this.channel = channel;
      this.destination = destination;
      this.renewal = renewal;
    }

    /** SMS or email. */
    public Channel channel() {
      return channel;
    }

    /** The confirmed E.164 number or email address. */
    public String destination() {
      return destination;
    }

    /** Sessions ended, and the current session's new token when it was re-keyed. */
    public SessionRenewal renewal() {
      return renewal;
    }

    @Override
    public boolean enrolled() {
      return true;
    }

    @Override
    public String toString() {
      return "Enrolled[channel=" + channel.code() + ", " + renewal + "]";
    }
  }

  /**
   * The code was refused; nothing changed.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements CodeEnrolResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean enrolled() {
      return false;
    }
  }

  /**
   * Too many wrong codes for this account or client: nothing was checked. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements CodeEnrolResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean enrolled() {
      return false;
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }

  /** Why a code was refused. Codes are stable. */
  enum Reason {
    /** Not six digits (spaces allowed): never looked up, not counted. */
    MALFORMED("malformed"),
    /** Wrong, already used, or expired. */
    INVALID("invalid"),
    /** No enrolment code was sent to this account (or it was replaced by a newer one). */
    NO_PENDING_CODE("no_pending_code");

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
