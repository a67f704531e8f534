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
    byte[] wanted = hash.getBytes(StandardCharsets.UTF_8);
    Optional<T> found = Objects.requireNonNull(lookup.apply(hash), "lookup result");
    // The miss path compares too: zero bytes never equal a hex hash, and cost what a hit costs.
    byte[] stored = found.map(r -> storedHash.apply(r).getBytes(StandardCharsets.UTF_8))
        .orElseGet(() -> new byte[wanted.length]);
    boolean equal = constantTimeEquals.test(stored, wanted);
    return equal && found.isPresent() ? found : Optional.empty();
  }
}
