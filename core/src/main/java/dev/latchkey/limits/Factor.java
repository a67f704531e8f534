package dev.latchkey.limits;

/** A guessable factor. Each has its own counters, so guessing one never locks out another. */
public enum Factor {
  /** The password at sign-in. */
  PASSWORD("password"),
  /** An authenticator-app code. */
  TOTP("totp"),
  /** A backup code. */
  BACKUP_CODE("backup_code"),
  /** The current password when changing it. */
  CURRENT_PASSWORD("current_password"),
  /**
   * Wrong codes against one sign-in challenge (counted per challenge, not per account): the
   * challenge is void once its allowance ({@code SignInSettings.challengeMaxFailures()}) is used.
   */
  SIGN_IN_CHALLENGE("sign_in_challenge"),
  /** A one-time code sent by SMS or email (at sign-in, or to confirm an enrolment). */
  ONE_TIME_CODE("one_time_code"),
  /**
   * Sending a one-time code (SMS costs money; "SMS pumping" sends to premium numbers): counted per
   * account and per client address, whether or not the code is ever used.
   */
  CODE_SEND("code_send"),
  /** Sending a one-time code, counted per destination (a hash of the number or address). */
  CODE_SEND_DESTINATION("code_send_destination"),
  /** The cool-down between two sends of a code to one account. */
  CODE_RESEND("code_resend"),
  /**
   * A link sent by email for account recovery (password reset, email verification, email change),
   * counted per address (under a hash of it) and per client address.
   */
  LINK_SEND("link_send");

  private final String code;

  Factor(String code) {
    this.code = code;
  }

  /** The stable code stored with the counter. */
  public String code() {
    return code;
  }
}
