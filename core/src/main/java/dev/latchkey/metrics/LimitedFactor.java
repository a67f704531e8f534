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
  SIGN_IN_CHALLENGE("sign_in_challenge");

  private final String code;

  LimitedFactor(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
