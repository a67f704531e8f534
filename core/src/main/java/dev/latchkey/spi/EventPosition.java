package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in an account's event list, ordered {@link SecurityEventRecord#NEWEST_FIRST}: the
 * {@code (at, id)} of the last event of a page. The next page holds the events strictly after it in
 * that order: {@code at < this.at}, or {@code at = this.at and id < this.id}.
 *
 * <p>In SQL: {@code WHERE account_id = ? AND (occurred_at < ? OR (occurred_at = ? AND id < ?))
 * ORDER BY occurred_at DESC, id DESC}.
 *
 * @param at the event time, whole milliseconds
 * @param id the event id
 */
public record EventPosition(Instant at, String id) {
  /** Requires both parts. */
  public EventPosition {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Whether {@code event} comes strictly after this position in newest-first order (it is older,
   * or as old with a smaller id), so the page starting here includes it.
   */
  public boolean precedes(SecurityEventRecord event) {
    int byTime = event.at().compareTo(at);
    return byTime < 0 || (byTime == 0 && event.id().compareTo(id) < 0);
  }
}
