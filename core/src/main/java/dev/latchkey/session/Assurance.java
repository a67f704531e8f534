package dev.latchkey.session;

/** How strongly a session's holder was authenticated. Stored by its {@link #code()}. */
public enum Assurance {
  /** One factor (a password, or a provider sign-in). */
  SINGLE_FACTOR("single_factor"),
  /** A password (or provider) plus a second factor (TOTP or backup code). */
  MULTI_FACTOR("multi_factor");

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
    return MULTI_FACTOR.code.equals(code) ? MULTI_FACTOR : SINGLE_FACTOR;
  }
}
