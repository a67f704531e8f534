package dev.latchkey.session;

/** How strongly a session's holder was authenticated. Stored by its {@link #code()}. */
public enum Assurance {
  /** One factor (a password, or a provider sign-in). */
  SINGLE_FACTOR("single_factor"),
  /** A password (or provider) plus a second factor (TOTP or backup code). */
  MULTI_FACTOR("multi_factor"),
  /**
   * A restricted session: the password was right, but the account must enrol a second factor
   * before it may do anything else (the host's {@code TwoFactorRequirement} says so and its grace
   * period is over). {@link SessionRegistry#validate} accepts it — so the enrolment pages work — but
   * the {@link ValidatedSession} says {@link ValidatedSession#enrollmentOnly()}, and hosts must
   * serve only the two-factor enrolment endpoints (and sign-out) to it. Check
   * {@link ValidatedSession#isFullyAuthenticated()} everywhere else.
   */
  ENROLLMENT_ONLY("enrollment_only");

  private final String code;

  Assurance(String code) {
    this.code = code;
  }

  /** The stable code stored in the session row. */
  public String code() {
    return code;
  }

  /**
   * The level for a stored code. An unknown code (written by a newer version sharing the database,
   * or corrupt) reads as the most restricted level a session can have, {@link #ENROLLMENT_ONLY}:
   * failing closed, never granting more than was meant.
   */
  public static Assurance fromCode(String code) {
    for (Assurance a : values()) {
      if (a.code.equals(code)) {
        return a;
      }
    }
    return ENROLLMENT_ONLY;
  }
}
