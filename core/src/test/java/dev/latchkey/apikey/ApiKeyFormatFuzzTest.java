package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the API key format's syntax and checksum check, which runs on every presented key before
 * any store access. Seeds: {@code ApiKeyFormatFuzzTestInputs/<method>/}.
 */
class ApiKeyFormatFuzzTest {
  private static final List<ApiKeyFormat> FORMATS = List.of(ApiKeyFormat.defaults(),
      ApiKeyFormat.of("acme", List.of("prod", "staging2")));

  /**
   * Any text: the check never throws, says "malformed" exactly when the published pattern does not
   * match, and agrees with {@link ApiKeyFormat#isWellFormed}; a key that passes has a display hint
   * of the documented shape.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void checkAgreesWithThePublishedPattern(byte[] data) {
    String key = FuzzInput.text(data);
    for (ApiKeyFormat format : FORMATS) {
      ApiKeyFormat.Check check = format.check(key);
      assertThat(check != ApiKeyFormat.Check.MALFORMED)
          .as("shape of %s", format).isEqualTo(format.pattern().matcher(key).matches());
      assertThat(format.isWellFormed(key)).isEqualTo(check == ApiKeyFormat.Check.OK);
      if (check == ApiKeyFormat.Check.OK) {
        String hint = format.hint(key);
        int headLength = key.length() - ApiKeyFormat.RANDOM_LENGTH - ApiKeyFormat.CHECKSUM_LENGTH;
        assertThat(hint).isEqualTo(key.substring(0, headLength) + "\u2026"
            + key.substring(key.length() - 4));
      }
    }
  }

  /**
   * A generated key (its random body drawn from the input) always passes; changing one body or
   * checksum character to another Base62 character, or swapping two different adjacent characters
   * within the body or within the checksum, is always caught as a bad checksum (the guarantees in
   * the class's design note). Input: [environment byte, edit kind, position, replacement, random
   * bytes…].
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void singleTyposAreCaughtByTheChecksum(byte[] data) {
    byte[] d = data.length >= 4 ? data : java.util.Arrays.copyOf(data, 4);
    ApiKeyFormat format = FORMATS.get((d[0] & 0x80) == 0 ? 0 : 1);
    String environment = format.environments().get((d[0] & 1) % format.environments().size());
    String key = format.generate(new BytesRandom(d, 4), environment);
    assertThat(format.check(key)).isEqualTo(ApiKeyFormat.Check.OK);
    assertThat(format.pattern().matcher(key).matches()).isTrue();

    int bodyStart = key.length() - ApiKeyFormat.RANDOM_LENGTH - ApiKeyFormat.CHECKSUM_LENGTH;
    int checksumStart = key.length() - ApiKeyFormat.CHECKSUM_LENGTH;
    char[] typo = key.toCharArray();
    if ((d[1] & 1) == 0) {
      int at = bodyStart + Math.floorMod(d[2], key.length() - bodyStart);
      char replacement = Base62.ALPHABET.charAt(Math.floorMod(d[3], 62));
      if (replacement == typo[at]) {
        return; // not a change
      }
      typo[at] = replacement;
    } else {
      boolean inChecksum = (d[1] & 2) != 0;
      int from = inChecksum ? checksumStart : bodyStart;
      int span = (inChecksum ? key.length() : checksumStart) - from - 1;
      int at = from + Math.floorMod(d[2], span);
      if (typo[at] == typo[at + 1]) {
        return; // swapping equal characters changes nothing
      }
      char c = typo[at];
      typo[at] = typo[at + 1];
      typo[at + 1] = c;
    }
    assertThat(format.check(new String(typo))).isEqualTo(ApiKeyFormat.Check.BAD_CHECKSUM);
  }

  /**
   * Serves the fuzzer's bytes as "random" bytes: cyclically, each round shifted by one so that no
   * input can starve the rejection sampling of Base62 (zeros when there are no bytes).
   */
  private static final class BytesRandom extends SecureRandom {
    private final byte[] bytes;
    private int next;

    BytesRandom(byte[] data, int from) {
      this.bytes = java.util.Arrays.copyOfRange(data, from, data.length);
    }

    @Override
    public void nextBytes(byte[] out) {
      for (int i = 0; i < out.length; i++) {
        int k = next++;
        out[i] = bytes.length == 0 ? 0 : (byte) (bytes[k % bytes.length] + k / bytes.length);
      }
    }
  }
}
