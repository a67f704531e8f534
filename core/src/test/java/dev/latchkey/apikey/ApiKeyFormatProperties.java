package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/**
 * The checksum catches the typos people make: every single-character substitution and every
 * adjacent transposition of a generated key is refused before any lookup.
 */
class ApiKeyFormatProperties {
  private static final ApiKeyFormat FORMAT = ApiKeyFormat.defaults();
  /** The key alphabet plus separators and a few characters people mistype or paste. */
  private static final String SUBSTITUTES = Base62.ALPHABET + "_-+/=. lIO0\u00e9";

  private static String keyFromSeed(long seed, boolean test) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed); // deterministic before first use: jqwik can shrink and replay
      return FORMAT.generate(r, test ? "test" : "live");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Property(tries = 300)
  void everySingleCharacterSubstitutionIsRefused(@ForAll long seed, @ForAll boolean test) {
    String key = keyFromSeed(seed, test);
    assertThat(FORMAT.check(key)).isEqualTo(ApiKeyFormat.Check.OK);
    char[] chars = key.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char original = chars[i];
      for (int s = 0; s < SUBSTITUTES.length(); s++) {
        char c = SUBSTITUTES.charAt(s);
        if (c == original) {
          continue;
        }
        chars[i] = c;
        String typo = new String(chars);
        assertThat(FORMAT.check(typo)).as("substitution at %d by '%s'", i, c)
            .isNotEqualTo(ApiKeyFormat.Check.OK);
      }
      chars[i] = original;
    }
  }

  @Property(tries = 1000)
  void everyAdjacentTranspositionOfDistinctCharactersIsRefused(@ForAll long seed,
      @ForAll boolean test) {
    String key = keyFromSeed(seed, test);
    char[] chars = key.toCharArray();
    for (int i = 0; i + 1 < chars.length; i++) {
      if (chars[i] == chars[i + 1]) {
        continue;
      }
      char a = chars[i];
      chars[i] = chars[i + 1];
      chars[i + 1] = a;
      assertThat(FORMAT.check(new String(chars))).as("transposition at %d", i)
          .isNotEqualTo(ApiKeyFormat.Check.OK);
      chars[i + 1] = chars[i];
      chars[i] = a;
    }
  }

  @Property(tries = 1000)
  void everyDroppedOrInsertedCharacterIsRefused(@ForAll long seed, @ForAll char inserted) {
    String key = keyFromSeed(seed, false);
    for (int i = 0; i < key.length(); i++) {
      assertThat(FORMAT.check(key.substring(0, i) + key.substring(i + 1)))
          .isNotEqualTo(ApiKeyFormat.Check.OK);
      assertThat(FORMAT.check(key.substring(0, i) + inserted + key.substring(i)))
          .isNotEqualTo(ApiKeyFormat.Check.OK);
    }
  }

  @Property(tries = 2000)
  void checkNeverThrowsAndOnlyAcceptsRegexMatches(@ForAll @StringLength(max = 80) String s) {
    ApiKeyFormat.Check c = FORMAT.check(s);
    if (c == ApiKeyFormat.Check.OK) {
      assertThat(s).matches(ApiKeyFormat.REGEX);
    }
  }

  @Property(tries = 2000)
  void randomWellShapedBodiesFailTheChecksumWithoutBeingMalformed(
      @ForAll @StringLength(49) @AlphaChars @NumericChars String body) {
    // 2000 tries against a 32-bit checksum: a chance pass has probability below 1e-6.
    assertThat(FORMAT.check("lk_live_" + body)).isEqualTo(ApiKeyFormat.Check.BAD_CHECKSUM);
  }
}
