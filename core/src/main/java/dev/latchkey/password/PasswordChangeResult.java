package dev.latchkey.password;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.session.SessionRenewal;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link AccountPasswords#change}. A sealed type: switch over it. Every outcome has a
 * stable {@link #code()} for API responses; none repeats a password.
 */
public sealed interface PasswordChangeResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The password was changed: the account's other sessions were signed out and the current one
   * re-keyed ({@link #sessions()}; set its new token as the cookie). Not a record: it holds that
   * token.
   */
  final class Changed implements PasswordChangeResult {
    private final SessionRenewal sessions;

    Changed(SessionRenewal sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** How many other sessions of the account were signed out (0 when the host keeps them). */
    public int otherSessionsEnded() {
      return sessions.otherSessionsEnded();
    }

    /** What the change did to the account's sessions, with the current session's new token. */
    public SessionRenewal sessions() {
      return sessions;
    }

    @Override
    public String code() {
      return "changed";
    }

    @Override
    public String toString() {
      return "Changed[" + sessions + "]";
    }
  }

  /** The current password was wrong; the attempt counts toward the lock (answer 403 or 422). */
  record WrongCurrentPassword() implements PasswordChangeResult {
    @Override
    public String code() {
      return "wrong_current_password";
    }
  }

  /**
   * Too many wrong current passwords for this account or client: nothing was checked. Answer 429
   * with {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait
   */
  record Locked(Duration retryAfter) implements PasswordChangeResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }

    @Override
    public String code() {
      return "locked";
    }
  }

  /**
   * The current password was right but the new one breaks the policy (including
   * {@link PasswordViolation.Code#SAME_AS_CURRENT}); nothing changed. Answer 422 with the
   * violations.
   *
   * @param validation the policy's verdict
   */
  record Rejected(PasswordValidation validation) implements PasswordChangeResult {
    /** Requires a verdict. */
    public Rejected {
      Objects.requireNonNull(validation, "validation");
    }

    @Override
    public String code() {
      return "rejected";
    }
  }

  /**
   * The change was refused before anything was checked.
   *
   * @param reason why
   */
  record NotAllowed(Reason reason) implements PasswordChangeResult {
    /** Requires a reason. */
    public NotAllowed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /** Why a change was refused outright. */
  enum Reason {
    /**
     * The account has no password (it signs in through a provider): offer
     * {@link AccountPasswords#set} instead.
     */
    NO_PASSWORD("no_password"),
    /**
     * The session is not fully authenticated (an enrollment-only session): it may only enrol a
     * second factor.
     */
    SESSION_RESTRICTED("session_restricted");

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
