package dev.latchkey.passkey;

import dev.latchkey.session.SessionRenewal;
import java.util.Objects;

/**
 * The outcome of adding a verified passkey ({@link PasskeyRegistry#add}). Every variant has a
 * stable {@link #code()}.
 */
public sealed interface PasskeyAddResult {
  /** The stable code: {@code added} or {@code already_registered}. */
  String code();

  /**
   * The passkey is stored. The account's other sessions were signed out and the current one
   * re-keyed ({@link #sessions()}). Not a record: it holds the new token.
   */
  final class Added implements PasskeyAddResult {
    private final PasskeyInfo passkey;
    private final SessionRenewal sessions;

    Added(PasskeyInfo passkey, SessionRenewal sessions) {
      this.passkey = Objects.requireNonNull(passkey, "passkey");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The new passkey. */
    public PasskeyInfo passkey() {
      return passkey;
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    /** {@code added}. */
    @Override
    public String code() {
      return "added";
    }

    @Override
    public String toString() {
      return "Added[" + passkey + ", " + sessions + "]";
    }
  }

  /** The credential id is registered already (to this or another account); nothing changed. */
  record AlreadyRegistered() implements PasskeyAddResult {
    /** {@code already_registered}. */
    @Override
    public String code() {
      return "already_registered";
    }
  }
}
