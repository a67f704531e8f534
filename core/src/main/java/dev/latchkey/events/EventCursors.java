package dev.latchkey.events;

import dev.latchkey.spi.EventPosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The cursor codec. Not API.
 *
 * <p>A cursor is Base64url (no padding) of {@code "1:" + epochMillis + ":" + id}: the position of
 * the last event of a page. It is opaque to clients but not secret or signed, and needs neither:
 * the account always comes from the caller's authority, so a forged cursor only moves the starting
 * point within the caller's own history.
 */
final class EventCursors {
  private static final String VERSION = "1:";
  private static final int MAX_CURSOR_LENGTH = 200;
  private static final int MAX_ID_LENGTH = 64;

  private EventCursors() {}

  static String encode(EventPosition p) {
    String raw = VERSION + p.at().toEpochMilli() + ":" + p.id();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** The position, or empty when the text is not a cursor we made. Never throws. */
  static Optional<EventPosition> decode(String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      return Optional.empty();
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!raw.startsWith(VERSION)) {
      return Optional.empty();
    }
    int sep = raw.indexOf(':', VERSION.length());
    if (sep < 0) {
      return Optional.empty();
    }
    String millis = raw.substring(VERSION.length(), sep);
    String id = raw.substring(sep + 1);
    if (millis.isEmpty() || millis.length() > 19 || !digits(millis, millis.charAt(0) == '-' ? 1 : 0)
        || id.isEmpty() || id.length() > MAX_ID_LENGTH || !idChars(id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new EventPosition(Instant.ofEpochMilli(Long.parseLong(millis)), id));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean digits(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean idChars(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
