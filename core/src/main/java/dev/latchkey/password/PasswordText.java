package dev.latchkey.password;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Unicode handling shared by {@link PasswordPolicy} and {@link PasswordContext}: NFKC, caseless
 * comparison, and splitting names into words. One place, so that the password and the words it is
 * compared with are always prepared the same way.
 */
final class PasswordText {
  private PasswordText() {}

  /** NFKC, the form every check runs on (and the form {@link PasswordHasher} hashes). */
  static String nfkc(CharSequence s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /**
   * A caseless form for "contains" and "equals ignoring case": upper-case then lower-case, in the
   * root locale. Upper-casing first folds the few letters whose lower-case forms differ from their
   * case partners' (ß and SS, ς and σ); the root locale keeps a Turkish server from turning "I"
   * into dotless "ı" (Passay's {@code UsernameRule} uses the default locale).
   */
  static String fold(String s) {
    return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /** The number of code points; an unpaired surrogate counts as one. */
  static int codePointLength(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Whether {@code cp} belongs inside a word: a letter, a digit, or a combining mark. Marks matter
   * for scripts such as Devanagari, whose vowel signs are marks: splitting on them would cut a name
   * into meaningless pieces.
   */
  static boolean isWordCodePoint(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * The words of {@code s}: maximal runs of {@linkplain #isWordCodePoint word code points}.
   * "Jean-Luc O'Brien" gives "Jean", "Luc", "O", "Brien".
   */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              if (isWordCodePoint(cp)) {
                word.appendCodePoint(cp);
              } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
              }
            });
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /** {@code s} without its non-word code points: "john.smith" gives "johnsmith". */
  static String compact(String s) {
    return String.join("", words(s));
  }
}
