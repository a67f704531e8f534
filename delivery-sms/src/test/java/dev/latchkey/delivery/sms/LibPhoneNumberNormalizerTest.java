package dev.latchkey.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.delivery.PhoneNumberNormalizer;
import org.junit.jupiter.api.Test;

class LibPhoneNumberNormalizerTest {
  private final PhoneNumberNormalizer n = LibPhoneNumberNormalizer.create();

  @Test
  void readsNumbersAsPeopleWriteThemIntoE164() {
    assertThat(n.toE164("020 7946 0018", "GB")).contains("+442079460018");
    assertThat(n.toE164("(415) 555-0123", "us")).contains("+14155550123");
    assertThat(n.toE164("+49 30 901820", null)).contains("+4930901820");
    assertThat(n.toE164("+44 20 7946 0018", "US")).as("a country code wins")
        .contains("+442079460018");
  }

  @Test
  void refusesWhatIsNotAValidNumber() {
    assertThat(n.toE164("020 7946 001", "GB")).as("one digit short").isEmpty();
    assertThat(n.toE164("4155550123", null)).as("no region, no country code").isEmpty();
    assertThat(n.toE164("call me", "GB")).isEmpty();
    assertThat(n.toE164("", "GB")).isEmpty();
    assertThat(n.toE164(null, "GB")).isEmpty();
    assertThat(n.toE164("1".repeat(65), "GB")).isEmpty();
    assertThat(n.toE164("020 7946 0018", "XX")).as("unknown region").isEmpty();
  }
}
