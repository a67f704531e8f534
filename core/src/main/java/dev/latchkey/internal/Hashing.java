package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and constant-time comparison helpers. Not API: may change without notice. */
public final class Hashing {
  private static final HexFormat HEX = HexFormat.of();

  private Hashing() {}

  /** SHA-256 of the UTF-8 bytes of {@code value}. */
  public static byte[] sha256(CharSequence value) {
    return sha256(value.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Lower-case hex of SHA-256 of the UTF-8 bytes of {@code value}: 64 characters. */
  public static String sha256Hex(CharSequence value) {
    return HEX.formatHex(sha256(value));
  }

  /** Constant-time equality of two strings' UTF-8 bytes; {@code false} when either is null. */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
