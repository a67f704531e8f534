package dev.latchkey.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * One row of an owner's key list, safe to render and return as JSON: no key, no hash.
 *
 * @param id public id, used to revoke and rotate
 * @param owner the owner id
 * @param name the display name
 * @param hint {@code lk_live_…a1B2}: prefix, environment and the last four characters
 * @param permission the permission
 * @param scopes custom scopes, sorted (possibly empty)
 * @param environment the environment name
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or {@code null} for never
 * @param lastUsedAt last recorded use (accurate to the last-used interval), or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 * @param status the state when this was read
 * @param replacedBy the id of the key that replaced it by rotation, or {@code null}
 * @param graceUntil when a rotated key stops working, or {@code null}
 */
public record ApiKeyInfo(
    String id,
    String owner,
    String name,
    String hint,
    Permission permission,
    Set<String> scopes,
    String environment,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt,
    ApiKeyStatus status,
    String replacedBy,
    Instant graceUntil) {

  /** Freezes the scopes as a sorted, unmodifiable copy. */
  public ApiKeyInfo {
    scopes = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(scopes));
  }
}
