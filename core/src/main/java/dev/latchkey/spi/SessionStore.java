package dev.latchkey.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of sessions. Every method is atomic on its own; none needs a caller-side lock, and two
 * processes sharing one database see each other's writes at once (revocation is immediate).
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException} (or
 * {@link IllegalArgumentException} for a {@code null} where one is not allowed).
 */
public interface SessionStore {

  /**
   * Stores a new session.
   *
   * @throws StoreException if a session with the same id or token hash exists (which with 128/256
   *     random bits means a broken random source, never a normal event)
   */
  void insert(SessionRecord session);

  /**
   * Finds a session by token hash, whatever its state (revoked and expired rows are returned so the
   * caller can say why a token is refused).
   *
   * @return empty when no row has that hash
   */
  Optional<SessionRecord> findByTokenHash(String tokenHash);

  /**
   * Finds a session by public id, whatever its state.
   *
   * @return empty when no row has that id
   */
  Optional<SessionRecord> findById(String id);

  /**
   * Atomically sets the last-active time of a session that is not revoked, only ever moving it
   * forward.
   *
   * @return {@code false} when no unrevoked session has that id (nothing changes)
   */
  boolean touch(String id, Instant lastActiveAt);

  /**
   * Atomically raises the authentication time of a session that is not revoked to {@code at}
   * (a re-authentication), only ever moving it forward: a later time already stored stays.
   *
   * @return {@code false} when no unrevoked session has that id (nothing changes); {@code true}
   *     otherwise, also when the stored time was already at or after {@code at}
   */
  boolean reauthenticate(String id, Instant at);

  /**
   * The account's sessions that are not revoked, whose absolute expiry is after {@code now} and whose
   * last activity is at or after {@code activeSince} (the idle cut-off), most recently active first
   * (ties broken by id, so the order is total).
   *
   * @return an empty list when there are none
   */
  List<SessionRecord> listActive(String accountId, Instant now, Instant activeSince);

  /**
   * Atomically revokes one session of one account: "revoke if active and owned".
   *
   * @return {@code false} when the id is unknown, belongs to another account or was already revoked
   */
  boolean revoke(String accountId, String sessionId, Instant at);

  /**
   * Atomically revokes every unrevoked session of the account, except {@code keepSessionId} when it
   * is not {@code null}.
   *
   * @return how many sessions this call revoked
   */
  int revokeAll(String accountId, String keepSessionId, Instant at);

  /**
   * Atomically replaces the token hash of an unrevoked session when its current hash is
   * {@code expectedTokenHash} (compare-and-set), also setting its assurance.
   *
   * @return {@code false} when the session is unknown, revoked, or its hash has already changed
   */
  boolean rotate(String sessionId, String expectedTokenHash, String newTokenHash, String assurance);

  /**
   * Deletes rows that are revoked or expired before {@code before}; housekeeping for hosts that run
   * it periodically.
   *
   * @return how many rows were deleted
   */
  int purge(Instant before);
}
