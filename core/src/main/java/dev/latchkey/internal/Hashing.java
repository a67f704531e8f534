package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 helpers. Not API: may change without notice. (Constant-time lookup by hash is
 * {@link HashLookup}.)
 */
public final class Hashing {
  private static final HexFormat HEX = HexFormat.of();
  /**
   * One digest per thread: {@code MessageDigest.getInstance} walks the provider list on every call,
   * which costs about as much as hashing a token. {@code digest()} resets the instance, and a
   * thread uses it for one call at a time, so reuse is safe.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  private Hashing() {}

  /** SHA-256 of the UTF-8 bytes of {@code value}. */
  public static byte[] sha256(CharSequence value) {
    return sha256(value.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return SHA_256.get().digest(bytes);
  }

  /** Lower-case hex of SHA-256 of the UTF-8 bytes of {@code value}: 64 characters. */
  public static String sha256Hex(CharSequence value) {
    return HEX.formatHex(sha256(value));
  }
}
