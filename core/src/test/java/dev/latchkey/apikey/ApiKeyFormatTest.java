package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void publishedRegexIsTheDefaultFormatsRegex() {
    assertThat(ApiKeyFormat.defaults().regex()).isEqualTo(ApiKeyFormat.REGEX);
    assertThat(ApiKeySettings.defaults().keyRegex()).isEqualTo(ApiKeyFormat.REGEX);
  }

  @Test
  void generatedKeyHasTheDocumentedShapeAndMatchesTheRegex() {
    ApiKeyFormat f = ApiKeyFormat.defaults();
    for (int i = 0; i < 200; i++) {
      String live = f.generate(random, "live");
      String test = f.generate(random, "test");
      assertThat(live).hasSize(8 + 43 + 6).startsWith("lk_live_").matches(ApiKeyFormat.REGEX);
      assertThat(test).startsWith("lk_test_").matches(ApiKeyFormat.REGEX);
      assertThat(f.isWellFormed(live)).isTrue();
      assertThat(f.check(live)).isEqualTo(ApiKeyFormat.Check.OK);
    }
  }

  @Test
  void randomBodyUsesTheWholeAlphabetWithoutBias() {
    int[] counts = new int[62];
    int draws = 62 * 2000;
    String body = Base62.random(random, draws);
    for (char c : body.toCharArray()) {
      counts[Base62.ALPHABET.indexOf(c)]++;
    }
    for (int n : counts) {
      // Expected 2000 each; 6 standard deviations is about ±265.
      assertThat(n).isBetween(1700, 2300);
    }
  }

  @Test
  void randomBodyIsAtLeast256Bits() {
    assertThat(ApiKeyFormat.RANDOM_LENGTH * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(256);
  }

  @Test
  void checksumEncodingCoversEveryCrc32Value() {
    assertThat(Base62.encodeFixed(0, 6)).isEqualTo("000000");
    assertThat(Base62.encodeFixed(0xFFFFFFFFL, 6)).isEqualTo("4gfFC3");
    assertThat(Math.pow(62, 6)).isGreaterThan(Math.pow(2, 32));
  }

  @Test
  void hintShowsPrefixEnvironmentAndLastFourOnly() {
    ApiKeyFormat f = ApiKeyFormat.defaults();
    String key = f.generate(random, "live");
    assertThat(f.hint(key)).isEqualTo("lk_live_\u2026" + key.substring(key.length() - 4));
  }

  @Test
  void customPrefixAndEnvironmentsGiveTheirOwnRegex() {
    ApiKeyFormat f = ApiKeyFormat.of("acme", List.of("prod", "sandbox2"));
    assertThat(f.regex()).isEqualTo("acme_(?:prod|sandbox2)_[0-9A-Za-z]{49}");
    assertThat(ApiKeyFormat.regex("acme", List.of("prod", "sandbox2"))).isEqualTo(f.regex());
    String key = f.generate(random, "sandbox2");
    assertThat(key).matches(f.regex());
    assertThat(f.isWellFormed(key)).isTrue();
    assertThat(ApiKeyFormat.defaults().isWellFormed(key)).isFalse();
    assertThat(f.defaultEnvironment()).isEqualTo("prod");
  }

  @Test
  void regexFindsKeysInsideText() {
    String key = ApiKeyFormat.defaults().generate(random, "live");
    String leaked = "export API_KEY=\"" + key + "\" # do not commit";
    var m = Pattern.compile(ApiKeyFormat.REGEX).matcher(leaked);
    assertThat(m.find()).isTrue();
    assertThat(m.group()).isEqualTo(key);
    // The bounded form the README gives for scanning text.
    Pattern bounded = Pattern.compile(
        "(?<![0-9A-Za-z_])" + ApiKeyFormat.REGEX + "(?![0-9A-Za-z])");
    assertThat(bounded.matcher(leaked).find()).isTrue();
    assertThat(bounded.matcher("x" + key).find()).isFalse();
    assertThat(bounded.matcher(key + "x").find()).isFalse();
    assertThat(bounded.matcher("token:" + key + ".").find()).isTrue();
  }

  @Test
  void invalidNamesAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> ApiKeyFormat.of("LK", List.of("live")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'LK'");
    assertThatThrownBy(() -> ApiKeyFormat.of("l", List.of("live")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeyFormat.of("lk", List.of("li_ve")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'li_ve'");
    assertThatThrownBy(() -> ApiKeyFormat.of("lk", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeyFormat.of("lk", List.of("live", "live")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate");
  }

  @Test
  void checkRefusesLookAlikesWithoutThrowing() {
    ApiKeyFormat f = ApiKeyFormat.defaults();
    String key = f.generate(random, "live");
    assertThat(f.check(null)).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check("")).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check(key.substring(1))).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check(key + "0")).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check(key.replace("lk_live_", "lk_prod_"))).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check(key.replace("lk_live_", "xx_live_"))).isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check(key.substring(0, 20) + "\u00e9" + key.substring(21)))
        .isEqualTo(ApiKeyFormat.Check.MALFORMED);
    assertThat(f.check("lk_live_" + "0".repeat(49))).isEqualTo(ApiKeyFormat.Check.BAD_CHECKSUM);
  }

  /**
   * The alphabet check is a table over the low 7 bits of each character: a character whose low
   * bits name a digit ('\u0131' → '1', '\u0661' Arabic one → 'a', '\u00b1' → '1') must still be
   * refused, in the body and in the checksum, and also where the checksum over the low bytes
   * would match.
   */
  @Test
  void charactersBeyondAsciiWhoseLowBitsLookLikeDigitsAreMalformed() {
    ApiKeyFormat f = ApiKeyFormat.defaults();
    for (char odd : new char[] {'\u0131', '\u0661', '\u00b1', '\u0080', '\uffb1', '\u3030'}) {
      for (int i = 0; i < 40; i++) {
        String key = f.generate(random, "live");
        for (int at : new int[] {8, 30, key.length() - 6, key.length() - 1}) {
          String swapped = key.substring(0, at) + odd + key.substring(at + 1);
          assertThat(f.check(swapped)).as("%s at %d", (int) odd, at)
              .isEqualTo(ApiKeyFormat.Check.MALFORMED);
          // The original character with a high bit added: the same low bytes, so a check that
          // dropped the high bits would find a correct checksum.
          char twin = (char) (key.charAt(at) | (odd & 0xFF80));
          String sameLowBytes = key.substring(0, at) + twin + key.substring(at + 1);
          assertThat(f.check(sameLowBytes)).isEqualTo(ApiKeyFormat.Check.MALFORMED);
        }
      }
    }
  }

  @Test
  void base62DecodeIsTheInverseOfEncodeFixed() {
    for (long v : new long[] {0, 1, 61, 62, 3843, 3844, 238_327, 238_328, 0xFFFFFFFFL,
        123_456_789L, 56_800_235_583L}) { // the last is 62^6 - 1
      byte[] digits = ("xx" + Base62.encodeFixed(v, 6))
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(Base62.decodeChecksum(digits, 2)).isEqualTo(v);
    }
  }
}
