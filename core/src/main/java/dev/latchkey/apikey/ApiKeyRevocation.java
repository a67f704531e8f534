package dev.latchkey.apikey;

/** The outcome of {@link ApiKeyService#revoke}. Codes are stable. */
public enum ApiKeyRevocation {
  /** This call revoked the key; it is refused from now on, in every process. */
  REVOKED("revoked"),
  /**
   * No key with this id belongs to this owner (unknown id, or another owner's key: the two are
   * indistinguishable on purpose, so ids of other owners cannot be probed). Answer 404.
   */
  NOT_FOUND("not_found"),
  /** The owner's key was already revoked; nothing changed. */
  ALREADY_REVOKED("already_revoked");

  private final String code;

  ApiKeyRevocation(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
