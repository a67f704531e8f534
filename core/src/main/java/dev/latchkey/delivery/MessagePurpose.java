package dev.latchkey.delivery;

/**
 * Why a message is sent, so an adapter can pick its subject and wording. Codes are stable; an
 * adapter must handle every constant (a later Latchkey version may add some: fall back to a
 * neutral text rather than fail).
 *
 * <p>Two kinds: codes (the content is a one-time code that proves something) and
 * {@linkplain #isNotice() notices} from {@link SecurityNotifications} (the content is a few lines of
 * plain facts: when, which device, where; never a secret).
 */
public enum MessagePurpose {
  /** A one-time code that completes a sign-in (the second factor). */
  SIGN_IN_CODE("sign_in_code"),
  /** A one-time code that confirms a phone number or email address being added as a factor. */
  ENROLMENT_CODE("enrolment_code"),
  /**
   * A one-time code, sent to an enrolled phone or address, that confirms a password reset of an
   * account whose second factor is SMS or email codes.
   */
  PASSWORD_RESET_CODE("password_reset_code"),
  /** A link that sets a new password for a person who forgot theirs (the content is the link). */
  PASSWORD_RESET_LINK("password_reset_link"),
  /** A link that verifies the address given at sign-up. */
  EMAIL_VERIFICATION_LINK("email_verification_link"),
  /**
   * A notice to the owner of an address that someone tried to sign up with it (the content is
   * the sign-in page's link).
   */
  SIGN_UP_ATTEMPT("sign_up_attempt"),
  /** A link, sent to a new address, that confirms an account's change of email to it. */
  EMAIL_CHANGE_LINK("email_change_link"),
  /**
   * A notice to the old address that the account's email changed, with a link that undoes the
   * change.
   */
  EMAIL_CHANGED("email_changed"),
  /** A notice: the account was signed in to from a device and location never seen before. */
  NEW_SIGN_IN_NOTICE("new_sign_in_notice"),
  /** A notice: the password was changed (or set) by the holder of a session. */
  PASSWORD_CHANGED_NOTICE("password_changed_notice"),
  /** A notice: the password was reset (account recovery); every session ended. */
  PASSWORD_RESET_NOTICE("password_reset_notice"),
  /** A notice: a second factor was turned off (the authenticator app, or SMS / email codes). */
  TWO_FACTOR_DISABLED_NOTICE("two_factor_disabled_notice"),
  /** A notice: a backup code was used, with how many are left. */
  BACKUP_CODE_USED_NOTICE("backup_code_used_notice"),
  /** A notice: an API key was created (its name and permission; never the key). */
  API_KEY_CREATED_NOTICE("api_key_created_notice");

  private final String code;

  MessagePurpose(String code) {
    this.code = code;
  }

  /**
   * Whether this is a security notice (its content is plain facts to show as they are) rather
   * than a code (its content a secret that proves something).
   */
  public boolean isNotice() {
    return code.endsWith("_notice");
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
