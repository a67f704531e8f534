package dev.latchkey.session;

/**
 * An action that needs a recent authentication: the holder of the session must have signed in, or
 * re-authenticated (password, or a TOTP or backup code), within the action's window
 * ({@link RecentAuthentication#window(SensitiveAction)}). Codes are stable.
 *
 * <p>The services check their own actions; a host checks its own ones (an e-mail change) with
 * {@link SessionRegistry#isRecentlyAuthenticated}.
 */
public enum SensitiveAction {
  /**
   * Creating or rotating an API key that can change things: {@code read_write}, {@code admin}, or
   * one with custom scopes ({@code ApiKeyService.create(ValidatedSession, …)}, {@code rotate}).
   */
  CREATE_POWERFUL_API_KEY("create_powerful_api_key"),
  /** Switching two-factor authentication off. */
  DISABLE_TWO_FACTOR("disable_two_factor"),
  /** Replacing the backup codes with a new set (which the caller then sees). */
  REGENERATE_BACKUP_CODES("regenerate_backup_codes"),
  /** Connecting a sign-in provider: a new way into the account. */
  LINK_SIGN_IN_METHOD("link_sign_in_method"),
  /** Disconnecting a sign-in provider. */
  UNLINK_SIGN_IN_METHOD("unlink_sign_in_method"),
  /** Changing the account's e-mail address (the host's own flow: check it yourself). */
  CHANGE_EMAIL("change_email"),
  /** Registering a passkey: a new way into the account. */
  ADD_PASSKEY("add_passkey"),
  /** Removing a passkey. */
  REMOVE_PASSKEY("remove_passkey");

  private final String code;

  SensitiveAction(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
