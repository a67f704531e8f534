package dev.latchkey.client;

import java.util.Optional;

/*
 * Design note. The client address reaches us as text from the host (a servlet's getRemoteAddr(), an
 * X-Forwarded-For value, a database row). InetAddress.getByName would parse it, but for anything
 * that is not a literal it resolves the text as a host name: a DNS query on the sign-in path, with
 * attacker-chosen input. So this class is a literal-only parser that never touches the network,
 * accepts exactly the forms a client address can take, and bounds its work on hostile input.
 *
 * IPv4-mapped IPv6 addresses (::ffff:1.2.3.4) come back as the 4-byte IPv4 address, as
 * InetAddress does: a dual-stack server reports IPv4 clients that way, and they must classify and
 * locate like the IPv4 address they are.
 */

/**
 * Parses, formats and classifies IP address literals without name resolution. Not API.
 *
 * <p>Thread-safe (stateless).
 */
final class IpAddresses {
  /**
   * Longer than any literal we accept ("[ffff:…:255.255.255.255%zone]" with a long zone id), so
   * hostile input costs at most this many characters of work.
   */
  private static final int MAX_TEXT_LENGTH = 100;

  private IpAddresses() {}

  /**
   * Parses a dotted-decimal IPv4 or an RFC 4291 IPv6 literal.
   *
   * <p>Accepted: {@code 192.0.2.1}; IPv6 with {@code ::} compression and an embedded IPv4 tail
   * ({@code ::ffff:192.0.2.1}); surrounding brackets for IPv6 ({@code [::1]}); a zone id
   * ({@code fe80::1%eth0}), which is dropped; surrounding whitespace. Rejected: host names, ports,
   * IPv4 parts with leading zeros (ambiguous: {@code inet_aton} reads them as octal), the short
   * IPv4 forms {@code 127.1} and {@code 2130706433}, and anything longer than 100 characters.
   *
   * @return 4 bytes for IPv4 (also for IPv4-mapped IPv6), 16 bytes for other IPv6, or empty for
   *     {@code null} and anything that is not a literal; never throws
   */
  static Optional<byte[]> parse(String text) {
    if (text == null || text.length() > MAX_TEXT_LENGTH) {
      return Optional.empty();
    }
    String s = text.strip();
    boolean bracketed = false;
    if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      s = s.substring(1, s.length() - 1);
      bracketed = true;
    }
    int colon = s.indexOf(':');
    int percent = s.indexOf('%');
    if (percent >= 0) {
      // Zone ids (RFC 4007) exist only on IPv6 and must not be empty.
      if (colon < 0 || colon > percent || percent == s.length() - 1) {
        return Optional.empty();
      }
      s = s.substring(0, percent);
    }
    byte[] bytes;
    if (colon >= 0) {
      bytes = parseV6(s);
    } else if (bracketed) {
      return Optional.empty(); // brackets are IPv6 syntax only (RFC 3986 IP-literal)
    } else {
      bytes = new byte[4];
      if (!parseV4(s, 0, s.length(), bytes, 0)) {
        bytes = null;
      }
    }
    if (bytes == null) {
      return Optional.empty();
    }
    return Optional.of(isIpv4Mapped(bytes) ? java.util.Arrays.copyOfRange(bytes, 12, 16) : bytes);
  }

  /**
   * Formats an address in its canonical text form: dotted decimal for IPv4, RFC 5952 for IPv6
   * (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}).
   *
   * @param address 4 or 16 bytes
   * @throws IllegalArgumentException for any other length (a programming error here)
   */
  static String format(byte[] address) {
    if (address.length == 4) {
      return formatV4(address, 0);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("Not an IP address: " + address.length + " bytes");
    }
    if (isIpv4Mapped(address)) {
      return "::ffff:" + formatV4(address, 12);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // Longest run of zero groups, first on a tie, and only if at least two long (RFC 5952 §4.2).
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * Says whether an address is one no location database can place.
   *
   * @param address 4 or 16 bytes, as {@link #parse} returns
   * @return {@link AddressScope#LOOPBACK} for loopback (127.0.0.0/8, ::1),
   *     {@link AddressScope#PRIVATE} for RFC 1918 (10/8, 172.16/12, 192.168/16), CGNAT
   *     (100.64/10), link-local (169.254/16, fe80::/10) and unique-local (fc00::/7) addresses,
   *     {@link AddressScope#PUBLIC} for every other address, {@link AddressScope#UNKNOWN} for
   *     {@code null} or a wrong length
   */
  static AddressScope classify(byte[] address) {
    if (address == null) {
      return AddressScope.UNKNOWN;
    }
    if (address.length == 4) {
      int a = address[0] & 0xff;
      int b = address[1] & 0xff;
      if (a == 127) {
        return AddressScope.LOOPBACK;
      }
      boolean rfc1918 = a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168);
      boolean cgnat = a == 100 && (b & 0xc0) == 64;
      boolean linkLocal = a == 169 && b == 254;
      return rfc1918 || cgnat || linkLocal ? AddressScope.PRIVATE : AddressScope.PUBLIC;
    }
    if (address.length == 16) {
      boolean loopback = address[15] == 1;
      for (int i = 0; i < 15 && loopback; i++) {
        loopback = address[i] == 0;
      }
      if (loopback) {
        return AddressScope.LOOPBACK;
      }
      int a = address[0] & 0xff;
      int b = address[1] & 0xff;
      boolean uniqueLocal = (a & 0xfe) == 0xfc;
      boolean linkLocal = a == 0xfe && (b & 0xc0) == 0x80;
      return uniqueLocal || linkLocal ? AddressScope.PRIVATE : AddressScope.PUBLIC;
    }
    return AddressScope.UNKNOWN;
  }

  /** Whether 16 bytes are in ::ffff:0:0/96. */
  private static boolean isIpv4Mapped(byte[] a) {
    if (a.length != 16 || a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String formatV4(byte[] a, int offset) {
    return (a[offset] & 0xff) + "." + (a[offset + 1] & 0xff) + "." + (a[offset + 2] & 0xff) + "."
        + (a[offset + 3] & 0xff);
  }

  /** Parses exactly four decimal parts 0–255 from s[from, to) into out[offset..offset+3]. */
  private static boolean parseV4(String s, int from, int to, byte[] out, int offset) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return false; // leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else if (c == '.') {
        if (digits == 0 || part == 3) {
          return false;
        }
        out[offset + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return false;
      }
    }
    if (part != 3 || digits == 0) {
      return false;
    }
    out[offset + 3] = (byte) value;
    return true;
  }

  /** Parses an IPv6 literal without brackets or zone; null when invalid. */
  private static byte[] parseV6(String s) {
    int[] head = new int[8];
    int[] tail = new int[8];
    int doubleColon = s.indexOf("::");
    int headCount;
    int tailCount;
    if (doubleColon < 0) {
      headCount = groups(s, 0, s.length(), true, head);
      tailCount = 0;
      if (headCount != 8) {
        return null;
      }
    } else {
      if (s.indexOf("::", doubleColon + 1) >= 0) {
        return null; // at most one "::" (this also rejects ":::")
      }
      headCount = groups(s, 0, doubleColon, false, head);
      tailCount = groups(s, doubleColon + 2, s.length(), true, tail);
      // "::" stands for at least one zero group.
      if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
        return null;
      }
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headCount; i++) {
      out[2 * i] = (byte) (head[i] >>> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tailCount; i++) {
      int g = 8 - tailCount + i;
      out[2 * g] = (byte) (tail[i] >>> 8);
      out[2 * g + 1] = (byte) tail[i];
    }
    return out;
  }

  /**
   * Parses colon-separated 16-bit groups in s[from, to) into out. An empty range is zero groups.
   * When allowed, the last piece may be a dotted IPv4 address, which counts as two groups.
   *
   * @return the number of groups, or -1 when invalid
   */
  private static int groups(String s, int from, int to, boolean ipv4Tail, int[] out) {
    if (from == to) {
      return 0;
    }
    int count = 0;
    int start = from;
    while (true) {
      int colon = s.indexOf(':', start);
      int end = colon < 0 || colon > to ? to : colon;
      boolean last = end == to;
      if (last && ipv4Tail && s.lastIndexOf('.', to - 1) >= start) {
        byte[] v4 = new byte[4];
        if (count > 6 || !parseV4(s, start, end, v4, 0)) {
          return -1;
        }
        out[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        return count;
      }
      int length = end - start;
      if (length < 1 || length > 4 || count == 8) {
        return -1;
      }
      int value = 0;
      for (int i = start; i < end; i++) {
        int digit = hexDigit(s.charAt(i));
        if (digit < 0) {
          return -1;
        }
        value = (value << 4) | digit;
      }
      out[count++] = value;
      if (last) {
        return count;
      }
      start = end + 1;
    }
  }

  /** ASCII hex only: Character.digit would also accept full-width and other Unicode digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
