package dev.latchkey.session;

/**
 * The outcome of {@link SessionRegistry#revoke} and {@link SessionRegistry#signOut}. Every variant
 * has a stable {@link #code()}, the same codes as {@code ApiKeyRevokeResult}.
 *
 * <p>Suggested HTTP answers: {@link Revoked} 204, {@link NotFound} 404, {@link AlreadyRevoked} 204
 * or 409 (the session is ended either way).
 */
public sealed interface SessionRevokeResult {

  /** The stable code: {@code revoked}, {@code not_found} or {@code already_revoked}. */
  String code();

  /** Whether this call ended the session. */
  default boolean isRevoked() {
    return false;
  }

  /** This call ended the session: its token is refused from now on, in every process. */
  record Revoked() implements SessionRevokeResult {
    /** {@code revoked}. */
    @Override
    public String code() {
      return "revoked";
    }

    @Override
    public boolean isRevoked() {
      return true;
    }
  }

  /**
   * No session with this id belongs to this account: an unknown or malformed id and another
   * account's session are indistinguishable on purpose, so ids of other accounts cannot be probed.
   */
  record NotFound() implements SessionRevokeResult {
    /** {@code not_found}. */
    @Override
    public String code() {
      return "not_found";
    }
  }

  /** The account's session had already ended (revoked or signed out); nothing changed. */
  record AlreadyRevoked() implements SessionRevokeResult {
    /** {@code already_revoked}. */
    @Override
    public String code() {
      return "already_revoked";
    }
  }
}
