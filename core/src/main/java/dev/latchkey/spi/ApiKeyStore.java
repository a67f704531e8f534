package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of API keys. Every method is atomic on its own; none needs a caller-side lock, and two
 * processes sharing one database see each other's writes at once (revocation is immediate).
 *
 * <p>Implementations must be thread-safe, keep whole milliseconds, and throw only
 * {@link StoreException} (or {@link NullPointerException} / {@link IllegalArgumentException} for a
 * {@code null} where one is not allowed). Rows are never deleted by this SPI: revoked and expired
 * keys stay listable until the host purges them.
 *
 * <p>Lookup paths a database must index: {@code key_hash} (unique), {@code id} (primary key),
 * {@code owner}.
 */
public interface ApiKeyStore {

  /**
   * Stores a new key.
   *
   * @throws StoreException if a key with the same id or the same key hash exists (with 128/256
   *     random bits that means a broken random source, never a normal event); nothing is stored
   */
  void insert(ApiKeyRecord key);

  /**
   * Finds a key by the SHA-256 of its plaintext, whatever its state: revoked, expired and rotated
   * rows are returned so the caller can say why a key is refused. The hot path: one indexed read.
   *
   * @return empty when no row has that hash
   */
  Optional<ApiKeyRecord> findByHash(String keyHash);

  /**
   * Finds a key by public id, whatever its owner and state.
   *
   * @return empty when no row has that id
   */
  Optional<ApiKeyRecord> findById(String id);

  /**
   * Every key of an owner, whatever its state, newest first ({@code createdAt} descending, ties
   * broken by {@code id} ascending, so the order is total).
   *
   * @return an empty list when the owner has none (or is unknown)
   */
  List<ApiKeyRecord> listByOwner(String owner);

  /**
   * Atomically revokes one key of one owner: "revoke if not yet revoked and owned". Sets
   * {@code revokedAt = at}. A rotated or expired key that is not yet revoked is revoked.
   *
   * @return {@code false} when the id is absent, belongs to another owner, or was already revoked
   *     (nothing changes)
   */
  boolean revoke(String owner, String id, Instant at);

  /**
   * Atomically revokes every not-yet-revoked key of the owner (suspected compromise).
   *
   * @return how many keys this call revoked; 0 when the owner has none or all are revoked
   */
  int revokeAll(String owner, Instant at);

  /**
   * Atomically marks a key as rotated: "if owned, not revoked and not already rotated, set
   * {@code replacedBy = replacementId} and {@code graceUntil = graceUntil}". The replacement row must
   * have been inserted before; this method does not check it.
   *
   * @return {@code false} when the id is absent, belongs to another owner, is revoked or was
   *     already rotated (nothing changes) — so two concurrent rotations have exactly one winner
   */
  boolean markRotated(String owner, String id, Instant graceUntil, String replacementId);

  /**
   * Atomically records a use, at most once per interval: "set {@code lastUsedAt = at} where
   * {@code id} matches and ({@code lastUsedAt} is null or {@code lastUsedAt < ifLastUsedBefore})".
   * The caller passes {@code ifLastUsedBefore = at − interval}, so concurrent requests (in any
   * number of processes) write once per interval, and the value never moves backwards.
   *
   * @return {@code true} when this call wrote; {@code false} when the id is absent or the recorded
   *     use is recent enough (nothing changes)
   */
  boolean touchLastUsed(String id, Instant at, Instant ifLastUsedBefore);

  /**
   * The owner's keys that still work at {@code now} (not revoked, not rotated, not expired — that
   * is {@code expiresAt} null or after {@code now}) and are stale by either criterion:
   * <ul>
   *   <li>unused: {@code coalesce(lastUsedAt, createdAt) < usedBefore} (a key never used counts from
   *       its creation);
   *   <li>old: {@code createdAt < createdBefore}.
   * </ul>
   * A {@code null} bound switches its criterion off; at least one is non-null. Order as
   * {@link #listByOwner}.
   *
   * @return an empty list when none match
   */
  List<ApiKeyRecord> findStale(String owner, Instant now, Instant usedBefore,
      Instant createdBefore);
}
