package dev.latchkey.events;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which page of an account's login history to read: how many events, from where (a cursor from the
 * previous page), and optionally only some types. Plain data; invalid values fail at construction.
 *
 * <pre>{@code
 * EventQuery q = EventQuery.firstPage(20);                      // newest 20
 * EventQuery next = EventQuery.of(20, page.nextCursor().get()); // the 20 after them
 * EventQuery signIns = EventQuery.firstPage(50).withTypes(Set.of(SIGN_IN_SUCCEEDED, SIGN_IN_FAILED));
 * }</pre>
 *
 * @param limit events per page, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
 * @param cursor the {@link EventPage#nextCursor()} of the previous page, or {@code null} for the
 *     first page. Cursors are opaque; one from a request parameter that was tampered with fails
 *     here with an {@link IllegalArgumentException} (answer 400)
 * @param types the types to return; empty means every type (copied)
 */
public record EventQuery(int limit, String cursor, Set<SecurityEventType> types) {
  /** Fewest events per page. */
  public static final int MIN_LIMIT = 1;
  /** Most events per page. */
  public static final int MAX_LIMIT = 100;
  /** A sensible page size for a settings page: 20. */
  public static final int DEFAULT_LIMIT = 20;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when the limit is out of range or the cursor is not one that
   *     {@link LoginHistory} issued
   */
  public EventQuery {
    if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("Invalid limit " + limit + "; must be " + MIN_LIMIT
          + " to " + MAX_LIMIT);
    }
    if (cursor != null && EventCursors.decode(cursor).isEmpty()) {
      // The value is client input: do not echo it.
      throw new IllegalArgumentException("Invalid cursor; pass a nextCursor back unchanged");
    }
    Objects.requireNonNull(types, "types");
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  /** The newest {@code limit} events of every type. */
  public static EventQuery firstPage(int limit) {
    return new EventQuery(limit, null, Set.of());
  }

  /**
   * The page after {@code cursor} (or the first page when it is {@code null}), every type.
   *
   * @throws IllegalArgumentException as the constructor
   */
  public static EventQuery of(int limit, String cursor) {
    return new EventQuery(limit, cursor, Set.of());
  }

  /** The same query restricted to {@code types} (empty: every type). */
  public EventQuery withTypes(Set<SecurityEventType> types) {
    return new EventQuery(limit, cursor, types);
  }

  /** Whether {@code cursor} is one a {@link LoginHistory} issued (for validating a parameter). */
  public static boolean isWellFormedCursor(String cursor) {
    return cursor != null && EventCursors.decode(cursor).isPresent();
  }
}
