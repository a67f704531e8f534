package dev.latchkey.apikey;

import java.util.Set;

/**
 * A working key that {@link ApiKeyService#stale} flags for clean-up.
 *
 * @param key the key
 * @param reasons why it is stale: one or both of {@link Reason#UNUSED} and {@link Reason#OLD}
 */
public record StaleApiKey(ApiKeyInfo key, Set<Reason> reasons) {

  /** Freezes the reasons. */
  public StaleApiKey {
    java.util.Objects.requireNonNull(key, "key");
    reasons = Set.copyOf(reasons);
  }

  /** Why a key is stale. Codes are stable. */
  public enum Reason {
    /** Not used (or, if never used, not created) within the "unused for" window. */
    UNUSED("unused"),
    /** Created before the "older than" window: due for rotation. */
    OLD("old");

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
