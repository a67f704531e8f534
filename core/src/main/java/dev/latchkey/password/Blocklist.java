package dev.latchkey.password;

import java.util.Set;

/**
 * The passwords a policy refuses: the shipped common-password list and the host's own entries,
 * as hash sets.
 *
 * <p>Both sets hold NFKC, case-folded entries; {@link #contains(String)} expects a candidate
 * prepared the same way, so case-insensitivity costs nothing per lookup. Immutable and thread-safe.
 */
final class Blocklist {
  private final Set<String> shipped;
  private final Set<String> custom;

  /**
   * @param shipped the shipped list, or an empty set when the policy does not use it
   * @param custom the host's extra entries
   */
  Blocklist(Set<String> shipped, Set<String> custom) {
    this.shipped = shipped;
    this.custom = custom;
  }

  /** Whether the prepared (NFKC, folded) candidate is on either list. */
  boolean contains(String word) {
    return shipped.contains(word) || custom.contains(word);
  }

  /** Entries on both lists together (an entry on both counts twice). */
  long size() {
    return (long) shipped.size() + custom.size();
  }
}
