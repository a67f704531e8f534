package dev.latchkey.delivery;

import dev.latchkey.events.SecurityEventType;
import java.util.Set;

/**
 * A kind of security notice {@link SecurityNotifications} can send to an account's owner. Each
 * one can be switched off by the host. Codes are stable.
 */
public enum SecurityNotice {
  /**
   * A sign-in from a device and location the account was never signed in from before
   * ({@link SecurityEventType#SIGN_IN_SUCCEEDED} flagged {@code suspicious}).
   */
  NEW_SIGN_IN("new_sign_in", MessagePurpose.NEW_SIGN_IN_NOTICE,
      Set.of(SecurityEventType.SIGN_IN_SUCCEEDED)),
  /**
   * The password was changed by the holder of a session ({@link SecurityEventType#PASSWORD_CHANGED}),
   * or one was added to an account that had none ({@link SecurityEventType#PASSWORD_SET}).
   */
  PASSWORD_CHANGED("password_changed", MessagePurpose.PASSWORD_CHANGED_NOTICE,
      Set.of(SecurityEventType.PASSWORD_CHANGED, SecurityEventType.PASSWORD_SET)),
  /** The password was reset through account recovery ({@link SecurityEventType#PASSWORD_RESET}). */
  PASSWORD_RESET("password_reset", MessagePurpose.PASSWORD_RESET_NOTICE,
      Set.of(SecurityEventType.PASSWORD_RESET)),
  /**
   * A second factor was turned off: the authenticator app ({@link SecurityEventType#TOTP_DISABLED})
   * or a phone number or address for one-time codes ({@link SecurityEventType#CODE_FACTOR_REMOVED}).
   */
  TWO_FACTOR_DISABLED("two_factor_disabled", MessagePurpose.TWO_FACTOR_DISABLED_NOTICE,
      Set.of(SecurityEventType.TOTP_DISABLED, SecurityEventType.CODE_FACTOR_REMOVED)),
  /** A backup code was used, with how many are left ({@link SecurityEventType#BACKUP_CODE_USED}). */
  BACKUP_CODE_USED("backup_code_used", MessagePurpose.BACKUP_CODE_USED_NOTICE,
      Set.of(SecurityEventType.BACKUP_CODE_USED)),
  /** An API key was created: its name and permission, never the key ({@link SecurityEventType#API_KEY_CREATED}). */
  API_KEY_CREATED("api_key_created", MessagePurpose.API_KEY_CREATED_NOTICE,
      Set.of(SecurityEventType.API_KEY_CREATED));

  private final String code;
  private final MessagePurpose purpose;
  private final Set<SecurityEventType> events;

  SecurityNotice(String code, MessagePurpose purpose, Set<SecurityEventType> events) {
    this.code = code;
    this.purpose = purpose;
    this.events = events;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }

  /** The purpose of the messages it sends (their wording in {@link MessageTexts}). */
  public MessagePurpose purpose() {
    return purpose;
  }

  /** The event types that send it (a sign-in only when flagged suspicious). */
  public Set<SecurityEventType> events() {
    return events;
  }
}
