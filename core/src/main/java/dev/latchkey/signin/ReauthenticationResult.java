package dev.latchkey.signin;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of {@link Reauthenticator#withPassword} and {@link Reauthenticator#withCode}. Every
 * variant has a stable {@link #code()}.
 *
 * <p>Suggested HTTP answers: {@link Reauthenticated} 200; {@link Rejected} 422 (the caller is
 * signed in: a 401 would read as "signed out"), except {@link Reason#SESSION_ENDED} 401;
 * {@link Locked} 429 with {@code Retry-After}.
 */
public sealed interface ReauthenticationResult {

  /** The stable code: {@code reauthenticated}, a {@link Reason}'s code or {@code too_many_attempts}. */
  String code();

  /**
   * The factor was right: the session's authentication time is now {@code authenticatedAt}, so
   * sensitive actions are allowed again for their window.
   *
   * @param authenticatedAt the session's new authentication time
   */
  record Reauthenticated(Instant authenticatedAt) implements ReauthenticationResult {
    /** Requires the time. */
    public Reauthenticated {
      Objects.requireNonNull(authenticatedAt, "authenticatedAt");
    }

    /** {@code reauthenticated}. */
    @Override
    public String code() {
      return "reauthenticated";
    }
  }

  /**
   * Refused; the session's authentication time did not change.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements ReauthenticationResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /**
   * Too many attempts at this factor for this account or client: nothing was checked. Answer 429
   * with {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait
   */
  record Locked(Duration retryAfter) implements ReauthenticationResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }

    /** {@code too_many_attempts}. */
    @Override
    public String code() {
      return "too_many_attempts";
    }
  }

  /** Why a re-authentication was refused. Codes are stable. */
  enum Reason {
    /** The password is wrong (counted toward the account's password lock). */
    INVALID_PASSWORD("invalid_password"),
    /**
     * Neither a current TOTP code (unused time step) nor an unused backup code of the account, or
     * the account has no two-factor authentication.
     */
    INVALID_CODE("invalid_code"),
    /** The account has no password (it signs in through a provider): use a code instead. */
    NO_PASSWORD("no_password"),
    /** The session was revoked while the factor was checked: sign in again. */
    SESSION_ENDED("session_ended");

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
