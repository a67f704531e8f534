package dev.latchkey.apikey;

import java.security.SecureRandom;

/** Base62 ({@code 0-9A-Za-z}) for key bodies and checksums. Engine class, package-private. */
final class Base62 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Base62() {}

  static boolean isDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
   * The value of the Base62 digits {@code s[from, to)} (all digits, at most 10 of them), most
   * significant first: the inverse of {@link #encodeFixed}.
   */
  static long decode(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v * 62 + digitValue(s.charAt(i));
    }
    return v;
  }

  private static int digitValue(char c) {
    if (c <= '9') {
      return c - '0';
    }
    return c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36;
  }
}
