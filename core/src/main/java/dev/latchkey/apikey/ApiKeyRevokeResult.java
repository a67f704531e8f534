package dev.latchkey.apikey;

/**
 * The outcome of {@link ApiKeyService#revoke}. Every variant has a stable {@link #code()}, the same
 * codes as {@code SessionRevokeResult}.
 *
 * <p>Suggested HTTP answers: {@link Revoked} 204, {@link NotFound} 404, {@link AlreadyRevoked} 204
 * or 409 (the key is refused either way).
 */
public sealed interface ApiKeyRevokeResult {

  /** The stable code: {@code revoked}, {@code not_found} or {@code already_revoked}. */
  String code();

  /** Whether this call revoked the key. */
  default boolean isRevoked() {
    return false;
  }

  /** This call revoked the key; it is refused from now on, in every process. */
  record Revoked() implements ApiKeyRevokeResult {
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
   * No key with this id belongs to this owner (unknown id, or another owner's key: the two are
   * indistinguishable on purpose, so ids of other owners cannot be probed).
   */
  record NotFound() implements ApiKeyRevokeResult {
    /** {@code not_found}. */
    @Override
    public String code() {
      return "not_found";
    }
  }

  /** The owner's key was already revoked; nothing changed. */
  record AlreadyRevoked() implements ApiKeyRevokeResult {
    /** {@code already_revoked}. */
    @Override
    public String code() {
      return "already_revoked";
    }
  }
}
