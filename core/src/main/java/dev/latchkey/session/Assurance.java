package dev.latchkey.session;

/** How strongly a session's holder was authenticated. Stored by its {@link #code()}. */
public enum Assurance {
  /** One factor (a password, or a provider sign-in). */
  SINGLE_FACTOR("single_factor"),
  /** A password (or provider) plus a second factor (TOTP or backup code). */
  MULTI_FACTOR("multi_factor"),
  /**
   * The first factor passed and a second one is still owed: a sign-in challenge, not a session.
   * {@link SessionRegistry#validate} never accepts it and {@link SessionRegistry#list} never shows it.
   */
  SECOND_FACTOR_PENDING("second_factor_pending");

  private final String code;

  Assurance(String code) {
    this.code = code;
  }

  /** The stable code stored in the session row. */
  public String code() {
    return code;
  }

  /** The level for a stored code; unknown codes read as the weaker {@link #SINGLE_FACTOR}. */
  public static Assurance fromCode(String code) {
    if (MULTI_FACTOR.code.equals(code)) {
      return MULTI_FACTOR;
    }
    return SECOND_FACTOR_PENDING.code.equals(code) ? SECOND_FACTOR_PENDING : SINGLE_FACTOR;
  }
}
