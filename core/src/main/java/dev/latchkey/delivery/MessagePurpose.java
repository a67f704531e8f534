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
  ENROLMENT_CODE("enrolment_code");

  private final String code;

  MessagePurpose(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
