package dev.latchkey.totp;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.session.SessionRenewal;
import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link TotpEnroller#disable}. */
public sealed interface DisableResult {

  /** Whether two-factor authentication was switched off by this call. */
  boolean isDisabled();

  /**
   * Switched off: the secret and every backup code are deleted, the account's other sessions are
   * signed out and the current one has a new token ({@link #sessions()}). Not a record: it holds
   * that token.
   */
  final class Disabled implements DisableResult {
    private final SessionRenewal sessions;

    Disabled(SessionRenewal sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    @Override
    public boolean isDisabled() {
      return true;
    }

    @Override
    public String toString() {
      return "Disabled[" + sessions + "]";
    }
  }

  /**
   * Refused before any code was looked at or counted: the session's last authentication is older
   * than the {@link dev.latchkey.session.SensitiveAction#DISABLE_TWO_FACTOR} window (or, for
   * {@link TotpEnroller#disable(dev.latchkey.session.ValidatedSession, Duration)}, the session is
   * not multi-factor or not recent enough). Ask the user to re-authenticate
   * ({@code Latchkey.reauthenticator()}), then retry; nothing changed.
   */
  record ReauthenticationRequired() implements DisableResult {
    @Override
    public boolean isDisabled() {
      return false;
    }

    /** Stable code: {@code reauthentication_required}. */
    public String code() {
      return "reauthentication_required";
    }
  }

  /**
   * Refused; nothing changed.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements DisableResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isDisabled() {
      return false;
    }
  }

  /**
   * Too many attempts for this account or client: the code was not checked and nothing changed.
   * Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements DisableResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean isDisabled() {
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

  /** Why disabling was refused. Codes are stable. */
  enum Reason {
    /** Two-factor authentication is not active for the account. */
    NOT_ENROLLED("not_enrolled"),
    /** Neither a TOTP code nor a backup code in form. */
    MALFORMED_CODE("malformed_code"),
    /** Not a current TOTP code nor an unused backup code of the account. */
    INVALID_CODE("invalid_code"),
    /** A TOTP code whose time step was already used. */
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
