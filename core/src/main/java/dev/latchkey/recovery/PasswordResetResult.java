package dev.latchkey.recovery;

import dev.latchkey.internal.RetryAfter;
import dev.latchkey.password.PasswordValidation;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of setting a new password from a reset link ({@link PasswordResets#complete}).
 * Only {@link Reset} used the link; every other outcome leaves it working (until it expires), so
 * the person can fix a weak password or a mistyped code and try again.
 */
public sealed interface PasswordResetResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The password was replaced: every session of the account ended, its password lockout was
   * cleared, and {@code password.reset} recorded. The person signs in with the new password.
   *
   * @param accountId the account whose password this was
   * @param sessionsEnded how many sessions were signed out
   */
  record Reset(String accountId, int sessionsEnded) implements PasswordResetResult {
    /** Requires the account. */
    public Reset {
      Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public String code() {
      return "reset";
    }
  }

  /**
   * The link is not usable; nothing changed. Ask for a new link.
   *
   * @param reason why
   */
  record InvalidLink(LinkRejection reason) implements PasswordResetResult {
    /** Requires a reason. */
    public InvalidLink {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /**
   * The new password breaks the policy; the link still works. Answer 422 with the violations.
   *
   * @param validation the policy's verdict
   */
  record PasswordRejected(PasswordValidation validation) implements PasswordResetResult {
    /** Requires a verdict. */
    public PasswordRejected {
      Objects.requireNonNull(validation, "validation");
    }

    @Override
    public String code() {
      return "password_rejected";
    }
  }

  /**
   * The account has two-factor authentication and no code came with the new password; the link
   * still works. Ask for an authenticator code or a backup code and send the form again.
   */
  record SecondFactorRequired() implements PasswordResetResult {
    @Override
    public String code() {
      return "second_factor_required";
    }
  }

  /** The second-factor code was wrong (counted against its attempt limits); the link still works. */
  record InvalidSecondFactor() implements PasswordResetResult {
    @Override
    public String code() {
      return "invalid_second_factor";
    }
  }

  /**
   * The second factor's attempt limit refused without checking the code; the link still works.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements PasswordResetResult {
    /** Requires the wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public String code() {
      return "locked";
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }
}
