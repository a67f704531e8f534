package dev.latchkey.delivery;

/**
 * Why a message is sent, so an adapter can pick its subject and wording. Codes are stable; an
 * adapter must handle every constant (a later Latchkey version may add some: fall back to a
 * neutral text rather than fail).
 */
public enum MessagePurpose {
  /** A one-time code that completes a sign-in (the second factor). */
  SIGN_IN_CODE("sign_in_code"),
  /** A one-time code that confirms a phone number or email address being added as a factor. */
  ENROLMENT_CODE("enrolment_code"),
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
  EMAIL_CHANGED("email_changed");

  private final String code;

  MessagePurpose(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
