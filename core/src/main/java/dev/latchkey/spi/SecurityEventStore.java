package dev.latchkey.spi;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Storage of security events: an append-only log per account, read newest first in pages, queried
 * for "has this account signed in from here before", and purged by age.
 *
 * <h2>Order</h2>
 * Every read returns events in {@link SecurityEventRecord#NEWEST_FIRST} order: {@code at}
 * descending, then {@code id} descending, comparing ids as plain ASCII strings. The order is total
 * (ids are unique), so keyset paging with an {@link EventPosition} visits every event exactly once
 * even when many share a timestamp. A JDBC store needs an index on
 * {@code (account_id, occurred_at, id)} for paging, one on the account, type and the device and
 * location fields {@link #exists} compares, and one on {@code occurred_at} for {@link #purge}.
 *
 * <h2>Matching</h2>
 * Every string comparison is exact and case-sensitive (binary collation in SQL: {@code utf8mb4_bin}
 * on MariaDB): account ids, type codes, and the device's and location's fields. An account id that
 * differs only in case is another account.
 *
 * <p>Implementations must be thread-safe and throw only {@link StoreException} (or
 * {@link IllegalArgumentException} / {@link NullPointerException} for arguments the methods below
 * do not allow).
 */
public interface SecurityEventStore {

  /**
   * Stores an event. Rows are never updated afterwards.
   *
   * @throws StoreException if an event with the same id exists (with 128 random bits, a broken
   *     random source), or on an infrastructure failure
   */
  void append(SecurityEventRecord event);

  /**
   * One page of an account's events, newest first.
   *
   * @param accountId the account; events of other accounts are never returned
   * @param types the type codes to return; an empty set means every type
   * @param after the position of the last event of the previous page, or {@code null} for the
   *     first page; only events strictly after it (in newest-first order) are returned
   * @param limit the most events to return, at least 1 (Latchkey asks for at most 101)
   * @return up to {@code limit} events; an empty list when there are no more
   */
  List<SecurityEventRecord> page(String accountId, Set<String> types, EventPosition after,
      int limit);

  /**
   * Whether the account has at least one event of {@code type} from this device at this location.
   * Suspicious-sign-in detection asks it for {@code sign_in.succeeded}.
   *
   * <p>A stored event's device matches when its {@link Device#browser() browser},
   * {@link Device#os() OS} and {@link Device#type() type} equal {@code device}'s; the browser
   * version is not compared, so a browser update is not a new device
   * ({@link Device#isSameDeviceAs}). Its location matches when its
   * {@link Location#scope() scope}, {@link Location#countryCode() country code},
   * {@link Location#region() region} and {@link Location#city() city} all equal
   * {@code location}'s ({@link Location#equals}).
   *
   * @param device the device to match, or {@code null} for any
   * @param location the location to match, or {@code null} for any
   */
  boolean exists(String accountId, String type, Device device, Location location);

  /**
   * Deletes every event (of every account) that happened strictly before {@code before}.
   *
   * @return how many were deleted
   */
  int purge(Instant before);
}
