package dev.latchkey.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One stored API key. Holds the SHA-256 of the key (hex), never the key.
 *
 * <p>A key works at instant {@code t} when {@code revokedAt} is {@code null}, {@code expiresAt} is
 * {@code null} or after {@code t}, and {@code graceUntil} is {@code null} or after {@code t}. Stores
 * keep whole milliseconds; the service only ever writes millisecond instants.
 *
 * @param id public id used to list, revoke and rotate (never authenticates anything)
 * @param owner the host's opaque owner id (an account or a project)
 * @param keyHash lower-case hex SHA-256 of the whole key (64 characters), unique across the store
 * @param hint what a list shows, e.g. {@code lk_live_…a1B2} (prefix, environment, last four)
 * @param name the display name (1 to 100 code points, may be any Unicode text)
 * @param permission the permission code: {@code read_only}, {@code read_write} or {@code admin}
 * @param scopes custom scopes (possibly empty); stored sorted and unmodifiable
 * @param environment the environment name, e.g. {@code live}
 * @param createdAt when the key was created
 * @param expiresAt when it stops working, or {@code null} for never
 * @param lastUsedAt last recorded use (written at most once per interval), or {@code null} if never
 * @param revokedAt when it was revoked, or {@code null} while not revoked
 * @param replacedBy the id of the key that replaced it by rotation, or {@code null}
 * @param graceUntil when a rotated key stops working, or {@code null} when not rotated
 */
public record ApiKeyRecord(
    String id,
    String owner,
    String keyHash,
    String hint,
    String name,
    String permission,
    Set<String> scopes,
    String environment,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt,
    String replacedBy,
    Instant graceUntil) {

  /** Validates that every required field is present and freezes the scopes. */
  public ApiKeyRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(createdAt, "createdAt");
    // Always a private sorted copy: rows are immutable values, and a sorted set makes lists,
    // JSON and the JDBC column (space-separated) deterministic. At most 20 elements, so cheap.
    SortedSet<String> copy = new TreeSet<>();
    for (String s : scopes) {
      copy.add(Objects.requireNonNull(s, "scope"));
    }
    // No custom scopes (most keys): the one shared empty set, so a row is two objects smaller
    // and reading its scopes on the hot path touches memory that is already in the cache.
    scopes = copy.isEmpty() ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(copy);
  }

  /** A copy with another last-used time. */
  public ApiKeyRecord withLastUsedAt(Instant at) {
    return new ApiKeyRecord(id, owner, keyHash, hint, name, permission, scopes, environment,
        createdAt, expiresAt, at, revokedAt, replacedBy, graceUntil);
  }

  /** A copy revoked at {@code at}. */
  public ApiKeyRecord withRevokedAt(Instant at) {
    return new ApiKeyRecord(id, owner, keyHash, hint, name, permission, scopes, environment,
        createdAt, expiresAt, lastUsedAt, at, replacedBy, graceUntil);
  }

  /** A copy marked as replaced by {@code replacementId}, working until {@code until}. */
  public ApiKeyRecord withRotation(String replacementId, Instant until) {
    return new ApiKeyRecord(id, owner, keyHash, hint, name, permission, scopes, environment,
        createdAt, expiresAt, lastUsedAt, revokedAt, replacementId, until);
  }

  /** Whether the row has been revoked (rotation alone does not count). */
  public boolean revoked() {
    return revokedAt != null;
  }

  /** Whether the key works at {@code now}: not revoked, not expired, not past its rotation grace. */
  public boolean activeAt(Instant now) {
    return revokedAt == null
        && (expiresAt == null || now.isBefore(expiresAt))
        && (graceUntil == null || now.isBefore(graceUntil));
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "ApiKeyRecord[id=" + id + ", owner=" + owner + ", hint=" + hint + ", permission="
        + permission + ", environment=" + environment + ", createdAt=" + createdAt
        + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + ", replacedBy=" + replacedBy
        + ", graceUntil=" + graceUntil + "]";
  }
}
