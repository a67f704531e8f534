package dev.latchkey.connected;

import dev.latchkey.session.SessionRenewal;
import java.util.Objects;

/**
 * The outcome of {@link ConnectedAccounts#link}. Every variant has a stable {@link #code()}.
 *
 * <p>Suggested HTTP answers: {@link Linked} 201, {@link AlreadyLinkedToThisAccount} 200,
 * {@link LinkedToAnotherAccount} and {@link ProviderAlreadyLinked} 409, {@link Invalid} 422,
 * {@link ReauthenticationRequired} 403.
 */
public sealed interface ConnectedAccountLinkResult {

  /** The stable code, such as {@code linked} or {@code linked_to_another_account}. */
  String code();

  /** Whether this call linked the identity. */
  default boolean isLinked() {
    return false;
  }

  /**
   * The identity is now connected to the account: a new way to sign in, so the account's other
   * sessions were signed out and the current one re-keyed ({@link #sessions()}). Not a record: it
   * holds the new token.
   */
  final class Linked implements ConnectedAccountLinkResult {
    private final ConnectedAccount account;
    private final SessionRenewal sessions;

    Linked(ConnectedAccount account, SessionRenewal sessions) {
      this.account = Objects.requireNonNull(account, "account");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** What was stored. */
    public ConnectedAccount account() {
      return account;
    }

    /** What the change did to the account's sessions: set its new session as the cookie. */
    public SessionRenewal sessions() {
      return sessions;
    }

    /** {@code linked}. */
    @Override
    public String code() {
      return "linked";
    }

    @Override
    public boolean isLinked() {
      return true;
    }

    @Override
    public String toString() {
      return "Linked[" + account + ", " + sessions + "]";
    }
  }

  /**
   * Refused before anything was stored: the session's last authentication is older than the
   * {@link dev.latchkey.session.SensitiveAction#LINK_SIGN_IN_METHOD} window. Ask the user to
   * re-authenticate, then retry.
   */
  record ReauthenticationRequired() implements ConnectedAccountLinkResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }

  /** The identity was already connected to this account; nothing changed. */
  record AlreadyLinkedToThisAccount() implements ConnectedAccountLinkResult {
    /** {@code already_linked}. */
    @Override
    public String code() {
      return "already_linked";
    }
  }

  /**
   * The identity is connected to another account; nothing changed. Deliberately does not say
   * which: tell the user to sign in with that identity instead, or to disconnect it there first.
   */
  record LinkedToAnotherAccount() implements ConnectedAccountLinkResult {
    /** {@code linked_to_another_account}. */
    @Override
    public String code() {
      return "linked_to_another_account";
    }
  }

  /**
   * The account already has another identity at this provider (one identity per provider per
   * account); disconnect it first. Nothing changed.
   */
  record ProviderAlreadyLinked() implements ConnectedAccountLinkResult {
    /** {@code provider_already_linked}. */
    @Override
    public String code() {
      return "provider_already_linked";
    }
  }

  /**
   * The provider, subject or e-mail address is not acceptable; nothing was stored.
   *
   * @param reason which input, and why
   */
  record Invalid(Reason reason) implements ConnectedAccountLinkResult {
    /** Requires a reason. */
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }

    /** The reason's code, such as {@code invalid_provider}. */
    @Override
    public String code() {
      return reason.code();
    }
  }

  /** Which input {@link Invalid} refused. Codes are stable. */
  enum Reason {
    /** Not a provider code: {@value ConnectedAccounts#PROVIDER_SYNTAX}. */
    INVALID_PROVIDER("invalid_provider"),
    /**
     * Not a subject: 1 to {@value ConnectedAccounts#MAX_SUBJECT_LENGTH} visible ASCII characters
     * ({@code U+0021} to {@code U+007E}).
     */
    INVALID_SUBJECT("invalid_subject"),
    /**
     * Not an e-mail address: more than {@value ConnectedAccounts#MAX_EMAIL_LENGTH} characters, no
     * {@code @} between other characters, or a space, control character or broken surrogate.
     */
    INVALID_EMAIL("invalid_email");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }
}
