package dev.latchkey.internal;

/**
 * The HKDF info strings, one per use of the key ring. Not API. Changing one makes every stored
 * value of that purpose unreadable: add a {@code v2} instead.
 */
public final class KeyPurpose {
  /** AES-256-GCM encryption of TOTP shared secrets. */
  public static final String TOTP_SECRET = "latchkey totp-secret v1";
  /** HMAC-SHA-256 of backup codes. */
  public static final String BACKUP_CODE_MAC = "latchkey backup-code-mac v1";
  /** HMAC-SHA-256 of SMS and email one-time codes. */
  public static final String ONE_TIME_CODE_MAC = "latchkey one-time-code-mac v1";

  /** HMAC-SHA-256 of an account's password state, which binds a password-reset link to it. */
  public static final String PASSWORD_FINGERPRINT_MAC = "latchkey password-fingerprint-mac v1";

  /**
   * HMAC-SHA-256 of a phone number or email address, the subject of its send counter. A plain
   * SHA-256 would keep the numbers out of the counter table only in name: every phone number of a
   * country is a few billion guesses, so a reader of the table could reverse them all.
   */
  public static final String SEND_COUNTER_MAC = "latchkey send-counter-mac v1";

  private KeyPurpose() {}
}
