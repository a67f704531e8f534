package dev.latchkey.client;

/**
 * Cleaning and cutting of the short texts a client description holds. Not API.
 *
 * <p>Thread-safe (stateless).
 */
final class Texts {
  private Texts() {}

  /**
   * {@code null} becomes empty, control characters are removed, surrounding whitespace is
   * stripped, and the result is cut to {@code max} characters.
   */
  static String clean(String value, int max) {
    if (value == null) {
      return "";
    }
    boolean hasControl = false;
    for (int i = 0; i < value.length() && !hasControl; i++) {
      hasControl = Character.isISOControl(value.charAt(i));
    }
    if (!hasControl) {
      return truncate(value.strip(), max);
    }
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Character.isISOControl(c)) {
        kept.append(c);
      }
    }
    return truncate(kept.toString().strip(), max);
  }

  /** Cuts to at most max chars without splitting a surrogate pair. */
  static String truncate(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end).strip();
  }
}
