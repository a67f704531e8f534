package dev.latchkey.events;

import java.util.Optional;

/**
 * What happened to an account. The {@link #code()}s are stable: stores persist them, hosts keep
 * them in audit tables and switch on them in e-mail templates; later versions only add types.
 *
 * <p>Codes are lower-case, dot-separated ({@code sign_in.failed}); a login-history page can group
 * them by the part before the dot.
 */
public enum SecurityEventType {
  /**
   * A sign-in completed and a session was created (details: {@code method} — {@code password},
   * {@code totp}, {@code backup_code} or a provider name; {@code restricted=enrollment_only} when
   * the session may only enrol a second factor). {@link SecurityEvent#suspicious()} is set when the
   * device and location were never seen in a successful sign-in of the account before.
   */
  SIGN_IN_SUCCEEDED("sign_in.succeeded"),
  /**
   * A password or second-factor code was checked and was wrong (details: {@code factor}). A wrong
   * password for a login name that matches no account is recorded too — the same store work as for
   * a real account — under the account id {@code SignInService.UNKNOWN_ACCOUNT_ID}
   * ({@code login:unknown}), which no real account has; so is the lock it may cause.
   */
  SIGN_IN_FAILED("sign_in.failed"),
  /**
   * A failed attempt locked the account for a while (details: {@code factor},
   * {@code retry_after_seconds}, {@code hard_stop}). Recorded once per lock, not per refused attempt.
   */
  SIGN_IN_LOCKED("sign_in.locked"),
  /** The holder of a session ended it (log out). */
  SIGN_OUT("sign_out"),
  /**
   * Sessions were ended from the session list or by the host (details: {@code scope} — {@code one},
   * {@code others} or {@code all}; {@code count} for the last two; {@code by_session_id}, the
   * session that ended another one from the session list).
   */
  SESSION_REVOKED("session.revoked"),
  /** The password was changed by its owner (details: {@code other_sessions_ended}). */
  PASSWORD_CHANGED("password.changed"),
  /**
   * A password was added to an account that had none (signed up through a provider; details:
   * {@code other_sessions_ended}).
   */
  PASSWORD_SET("password.set"),
  /**
   * Two-factor authentication was switched on (an authenticator app was confirmed; details:
   * {@code algorithm}, {@code backup_codes}, {@code other_sessions_ended}).
   */
  TOTP_ENABLED("totp.enabled"),
  /**
   * Two-factor authentication was switched off; the secret and backup codes are gone (details:
   * {@code method}, {@code other_sessions_ended}).
   */
  TOTP_DISABLED("totp.disabled"),
  /** A backup code was used (details: {@code remaining}). */
  BACKUP_CODE_USED("backup_code.used"),
  /**
   * A backup code used a moment before was given back because the sign-in it was spent on could
   * not be completed (details: {@code remaining}). Recorded on a best-effort basis.
   */
  BACKUP_CODE_RESTORED("backup_code.restored"),
  /**
   * A new set of backup codes replaced the old one (details: {@code count},
   * {@code other_sessions_ended}).
   */
  BACKUP_CODES_REGENERATED("backup_codes.regenerated"),
  /**
   * An API key was created (details: {@code key_id}, {@code key_name}, {@code permission} — its
   * code, such as {@code read_only}).
   */
  API_KEY_CREATED("api_key.created"),
  /**
   * API keys were revoked (details: {@code key_id} and {@code key_name}, or {@code scope=all};
   * {@code reason=leaked} when a leaked key was reported).
   */
  API_KEY_REVOKED("api_key.revoked"),
  /**
   * An API key was rotated: a replacement was issued (details: {@code key_id} and
   * {@code key_name} of the old key, {@code replacement_id}, {@code grace_seconds} — how long the
   * old key keeps working).
   */
  API_KEY_ROTATED("api_key.rotated"),
  /**
   * An external identity (an OAuth provider) was connected to the account (details:
   * {@code provider}, {@code other_sessions_ended}).
   */
  CONNECTED_ACCOUNT_ADDED("connected_account.added"),
  /**
   * An external identity was disconnected from the account (details: {@code provider},
   * {@code other_sessions_ended}).
   */
  CONNECTED_ACCOUNT_REMOVED("connected_account.removed"),
  /**
   * The password was replaced on the host's authority, for no session (a reset after account
   * recovery): every session of the account ended and its password attempt counters were cleared
   * (details: {@code other_sessions_ended}).
   */
  PASSWORD_RESET("password.reset"),
  /**
   * The holder of a session proved a factor again, so sensitive actions are allowed for a while
   * (details: {@code method} — {@code password}, {@code totp} or {@code backup_code}).
   */
  SESSION_REAUTHENTICATED("session.reauthenticated"),
  /**
   * A passkey was registered (details: {@code credential}, the start of its credential id, and
   * {@code other_sessions_ended}).
   */
  PASSKEY_ADDED("passkey.added"),
  /** A passkey was renamed (details: {@code credential}). */
  PASSKEY_RENAMED("passkey.renamed"),
  /** A passkey was removed (details: {@code credential}, {@code other_sessions_ended}). */
  PASSKEY_REMOVED("passkey.removed"),
  /**
   * A passkey answered with a signature counter that did not move forward: the credential may have
   * been cloned. The assertion was refused (details: {@code credential}, {@code stored_count},
   * {@code received_count}).
   */
  PASSKEY_CLONE_SUSPECTED("passkey.clone_suspected"),
  /**
   * The first factor was right and a second one was asked for (details: {@code method} — the
   * first factor, {@code password} or a provider name). Followed by
   * {@link #SIGN_IN_SUCCEEDED} or {@link #SIGN_IN_FAILED} ({@code factor=totp},
   * {@code backup_code}, {@code passkey}, {@code sms} or {@code email}) when the second step is
   * tried; alone, it marks a second step never completed — someone who knows the password,
   * stopped by two-factor authentication.
   */
  SIGN_IN_SECOND_FACTOR_REQUIRED("sign_in.second_factor_required"),
  /**
   * A phone number or email address was confirmed as a second factor for one-time codes (details:
   * {@code channel}, {@code destination} masked, {@code other_sessions_ended}).
   */
  CODE_FACTOR_ADDED("code_factor.added"),
  /**
   * A phone number or email address stopped being a second factor (details: {@code channel},
   * {@code other_sessions_ended}).
   */
  CODE_FACTOR_REMOVED("code_factor.removed"),
  /** The address given at sign-up was verified through its link (details: {@code email}, masked). */
  EMAIL_VERIFIED("email.verified"),
  /**
   * The holder of a session asked to change the account's email; a confirmation link went to the
   * new address (details: {@code new_email}, masked).
   */
  EMAIL_CHANGE_REQUESTED("email.change_requested"),
  /**
   * The new address was confirmed: the host changes the account's email, and the old address got
   * a link that undoes it (details: {@code old_email}, {@code new_email}, masked).
   */
  EMAIL_CHANGED("email.changed"),
  /**
   * An email change was undone from the link sent to the old address; every session of the
   * account ended (details: {@code restored_email}, masked, {@code sessions_ended}).
   */
  EMAIL_CHANGE_UNDONE("email.change_undone");

  private final String code;

  SecurityEventType(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }

  /**
   * The type with this code.
   *
   * @return empty for {@code null} and for codes this version does not know (written by a newer
   *     one)
   */
  public static Optional<SecurityEventType> fromCode(String code) {
    if (code != null) {
      for (SecurityEventType t : values()) {
        if (t.code.equals(code)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }
}
