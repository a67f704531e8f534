package dev.latchkey.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.fuzz.FuzzInput;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the libphonenumber normaliser with what a person might type and any region. Seeds:
 * {@code LibPhoneNumberNormalizerFuzzTestInputs/<method>/}.
 */
class LibPhoneNumberNormalizerFuzzTest {
  /**
   * Input: region 0xFF number. Never throws; an answer is E.164 (core's check) and normalises to
   * itself with or without a region.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "30s")
  void anythingIsE164OrNothing(byte[] data) {
    List<String> f = FuzzInput.fields(data, 2);
    String region = f.get(0).isEmpty() ? null : f.get(0);
    Optional<String> out = LibPhoneNumberNormalizer.create().toE164(f.get(1), region);
    out.ifPresent(e164 -> {
      assertThat(Destinations.isE164(e164)).isTrue();
      assertThat(LibPhoneNumberNormalizer.create().toE164(e164, null)).contains(e164);
      assertThat(LibPhoneNumberNormalizer.create().toE164(e164, region)).contains(e164);
    });
  }
}
