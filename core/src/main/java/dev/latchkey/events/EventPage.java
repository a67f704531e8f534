package dev.latchkey.events;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of login history, newest first.
 *
 * @param events up to the query's limit events, newest first (copied, unmodifiable)
 * @param nextCursor the cursor of the following page, or empty when this is the last one
 */
public record EventPage(List<SecurityEvent> events, Optional<String> nextCursor) {
  /** Validates and copies. */
  public EventPage {
    events = List.copyOf(Objects.requireNonNull(events, "events"));
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
