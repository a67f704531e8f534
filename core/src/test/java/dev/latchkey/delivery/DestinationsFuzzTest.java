package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the destination checks core applies to what a person typed (an email address, a phone
 * number said to be in E.164 form) before a code is sent there. Seeds:
 * {@code DestinationsFuzzTestInputs/<method>/}.
 */
class DestinationsFuzzTest {
  /** The accepted shape, written independently of the parser. */
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
      + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  /**
   * Any text: normalising never throws; an accepted address matches the strict shape, fits SMTP's
   * limits, has a lower-case domain, is valid as it stands, normalises to itself, and masks
   * without revealing the local part beyond its first character.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "30s")
  void emailNormalisationIsStrictAndIdempotent(byte[] data) {
    String input = FuzzInput.text(data);
    Optional<String> out = Destinations.normalizeEmail(input);
    if (out.isEmpty()) {
      return;
    }
    String email = out.get();
    assertThat(email).matches(EMAIL).hasSizeLessThanOrEqualTo(Destinations.MAX_EMAIL_LENGTH);
    int at = email.indexOf('@');
    assertThat(at).isBetween(1, 64);
    assertThat(email.substring(at)).isLowerCase();
    assertThat(email).isEqualTo(input.strip().substring(0, at) + email.substring(at));
    assertThat(Destinations.normalizeEmail(email)).contains(email);
    assertThat(Destinations.isValid(Channel.EMAIL, email)).isTrue();
    String masked = Destinations.mask(Channel.EMAIL, email);
    assertThat(masked).startsWith(email.substring(0, 1) + "\u2022\u2022\u2022@")
        .endsWith(email.substring(at + 1));
  }

  /**
   * Any text: the E.164 check agrees with its definition; an accepted number goes through the
   * {@link PhoneNumberNormalizer#e164Only()} normaliser unchanged and masks to its country-code
   * start and last two digits.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "30s")
  void e164CheckMatchesItsDefinition(byte[] data) {
    String input = FuzzInput.text(data);
    boolean valid = Destinations.isE164(input);
    assertThat(valid).isEqualTo(E164.matcher(input).matches());
    assertThat(Destinations.isValid(Channel.SMS, input)).isEqualTo(valid);
    Optional<String> normalized = PhoneNumberNormalizer.e164Only().toE164(input, null);
    if (valid) {
      assertThat(normalized).contains(input);
      String masked = Destinations.mask(Channel.SMS, input);
      assertThat(masked).hasSameSizeAs(input).startsWith(input.substring(0, 3))
          .endsWith(input.substring(input.length() - 2));
    } else {
      normalized.ifPresent(n -> assertThat(n).matches(E164));
      assertThat(Destinations.mask(Channel.SMS, input)).isEqualTo("\u2022\u2022\u2022");
    }
  }
}
