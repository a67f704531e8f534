package dev.latchkey.connected;

/**
 * The outcome of {@link ConnectedAccounts#unlink}. Every variant has a stable {@link #code()}.
 *
 * <p>Suggested HTTP answers: {@link Unlinked} 204, {@link NotLinked} 404,
 * {@link LastSignInMethod} 409.
 */
public sealed interface ConnectedAccountUnlinkResult {

  /** The stable code: {@code unlinked}, {@code not_linked} or {@code last_sign_in_method}. */
  String code();

  /** Whether this call disconnected the provider. */
  default boolean isUnlinked() {
    return false;
  }

  /** The provider is disconnected: its identity no longer opens this account. */
  record Unlinked() implements ConnectedAccountUnlinkResult {
    /** {@code unlinked}. */
    @Override
    public String code() {
      return "unlinked";
    }

    @Override
    public boolean isUnlinked() {
      return true;
    }
  }

  /** The account has no identity at this provider (or the provider code is malformed). */
  record NotLinked() implements ConnectedAccountUnlinkResult {
    /** {@code not_linked}. */
    @Override
    public String code() {
      return "not_linked";
    }
  }

  /**
   * Refused: the last remaining sign-in method cannot be disconnected. The account has no password
   * and no other provider; set a password or connect another provider first. Nothing changed.
   */
  record LastSignInMethod() implements ConnectedAccountUnlinkResult {
    /** {@code last_sign_in_method}. */
    @Override
    public String code() {
      return "last_sign_in_method";
    }
  }
}
