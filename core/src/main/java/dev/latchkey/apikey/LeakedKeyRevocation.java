package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#revokeLeaked(String)}, for a secret-scanning report: which key
 * and owner were affected (so the host can notify the owner), or why the string matched none.
 */
public sealed interface LeakedKeyRevocation {

  /** The stable code: {@code revoked}, {@code already_revoked} or {@code unrecognized}. */
  String code();

  /**
   * This call revoked the key.
   *
   * @param key the key as it is now (revoked); {@code key.owner()} is whom to notify
   */
  record Revoked(ApiKeyInfo key) implements LeakedKeyRevocation {
    /** Requires the key. */
    public Revoked {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String code() {
      return "revoked";
    }
  }

  /**
   * The key exists but had been revoked before; nothing changed.
   *
   * @param key the key as it is now
   */
  record AlreadyRevoked(ApiKeyInfo key) implements LeakedKeyRevocation {
    /** Requires the key. */
    public AlreadyRevoked {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String code() {
      return "already_revoked";
    }
  }

  /**
   * The string is not one of our keys.
   *
   * @param reason {@link ApiKeyAuthentication.Reason#MALFORMED} (not our format),
   *     {@link ApiKeyAuthentication.Reason#BAD_CHECKSUM} (a look-alike: a scanner false positive) or
   *     {@link ApiKeyAuthentication.Reason#UNKNOWN} (well formed, never issued by this store)
   */
  record Unrecognized(ApiKeyAuthentication.Reason reason) implements LeakedKeyRevocation {
    /** Requires the reason. */
    public Unrecognized {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return "unrecognized";
    }
  }
}
