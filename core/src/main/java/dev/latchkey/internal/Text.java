package dev.latchkey.internal;

/** Text checks shared by the services. Not API. */
public final class Text {
  private Text() {}

  /**
   * Whether {@code s} is well-formed UTF-16: every high surrogate is followed by a low one and no
   * low surrogate stands alone. An unpaired surrogate cannot be encoded as UTF-8 (it becomes
   * {@code ?}), so two different strings would store, hash or display alike.
   */
  public static boolean isWellFormedUtf16(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
