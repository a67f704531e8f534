package dev.latchkey.geoip;

import java.net.InetAddress;
import java.net.UnknownHostException;

/*
 * Design note. MaxMind's reader takes an InetAddress, and the only JDK 17 way from text to an
 * IPv6 InetAddress is InetAddress.getByName, which resolves anything that is not a literal as a
 * host name: a DNS query on the sign-in path with caller-chosen text. Core has a literal-only
 * parser, but it is not exported. So:
 *
 * - IPv4 is parsed here, strictly (four decimal parts 0-255, no leading zeros), and handed to
 *   InetAddress.getByAddress, which never resolves anything.
 * - IPv6 goes to getByName only when the text consists of hex digits, dots and colons, starts with
 *   a hex digit or a colon, and contains a colon. For such text the JDK takes its literal branch
 *   (first character a hex digit or ':'), and a colon makes a malformed literal an
 *   UnknownHostException instead of a lookup. No brackets, no zone ids: Latchkey passes canonical
 *   literals, so they are not needed.
 */

/** Text to {@link InetAddress} without name resolution. Not API. Thread-safe (stateless). */
final class IpLiterals {
  /** The longest IPv6 text: eight groups of four with an IPv4 tail, 45 characters. */
  private static final int MAX_LENGTH = 45;

  private IpLiterals() {}

  /**
   * Parses an IPv4 or IPv6 literal.
   *
   * @param text any string, or {@code null}
   * @return the address ({@link java.net.Inet4Address} also for {@code ::ffff:a.b.c.d}), or
   *     {@code null} when {@code text} is not a literal this class accepts; never throws
   */
  static InetAddress parse(String text) {
    if (text == null || text.length() < 2 || text.length() > MAX_LENGTH) {
      return null;
    }
    boolean colon = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (c != '.' && Character.digit(c, 16) < 0) {
        return null;
      }
    }
    try {
      if (!colon) {
        byte[] v4 = parseV4(text);
        return v4 == null ? null : InetAddress.getByAddress(v4);
      }
      if (text.charAt(0) == '.') {
        return null; // would skip the JDK's literal branch
      }
      return InetAddress.getByName(text);
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  /** Dotted decimal, exactly four parts 0-255 without leading zeros; {@code null} otherwise. */
  private static byte[] parseV4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '.' : text.charAt(i);
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // leading zero: inet_aton would read octal
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}
