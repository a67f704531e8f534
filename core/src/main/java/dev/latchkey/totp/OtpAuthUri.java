package dev.latchkey.totp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/*
 * The Key Uri Format (github.com/google/google-authenticator/wiki/Key-Uri-Format):
 *
 *   otpauth://totp/{Issuer}:{account}?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
 *
 * Label parts and the issuer parameter are percent-encoded per RFC 3986 from UTF-8: everything but
 * the unreserved set (ALPHA DIGIT - . _ ~) becomes %XX, so a space is %20 (never '+', which some
 * apps show literally) and a ':' inside the issuer or account is %3A, leaving the one literal ':'
 * as the separator.
 */

/** Builds and parses {@code otpauth://totp/} URIs. */
final class OtpAuthUri {
  private static final String PREFIX = "otpauth://totp/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private OtpAuthUri() {}

  /** The URI an authenticator app imports. */
  static String build(String issuer, String account, String base32Secret,
      TotpSettings.Algorithm algorithm, int digits, long periodSeconds) {
    return PREFIX + encode(issuer) + ":" + encode(account)
        + "?secret=" + base32Secret
        + "&issuer=" + encode(issuer)
        + "&algorithm=" + algorithm.name()
        + "&digits=" + digits
        + "&period=" + periodSeconds;
  }

  /**
   * Parses a URI this class built (or any well-formed TOTP key URI).
   *
   * @throws IllegalArgumentException when it is not one
   */
  static Parsed parse(String uri) {
    if (uri == null || !uri.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not an otpauth://totp/ URI");
    }
    String rest = uri.substring(PREFIX.length());
    int q = rest.indexOf('?');
    String label = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    int colon = label.indexOf(':');
    String labelIssuer = colon < 0 ? null : decode(label.substring(0, colon));
    String account = decode(colon < 0 ? label : label.substring(colon + 1));
    Map<String, String> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("Query parameter without '='");
        }
        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return new Parsed(labelIssuer, account, Map.copyOf(params));
  }

  /** RFC 3986 percent-encoding of the UTF-8 bytes; only unreserved characters stay as they are. */
  static String encode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code %XX} sequences as UTF-8; {@code +} stays a plus.
   *
   * @throws IllegalArgumentException on a bad escape or invalid UTF-8
   */
  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("Truncated percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("Bad percent escape");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("Unencoded non-ASCII character in URI");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Percent escapes are not valid UTF-8", e);
    }
  }

  /**
   * A parsed key URI.
   *
   * @param labelIssuer the issuer prefix of the label, or {@code null} when the label has none
   * @param account the account name from the label
   * @param params the query parameters, decoded
   */
  record Parsed(String labelIssuer, String account, Map<String, String> params) {
    /** The parameters hold the secret: show only their names. */
    @Override
    public String toString() {
      return "Parsed[labelIssuer=" + labelIssuer + ", account=" + account + ", params="
          + params.keySet() + "]";
    }
  }
}
