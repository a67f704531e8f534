package dev.latchkey.delivery.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.PhoneNumberNormalizer;
import java.util.Optional;

/**
 * A {@link PhoneNumberNormalizer} on Google's libphonenumber: reads a number as people write it
 * ({@code 020 7946 0018} in the UK, {@code (415) 555-0123} in the US, {@code +49 30 901820}
 * anywhere) and answers it in E.164, or nothing when libphonenumber does not consider it a valid
 * number of its region (a number one digit short, an unassigned range).
 *
 * <p>Input longer than {@value #MAX_INPUT_LENGTH} characters is refused before parsing. Never
 * throws. Thread-safe: {@link PhoneNumberUtil} is.
 */
public final class LibPhoneNumberNormalizer implements PhoneNumberNormalizer {
  /** Longer input is not a phone number however it is written. */
  public static final int MAX_INPUT_LENGTH = 64;

  private static final LibPhoneNumberNormalizer INSTANCE = new LibPhoneNumberNormalizer();

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  private LibPhoneNumberNormalizer() {}

  /** The normaliser (it holds no state of its own). */
  public static LibPhoneNumberNormalizer create() {
    return INSTANCE;
  }

  /**
   * {@inheritDoc}
   *
   * @param defaultRegion an ISO 3166-1 alpha-2 code ({@code "GB"}, any case) for numbers without a
   *     {@code +} country code, or {@code null} to require one
   */
  @Override
  public Optional<String> toE164(String input, String defaultRegion) {
    if (input == null || input.isBlank() || input.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    String region = defaultRegion == null ? "ZZ" : defaultRegion.toUpperCase(java.util.Locale.ROOT);
    try {
      PhoneNumber number = util.parse(input, region);
      if (!util.isValidNumber(number)) {
        return Optional.empty();
      }
      String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
      // libphonenumber's E.164 is ours; checked anyway, so core's rule is the one that holds.
      return Destinations.isE164(e164) ? Optional.of(e164) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      // A parser bug must not become a 500 for a typed phone number.
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "LibPhoneNumberNormalizer";
  }
}
