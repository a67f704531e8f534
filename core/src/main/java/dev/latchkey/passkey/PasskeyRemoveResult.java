package dev.latchkey.passkey;

import dev.latchkey.session.SessionRenewal;
import java.util.Objects;

/**
 * The outcome of {@link PasskeyRegistry#remove}. Every variant has a stable {@link #code()}.
 * Suggested HTTP answers: {@link Removed} 200, {@link NotFound} 404, {@link LastSignInMethod} 409,
 * {@link ReauthenticationRequired} 403.
 */
public sealed interface PasskeyRemoveResult {
  /**
   * The stable code: {@code removed}, {@code not_found}, {@code last_sign_in_method} or
   * {@code reauthentication_required}.
   */
  String code();

  /**
   * The passkey is gone: it no longer signs in. The account's other sessions were signed out and
   * the current one re-keyed ({@link #sessions()}). Not a record: it holds the new token.
   */
  final class Removed implements PasskeyRemoveResult {
    private final SessionRenewal sessions;

    Removed(SessionRenewal sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    /** {@code removed}. */
    @Override
    public String code() {
      return "removed";
    }

    @Override
    public String toString() {
      return "Removed[" + sessions + "]";
    }
  }

  /**
   * Refused before anything was looked at: the session's last authentication is older than the
   * {@link dev.latchkey.session.SensitiveAction#REMOVE_PASSKEY} window.
   */
  record ReauthenticationRequired() implements PasskeyRemoveResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }

  /** The account has no passkey with that credential id; nothing changed. */
  record NotFound() implements PasskeyRemoveResult {
    /** {@code not_found}. */
    @Override
    public String code() {
      return "not_found";
    }
  }

  /**
   * Refused: it is the account's last passkey and the account has no password and no connected
   * provider, so nothing would be left to sign in with. Nothing changed.
   */
  record LastSignInMethod() implements PasskeyRemoveResult {
    /** {@code last_sign_in_method}. */
    @Override
    public String code() {
      return "last_sign_in_method";
    }
  }
}
