package dev.latchkey.metrics;

/**
 * The guessable factor of an attempt that a lock refused: the same factors, with the same codes,
 * as {@code dev.latchkey.limits.Factor} (which this package cannot name: the limiter reports
 * through it).
 */
public enum LimitedFactor {
  /** The password at sign-in (and re-authentication). */
  PASSWORD("password"),
  /** An authenticator-app code. */
  TOTP("totp"),
  /** A backup code. */
  BACKUP_CODE("backup_code"),
  /** The current password when changing it. */
  CURRENT_PASSWORD("current_password"),
  /** Wrong codes against one sign-in challenge. */
  SIGN_IN_CHALLENGE("sign_in_challenge"),
  /** A one-time code sent by SMS or email. */
  ONE_TIME_CODE("one_time_code"),
  /** Sending a one-time code, per account or client address. */
  CODE_SEND("code_send"),
  /** Sending a one-time code, per destination. */
  CODE_SEND_DESTINATION("code_send_destination"),
  /** The cool-down between two sends of a code. */
  CODE_RESEND("code_resend"),
  /** Sending an account-recovery link (password reset, email verification or change). */
  LINK_SEND("link_send");

  private final String code;

  LimitedFactor(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
