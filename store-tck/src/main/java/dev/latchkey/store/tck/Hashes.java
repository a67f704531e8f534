package dev.latchkey.store.tck;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes the hashes the contracts store: lower-case hex of SHA-256, the shape of every token hash
 * Latchkey hands a store. Its own copy rather than core's {@code dev.latchkey.internal.Hashing},
 * which core's module does not export: the kit uses only what a third-party store can see.
 */
final class Hashes {
  private Hashes() {}

  /** Lower-case hex of SHA-256 of the UTF-8 bytes of {@code value}: 64 characters. */
  static String sha256Hex(String value) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
