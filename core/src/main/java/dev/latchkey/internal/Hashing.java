package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256 helpers. Not API: may change without notice. (Constant-time lookup by hash is
 * {@link HashLookup}.)
 */
public final class Hashing {
  /** Bytes in a SHA-256 digest. */
  public static final int SHA256_LENGTH = 32;
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Longer ASCII input than this is hashed through a temporary array instead of the scratch one. */
  private static final int SCRATCH_INPUT = 512;

  /**
   * One digest and its buffers per thread: {@code MessageDigest.getInstance} walks the provider
   * list on every call, which costs about as much as hashing a token, and every hot path (session
   * validation, API key authentication) hashes once per request. {@code digest} resets the
   * instance, and a thread uses it for one call at a time, so reuse is safe.
   */
  private static final class Scratch {
    final MessageDigest sha256;
    final byte[] input = new byte[SCRATCH_INPUT];
    final byte[] digest = new byte[32];
    /** The hex of {@link #digest}, before the string copies it (a hash is not a secret). */
    final byte[] hex = new byte[64];

    Scratch() {
      sha256 = newSha256();
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Hashing() {}

  /**
   * A new SHA-256 engine, for a hot path that keeps its own per-thread scratch (one per thread:
   * {@code MessageDigest} is not thread-safe).
   */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * SHA-256 of {@code input[0, length)} with {@code digest} (reset afterwards), written into
   * {@code out} ({@link #SHA256_LENGTH} bytes): no allocation. The caller zeroes the input when it
   * is a secret.
   */
  public static void sha256(MessageDigest digest, byte[] input, int length, byte[] out) {
    digest.update(input, 0, length);
    try {
      digest.digest(out, 0, SHA256_LENGTH);
    } catch (DigestException e) {
      // out is at least one SHA-256 output long.
      throw new IllegalStateException("SHA-256 output buffer rejected", e);
    }
  }

  /**
   * Lower-case hex of {@code bytes}, written into {@code out} (twice as long) and made a Latin-1
   * string from there: the string's own array is the only allocation besides the string.
   */
  public static String hex(byte[] bytes, byte[] out) {
    return hex(bytes, bytes.length, out);
  }

  /** SHA-256 of the UTF-8 bytes of {@code value}. */
  public static byte[] sha256(CharSequence value) {
    return sha256(value.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return SCRATCH.get().sha256.digest(bytes);
  }

  /** Lower-case hex of SHA-256 of the UTF-8 bytes of {@code value}: 64 characters. */
  public static String sha256Hex(CharSequence value) {
    String s = value.toString();
    return sha256Hex(s, 0, s.length());
  }

  /**
   * Lower-case hex of SHA-256 of the UTF-8 bytes of {@code value.substring(from, to)}, without
   * making the substring: the hot paths hash a token that sits inside a header. ASCII input (every
   * token and key Latchkey issues) is copied into a per-thread buffer, which is zeroed again before
   * returning, so no copy of the secret outlives the call; other input takes the UTF-8 encoder.
   */
  public static String sha256Hex(String value, int from, int to) {
    Scratch scratch = SCRATCH.get();
    MessageDigest digest = scratch.sha256;
    int n = to - from;
    byte[] input = scratch.input;
    boolean ascii = n <= input.length;
    for (int i = 0; ascii && i < n; i++) {
      char c = value.charAt(from + i);
      ascii = c < 0x80;
      input[i] = (byte) c;
    }
    try {
      if (ascii) {
        digest.update(input, 0, n);
      } else {
        digest.update(value.substring(from, to).getBytes(StandardCharsets.UTF_8));
      }
      digest.digest(scratch.digest, 0, scratch.digest.length);
    } catch (DigestException e) {
      // The buffer is exactly one SHA-256 output long.
      throw new IllegalStateException("SHA-256 output buffer rejected", e);
    } finally {
      Arrays.fill(input, 0, Math.min(n, input.length), (byte) 0);
    }
    return hex(scratch.digest, scratch.digest.length, scratch.hex);
  }

  /**
   * Lower-case hex, written into {@code out} (twice as long as {@code bytes}) and made a Latin-1
   * string from there: the string copies its bytes in any case, so a per-thread {@code out} saves
   * one array per hash.
   */
  private static String hex(byte[] bytes, int n, byte[] out) {
    for (int i = 0; i < n; i++) {
      out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xF];
    }
    return new String(out, 0, 2 * n, StandardCharsets.ISO_8859_1);
  }
}
