package dev.latchkey.apikey;

import java.security.SecureRandom;
import java.util.Arrays;

/** Base62 ({@code 0-9A-Za-z}) for key bodies and checksums. Engine class, package-private. */
final class Base62 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /**
   * The value of each ASCII character as a digit, -1 for a non-digit: a table, so checking random
   * characters costs no branch per character class (which would mispredict on random input).
   */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base62() {}

  /**
   * The digit value of {@code c} (0-61), or a negative number when {@code c} is not a Base62 digit.
   * Branch-free for ASCII: callers checking many characters may OR the results and test once.
   */
  static int valueOrNegative(byte b) {
    // b >> 7 is 0 for ASCII and -1 for the bytes 0x80 to 0xFF, refused without a branch.
    return VALUES[b & 0x7F] | (b >> 7);
  }

  static int valueOrNegative(char c) {
    // -(c >>> 7) is 0 for ASCII and negative above it, so a non-ASCII c is refused without a branch.
    return VALUES[c & 0x7F] | -(c >>> 7);
  }

  /**
   * {@code length} characters, each uniform over the 62 symbols: 6 random bits per try, values 62
   * and 63 rejected, so there is no modulo bias.
   */
  static String random(SecureRandom random, int length) {
    StringBuilder out = new StringBuilder(length);
    byte[] buf = new byte[length + 8];
    while (out.length() < length) {
      random.nextBytes(buf);
      for (int i = 0; i < buf.length && out.length() < length; i++) {
        int v = buf[i] & 0x3F;
        if (v < 62) {
          out.append(ALPHABET.charAt(v));
        }
      }
    }
    return out.toString();
  }

  /** {@code value} (non-negative) as exactly {@code width} digits, most significant first. */
  static String encodeFixed(long value, int width) {
    char[] out = new char[width];
    long v = value;
    for (int i = width - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  /**
   * The value of the six Base62 digits at {@code b[from, from + 6)} (ASCII, all digits), most
   * significant first: the inverse of {@code encodeFixed(v, 6)}. Two independent halves, so the
   * multiplications do not wait on each other as in a digit-by-digit loop.
   */
  static long decodeChecksum(byte[] b, int from) {
    long high = VALUES[b[from] & 0x7F] * (62L * 62) + VALUES[b[from + 1] & 0x7F] * 62L
        + VALUES[b[from + 2] & 0x7F];
    long low = VALUES[b[from + 3] & 0x7F] * (62L * 62) + VALUES[b[from + 4] & 0x7F] * 62L
        + VALUES[b[from + 5] & 0x7F];
    return high * (62L * 62 * 62) + low;
  }
}
