package dev.latchkey.limits;

/** A guessable factor. Each has its own counters, so guessing one never locks out another. */
public enum Factor {
  /** The password at sign-in. */
  PASSWORD("password"),
  /** An authenticator-app code. */
  TOTP("totp"),
  /** A backup code. */
  BACKUP_CODE("backup_code"),
  /** The current password when changing it. */
  CURRENT_PASSWORD("current_password"),
  /**
   * Wrong codes against one sign-in challenge (counted per challenge, not per account): the
   * challenge is void once its allowance ({@code SignInSettings.challengeMaxFailures()}) is used.
   */
  SIGN_IN_CHALLENGE("sign_in_challenge");

  private final String code;

  Factor(String code) {
    this.code = code;
  }

  /** The stable code stored with the counter. */
  public String code() {
    return code;
  }
}
