package dev.latchkey.events;

/**
 * What happened to an account's security settings. Codes are stable: hosts store them (login
 * history, audit tables) and later versions only add types.
 */
public enum SecurityEventType {
  /** Two-factor authentication was switched on (an authenticator app was confirmed). */
  TOTP_ENABLED("totp_enabled"),
  /** Two-factor authentication was switched off; the secret and backup codes are gone. */
  TOTP_DISABLED("totp_disabled"),
  /** A backup code was used (details: {@code remaining}). */
  BACKUP_CODE_USED("backup_code_used"),
  /** A new set of backup codes replaced the old one (details: {@code count}). */
  BACKUP_CODES_REGENERATED("backup_codes_regenerated");

  private final String code;

  SecurityEventType(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
