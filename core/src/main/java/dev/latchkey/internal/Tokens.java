package dev.latchkey.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random identifiers and bearer tokens. Not API: may change without notice.
 *
 * <p>Every value comes from the {@link SecureRandom} the host injected into {@code Latchkey}, so a
 * test can make them reproducible and production never falls back to {@code java.util.Random}.
 */
public final class Tokens {
  /** 256 bits: the minimum DESIGN.md sets for anything that authenticates a bearer. */
  public static final int TOKEN_BYTES = 32;
  /** 128 bits: public ids only need to be unique and unguessable enough not to enumerate. */
  public static final int ID_BYTES = 16;

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /** A URL-safe token of {@code bytes} random bytes (Base64url, no padding). */
  public static String urlSafe(SecureRandom random, int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return URL.encodeToString(raw);
  }

  /** A 256-bit URL-safe bearer token (43 characters). */
  public static String bearer(SecureRandom random) {
    return urlSafe(random, TOKEN_BYTES);
  }

  /** A 128-bit URL-safe public id (22 characters). */
  public static String publicId(SecureRandom random) {
    return urlSafe(random, ID_BYTES);
  }

  /**
   * Whether {@code token} could be a bearer token Latchkey issued: 16 to 128 characters of the
   * Base64url alphabet. Checked before hashing or any store access, so junk costs nothing.
   */
  public static boolean wellFormed(String token) {
    if (token == null || token.length() < 16 || token.length() > 128) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
