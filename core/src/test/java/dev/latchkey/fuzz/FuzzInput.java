package dev.latchkey.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * Design note. Every fuzz target takes a plain byte[] and turns it into text here, rather than
 * taking a String or a FuzzedDataProvider, so that a seed is an ordinary file anyone can read and
 * write by hand (src/test/resources/<package>/<TestClass>Inputs/<method>/<name>), and a finding
 * Jazzer writes there is a file one can open.
 *
 * - Text is UTF-8, decoded leniently in the WTF-8 way: a three-byte sequence that encodes a
 *   surrogate (ED A0 80..ED BF BF) becomes that lone surrogate instead of U+FFFD, so the fuzzer can
 *   still reach the "not well-formed UTF-16" branches of the parsers. Any other invalid byte is
 *   U+FFFD, as the JDK decodes it.
 * - Targets that need several strings (a password and a stored hash, a socket address and header
 *   lines) split the input at 0xFF bytes. 0xFF never occurs in UTF-8, so a field can carry any
 *   character; in a seed file it reads as a separator.
 * - Lists of header lines split a field at '\n'.
 */

/**
 * Turns a fuzzer's raw bytes into the strings a fuzz target feeds the parser under test. Test
 * code only; shared by core's and the stores' fuzz tests (it ships in core's test-jar).
 */
public final class FuzzInput {
  /** Separates the fields of a multi-field input; never part of UTF-8 text. */
  public static final byte FIELD_SEPARATOR = (byte) 0xFF;

  private FuzzInput() {}

  /** The whole input as text (see the class notes for the decoding). */
  public static String text(byte[] data) {
    return text(data, 0, data.length);
  }

  /**
   * Exactly {@code count} fields split at {@link #FIELD_SEPARATOR}: missing ones are empty, and the
   * last one takes the rest of the input (a further 0xFF there decodes as U+FFFD).
   */
  public static List<String> fields(byte[] data, int count) {
    List<String> out = new ArrayList<>(count);
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int end = indexOf(data, FIELD_SEPARATOR, start);
      if (end < 0) {
        out.add(text(data, start, data.length));
        start = data.length;
      } else {
        out.add(text(data, start, end));
        start = end + 1;
      }
    }
    out.add(text(data, Math.min(start, data.length), data.length));
    return out;
  }

  /**
   * As {@link #fields}, but the fields stay bytes: for targets that feed a parser raw file content
   * (the CSV loaders decode UTF-8 themselves).
   */
  public static List<byte[]> rawFields(byte[] data, int count) {
    List<byte[]> out = new ArrayList<>(count);
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int end = indexOf(data, FIELD_SEPARATOR, start);
      int stop = end < 0 ? data.length : end;
      out.add(Arrays.copyOfRange(data, start, stop));
      start = end < 0 ? data.length : end + 1;
    }
    out.add(Arrays.copyOfRange(data, Math.min(start, data.length), data.length));
    return out;
  }

  /** The lines of {@code field} split at {@code '\n'} (a trailing empty line is kept). */
  public static List<String> lines(String field) {
    return field.isEmpty() ? List.of() : Arrays.asList(field.split("\n", -1));
  }

  /** Lenient UTF-8 of {@code data[from, to)}: lone surrogates survive, other errors are U+FFFD. */
  static String text(byte[] data, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int b = data[i] & 0xff;
      if (b < 0x80) {
        out.append((char) b);
        i++;
        continue;
      }
      int extra;
      int cp;
      if (b >= 0xc2 && b <= 0xdf) {
        extra = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        extra = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        extra = 3;
        cp = b & 0x07;
      } else {
        out.append('\uFFFD');
        i++;
        continue;
      }
      boolean ok = i + extra < to;
      for (int k = 1; ok && k <= extra; k++) {
        int c = data[i + k] & 0xff;
        ok = (c & 0xc0) == 0x80;
        cp = (cp << 6) | (c & 0x3f);
      }
      // Reject overlong forms and code points past U+10FFFF.
      ok = ok && !(extra == 2 && cp < 0x800) && !(extra == 3 && (cp < 0x10000 || cp > 0x10ffff));
      if (!ok) {
        out.append('\uFFFD');
        i++;
        continue;
      }
      out.appendCodePoint(cp); // a surrogate code point appends that single char
      i += extra + 1;
    }
    return out.toString();
  }

  private static int indexOf(byte[] data, byte value, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
