package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The one way a bearer secret (an API key, a session token) is found by its hash. Not API.
 *
 * <p>One store read by hash, then a constant-time comparison of the stored hash with the wanted
 * one — also when nothing was found, against a dummy of the same length, so a miss and a hit do the
 * same work. The store matched on the hash already; comparing again means a store that matches
 * loosely (a case-insensitive collation, a prefix index) can never let a near-miss through.
 */
public final class HashLookup {
  private HashLookup() {}

  /**
   * Looks a row up by {@code hash} and keeps it only when its stored hash equals {@code hash}
   * exactly.
   *
   * @param hash the hash of the presented secret (hex, as the stores keep it)
   * @param lookup the store's read by hash
   * @param storedHash the hash a found row holds
   * @return the row, or empty when none matches
   */
  public static <T> Optional<T> find(String hash, Function<String, Optional<T>> lookup,
      Function<? super T, String> storedHash) {
    return find(hash, lookup, storedHash, MessageDigest::isEqual);
  }

  /**
   * {@link #find(String, Function, Function)} with the comparison given, so a test can count that
   * a hit and a miss both compare, over the full length. Production passes
   * {@link MessageDigest#isEqual} and nothing else.
   */
  static <T> Optional<T> find(String hash, Function<String, Optional<T>> lookup,
      Function<? super T, String> storedHash, BiPredicate<byte[], byte[]> constantTimeEquals) {
    Objects.requireNonNull(hash, "hash");
    Optional<T> found = Objects.requireNonNull(lookup.apply(hash), "lookup result");
    // A plain branch, not Optional.map/orElseGet: no capturing lambda per call on the hot path.
    String stored = found.isPresent() ? storedHash.apply(found.get()) : null;
    Buffers buffers = BUFFERS.get();
    byte[] wanted = bytes(hash, buffers.wanted);
    // The miss path compares too: zero bytes never equal a hex hash, and cost what a hit costs.
    byte[] storedBytes = stored != null ? bytes(stored, buffers.stored) : buffers.zeros(wanted);
    boolean equal = constantTimeEquals.test(storedBytes, wanted);
    // Equal bytes, confirmed as equal strings (see bytes(): a character above 0xFF is copied as
    // its low byte). Not constant-time, and it need not be: it runs only when every byte matched.
    return equal && stored != null && stored.equals(hash) ? found : Optional.empty();
  }

  /** The length of a SHA-256 hex hash: the only length the hot paths look up. */
  private static final int HEX_HASH_LENGTH = 64;

  /**
   * Per-thread byte views of the two hashes compared, so a lookup allocates no arrays. Hashes are
   * not secrets (the stores hold them), so the buffers need no zeroing.
   */
  private static final class Buffers {
    final byte[] wanted = new byte[HEX_HASH_LENGTH];
    final byte[] stored = new byte[HEX_HASH_LENGTH];
    final byte[] zeros = new byte[HEX_HASH_LENGTH];

    /** Zero bytes as long as {@code like}. */
    byte[] zeros(byte[] like) {
      return like.length == zeros.length ? zeros : new byte[like.length];
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /**
   * The bytes compared for {@code value}: when it is exactly as long as {@code buffer} (every hash
   * Latchkey makes), the low byte of each character, copied into {@code buffer} in one bulk copy
   * (a character-by-character copy of both hashes was a tenth of a lookup); otherwise its UTF-8
   * bytes in a new array. The low bytes are exact for the ASCII hex every store keeps; a character
   * above 0xFF would share its low byte with another one, so {@link #find} confirms a byte match
   * with {@link String#equals} before trusting it.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): its truncation is intended
  private static byte[] bytes(String value, byte[] buffer) {
    if (value.length() != buffer.length) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    value.getBytes(0, buffer.length, buffer, 0);
    return buffer;
  }
}
