package dev.latchkey.password;

import java.util.Set;
import org.passay.dictionary.Dictionary;

/**
 * A Passay {@link Dictionary} over hash sets, for Passay's {@code DictionaryRule}. Passay's own
 * {@code WordListDictionary} binary-searches a sorted word list; a set lookup is simpler and the
 * shipped list is already in memory as one.
 *
 * <p>Both sets hold NFKC, case-folded entries; {@link #search(String)} expects a candidate prepared
 * the same way, so case-insensitivity costs nothing per lookup. Immutable and thread-safe.
 */
final class Blocklist implements Dictionary {
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
  @Override
  public boolean search(String word) {
    return shipped.contains(word) || custom.contains(word);
  }

  /** Entries on both lists together (an entry on both counts twice). */
  @Override
  public long size() {
    return (long) shipped.size() + custom.size();
  }
}
