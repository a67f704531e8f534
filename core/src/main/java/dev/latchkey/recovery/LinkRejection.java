package dev.latchkey.recovery;

/**
 * Why a recovery link's token was refused. Codes are stable. None says whether the token ever
 * existed for some account: a page answers "this link is no longer valid, ask for a new one".
 */
public enum LinkRejection {
  /** Malformed, unknown, already used, replaced by a newer link, or for another purpose. */
  INVALID_TOKEN("invalid_token"),
  /** Past its lifetime. */
  EXPIRED("expired"),
  /** A password-reset link whose account's password changed since it was sent. */
  PASSWORD_CHANGED("password_changed");

  private final String code;

  LinkRejection(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
