package dev.latchkey.signin;

/**
 * A way an account proves who it is, as {@code Latchkey.factors(accountId)} lists them: a security
 * page shows which ones an account has and can recommend the authenticator app over SMS. Codes are
 * stable.
 */
public enum AccountFactor {
  /** A password is set. */
  PASSWORD("password"),
  /** An authenticator app (TOTP) is active. */
  TOTP("totp"),
  /** At least one unused backup code is left. */
  BACKUP_CODES("backup_codes"),
  /** At least one passkey is registered. */
  PASSKEY("passkey"),
  /** A phone number receives one-time codes by SMS. */
  SMS("sms"),
  /** An email address receives one-time codes. */
  EMAIL_CODE("email_code");

  private final String code;

  AccountFactor(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }

  /** Whether it is a second factor (owed after a password at sign-in). */
  public boolean isSecondFactor() {
    return this != PASSWORD && this != BACKUP_CODES;
  }
}
