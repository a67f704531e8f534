package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the TOTP code input normalisation every confirm, verify and disable goes through, and the
 * window matching behind it. Seeds: {@code TotpCodesFuzzTestInputs/<method>/}.
 */
class TotpCodesFuzzTest {
  private static final TotpCodes SIX = new TotpCodes(TotpSettings.withIssuer("Fuzz"));
  private static final TotpCodes EIGHT =
      new TotpCodes(TotpSettings.builder().issuer("Fuzz").digits(8).window(2).build());
  private static final byte[] SECRET = "12345678901234567890".getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);
  private static final long NOW = SIX.stepAt(Instant.parse("2026-01-01T10:00:05Z"));

  /**
   * Any text: {@code normalize} never throws and keeps exactly the documented inputs (at most 64
   * characters; ASCII, tab, no-break and thin spaces anywhere; at most one '-'; exactly
   * {@code digits} ASCII digits otherwise), as those digits; its result is a fixed point; and
   * {@code match} over a normalised code finds exactly the steps of the window whose code it is.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void onlyDigitsWithSpacesAndOneDashAreCodes(byte[] data) {
    String input = FuzzInput.text(data);
    check(SIX, 6, 1, input);
    check(EIGHT, 8, 2, input);
  }

  private static void check(TotpCodes codes, int digits, int window, String input) {
    String normalized = codes.normalize(input);
    assertThat(normalized).isEqualTo(expected(input, digits));
    if (normalized == null) {
      return;
    }
    assertThat(codes.normalize(normalized)).isEqualTo(normalized);
    long expectedStep = TotpCodes.NO_MATCH;
    for (long step = NOW - window; step <= NOW + window; step++) {
      if (codes.codeAt(SECRET, step).equals(normalized)) {
        expectedStep = step;
        break;
      }
    }
    assertThat(codes.match(SECRET, normalized, NOW, -1)).isEqualTo(expectedStep);
    // Every step at or below the last accepted one is spent.
    long spent = codes.match(SECRET, normalized, NOW, NOW + window);
    assertThat(spent).isEqualTo(
        expectedStep == TotpCodes.NO_MATCH ? TotpCodes.NO_MATCH : TotpCodes.ALREADY_USED);
  }

  /** The documented rule, written out independently of the implementation. */
  private static String expected(String input, int digits) {
    if (input == null || input.length() > TotpCodes.MAX_INPUT_LENGTH) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    int dashes = 0;
    for (char c : input.toCharArray()) {
      if (" \t\u00a0\u2009\u202f".indexOf(c) >= 0) {
        continue;
      }
      if (c == '-') {
        dashes++;
        continue;
      }
      kept.append(c);
    }
    String s = kept.toString();
    return dashes <= 1 && s.length() == digits && s.chars().allMatch(c -> c >= '0' && c <= '9')
        ? s : null;
  }
}
