package dev.latchkey.delivery;

import java.util.Optional;

/**
 * Turns a phone number as a person typed it ({@code 020 7946 0018}, {@code (415) 555-0123}) into
 * E.164 ({@code +442079460018}). Core has only {@link #e164Only()}, which accepts numbers already
 * in that form; {@code latchkey-delivery-sms} has {@code LibPhoneNumberNormalizer}, on Google's
 * libphonenumber, which knows every country's numbering plan.
 *
 * <p>Implementations must be thread-safe and never throw for any input.
 */
@FunctionalInterface
public interface PhoneNumberNormalizer {

  /**
   * The number in E.164 form.
   *
   * @param input what the person typed
   * @param defaultRegion the ISO 3166-1 alpha-2 region a number without a {@code +} country code
   *     is read in ({@code "GB"}), or {@code null} to accept only numbers with one
   * @return empty when it is not a valid number (an implementation's result must pass
   *     {@link Destinations#isE164})
   */
  Optional<String> toE164(String input, String defaultRegion);

  /** Accepts exactly the strings {@link Destinations#isE164} accepts, after stripping whitespace. */
  static PhoneNumberNormalizer e164Only() {
    return (input, region) -> {
      if (input == null || input.length() > 64) {
        return Optional.empty();
      }
      String s = input.strip();
      return Destinations.isE164(s) ? Optional.of(s) : Optional.empty();
    };
  }
}
