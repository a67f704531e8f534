package dev.latchkey.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For} header values into their hop
 * entries, left to right. Untrusted input: bounded by {@link TrustedProxies#MAX_HEADER_CHARS} and
 * {@link TrustedProxies#MAX_HOPS}; never throws. Not API.
 */
final class ForwardedHeaders {
  private ForwardedHeaders() {}

  /**
   * The {@code for=} values of every forwarded-element, unquoted, in order; an element without
   * {@code for=} counts as an unknown hop ({@code ""}).
   *
   * @return the entries, or {@code null} when the input is over the bounds or not RFC 7239 syntax
   */
  static List<String> forwardedFor(List<String> lines) {
    String all = join(lines);
    if (all == null) {
      return null;
    }
    List<String> hops = new ArrayList<>();
    int i = 0;
    int n = all.length();
    String forValue = null;
    boolean elementStarted = false;
    while (i <= n) {
      i = skipSpaces(all, i);
      if (i >= n) {
        break;
      }
      // token "=" ( token / quoted-string )
      int nameStart = i;
      while (i < n && isTokenChar(all.charAt(i))) {
        i++;
      }
      if (i == nameStart || i >= n || all.charAt(i) != '=') {
        return null;
      }
      String name = all.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i++;
      String value;
      if (i < n && all.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = all.charAt(i++);
          if (c == '\\' && i < n) {
            v.append(all.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        value = v.toString();
      } else {
        int valueStart = i;
        while (i < n && isTokenChar(all.charAt(i))) {
          i++;
        }
        value = all.substring(valueStart, i);
      }
      elementStarted = true;
      if (name.equals("for")) {
        if (forValue != null) {
          return null; // a parameter may occur once per element (RFC 7239 §4)
        }
        forValue = value;
      }
      i = skipSpaces(all, i);
      if (i >= n) {
        break;
      }
      char sep = all.charAt(i++);
      if (sep == ',') {
        if (!addHop(hops, forValue)) {
          return null;
        }
        forValue = null;
        elementStarted = false;
      } else if (sep != ';') {
        return null;
      }
    }
    if (elementStarted && !addHop(hops, forValue)) {
      return null;
    }
    return hops;
  }

  /**
   * The comma-separated entries of {@code X-Forwarded-For}, trimmed; empty entries are unknown hops.
   *
   * @return the entries (empty when there is no header), or {@code null} when over the bounds
   */
  static List<String> xForwardedFor(List<String> lines) {
    String all = join(lines);
    if (all == null) {
      return null;
    }
    List<String> hops = new ArrayList<>();
    if (all.isBlank()) {
      return hops;
    }
    for (String part : all.split(",", -1)) {
      if (!addHop(hops, part.strip())) {
        return null;
      }
    }
    return hops;
  }

  /**
   * The address part of a hop: {@code 192.0.2.1:4711} → {@code 192.0.2.1}, {@code [2001:db8::1]:80}
   * → {@code [2001:db8::1]}; a bare IPv6 literal is left as it is.
   */
  static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(0, close + 1);
    }
    int colon = hop.indexOf(':');
    if (colon >= 0 && hop.indexOf(':', colon + 1) < 0) {
      return hop.substring(0, colon); // one colon: IPv4 with a port
    }
    return hop;
  }

  private static boolean addHop(List<String> hops, String value) {
    if (hops.size() >= TrustedProxies.MAX_HOPS) {
      return false;
    }
    hops.add(value == null ? "" : value);
    return true;
  }

  /** The lines joined with commas (they are one list, RFC 9110 §5.3), or null when too long. */
  private static String join(List<String> lines) {
    if (lines == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String line : lines) {
      if (line == null || line.isBlank()) {
        continue;
      }
      if (b.length() > 0) {
        b.append(',');
      }
      if (b.length() + line.length() > TrustedProxies.MAX_HEADER_CHARS) {
        return null;
      }
      b.append(line);
    }
    return b.toString();
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
