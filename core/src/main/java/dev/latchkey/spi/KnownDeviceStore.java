package dev.latchkey.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Storage of known devices: the device tokens handed out at successful sign-ins (as SHA-256
 * hashes), each bound to one account.
 *
 * <p>Every method is atomic on its own; none needs a caller-side lock. Implementations must be
 * thread-safe and throw only {@link StoreException}, or {@link NullPointerException} for a
 * {@code null} argument.
 */
public interface KnownDeviceStore {

  /**
   * Stores a new known device.
   *
   * @throws StoreException if a device with the same id or token hash exists (which with 128 and
   *     256 random bits means a broken random source, never a normal event)
   */
  void insert(KnownDeviceRecord device);

  /**
   * Finds a device by token hash, expired or not (the caller decides).
   *
   * @return empty when no row has that hash (never issued, forgotten or purged)
   */
  Optional<KnownDeviceRecord> findByTokenHash(String tokenHash);

  /**
   * Atomically deletes one device of one account (a token replaced by a newer one).
   *
   * @return {@code false} when no device has that id, or it belongs to another account
   */
  boolean delete(String accountId, String id);

  /**
   * Atomically deletes every device of the account (signed out everywhere, password reset): from
   * then on its sign-ins count against the account's own allowance until it signs in again.
   *
   * @return how many were deleted
   */
  int deleteAll(String accountId);

  /**
   * Deletes devices whose token expired before {@code before}; housekeeping for hosts that run it
   * periodically.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}
