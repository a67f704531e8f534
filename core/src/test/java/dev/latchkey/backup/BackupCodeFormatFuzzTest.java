package dev.latchkey.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the backup code input normalisation {@code BackupCodes.consume} runs before counting or
 * checking anything. Seeds: {@code BackupCodeFormatFuzzTestInputs/<method>/}.
 */
class BackupCodeFormatFuzzTest {

  /**
   * Any text: {@code normalize} never throws and keeps exactly the documented inputs (at most 64
   * characters; dashes, spaces, tabs and no-break spaces anywhere; ASCII letters in any case;
   * 16 characters of the alphabet otherwise), as the lower-case 16 characters; its result is a
   * fixed point, and the grouped display form normalises back to it.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void onlyAlphabetCharactersInAnyCaseAndSeparatorsAreCodes(byte[] data) {
    String input = FuzzInput.text(data);
    String normalized = BackupCodes.normalize(input);
    assertThat(normalized).isEqualTo(expected(input));
    if (normalized != null) {
      assertThat(BackupCodes.normalize(normalized)).isEqualTo(normalized);
      String grouped = BackupCodes.group(normalized);
      assertThat(grouped).matches("[2-9a-z]{4}(-[2-9a-z]{4}){3}");
      assertThat(BackupCodes.normalize(grouped)).isEqualTo(normalized);
      assertThat(BackupCodes.normalize(grouped.toUpperCase(java.util.Locale.ROOT)))
          .isEqualTo(normalized);
    }
  }

  /** The documented rule, written out independently of the implementation. */
  private static String expected(String input) {
    if (input.length() > BackupCodes.MAX_INPUT_LENGTH) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (char c : input.toCharArray()) {
      if (c == '-' || c == ' ' || c == '\t' || c == '\u00a0') {
        continue;
      }
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      if ("23456789abcdefghjkmnpqrstuvwxyz".indexOf(lower) < 0) {
        return null;
      }
      kept.append(lower);
    }
    return kept.length() == 16 ? kept.toString() : null;
  }
}
