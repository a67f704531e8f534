package dev.latchkey.connected;

import dev.latchkey.session.SessionRenewal;
import java.util.Objects;

/**
 * The outcome of {@link ConnectedAccounts#unlink}. Every variant has a stable {@link #code()}.
 *
 * <p>Suggested HTTP answers: {@link Unlinked} 200 (with the number of sessions ended),
 * {@link NotLinked} 404, {@link LastSignInMethod} 409, {@link ReauthenticationRequired} 403.
 */
public sealed interface ConnectedAccountUnlinkResult {

  /**
   * The stable code: {@code unlinked}, {@code not_linked}, {@code last_sign_in_method} or
   * {@code reauthentication_required}.
   */
  String code();

  /** Whether this call disconnected the provider. */
  default boolean isUnlinked() {
    return false;
  }

  /**
   * The provider is disconnected: its identity no longer opens this account. The account's other
   * sessions were signed out and the current one re-keyed ({@link #sessions()}). Not a record: it
   * holds the new token.
   */
  final class Unlinked implements ConnectedAccountUnlinkResult {
    private final SessionRenewal sessions;

    Unlinked(SessionRenewal sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    /** {@code unlinked}. */
    @Override
    public String code() {
      return "unlinked";
    }

    @Override
    public boolean isUnlinked() {
      return true;
    }

    @Override
    public String toString() {
      return "Unlinked[" + sessions + "]";
    }
  }

  /**
   * Refused before anything was looked at: the session's last authentication is older than the
   * {@link dev.latchkey.session.SensitiveAction#UNLINK_SIGN_IN_METHOD} window. Ask the user to
   * re-authenticate, then retry.
   */
  record ReauthenticationRequired() implements ConnectedAccountUnlinkResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
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
