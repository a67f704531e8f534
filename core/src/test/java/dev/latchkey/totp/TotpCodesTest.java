package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine against the RFC test vectors. {@code TotpEnrollerTest} (in store-inmemory) runs the
 * same vectors end to end through {@code confirm} and {@code verify}.
 */
class TotpCodesTest {
  static final byte[] SEED_SHA1 = ascii("12345678901234567890");
  static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");
  static final byte[] SEED_SHA512 =
      ascii("1234567890123456789012345678901234567890123456789012345678901234");

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static TotpCodes engine(TotpSettings.Algorithm algorithm, int digits, int window) {
    return new TotpCodes(TotpSettings.builder().issuer("RFC").algorithm(algorithm).digits(digits)
        .window(window).build());
  }

  static byte[] seed(TotpSettings.Algorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> SEED_SHA1;
      case SHA256 -> SEED_SHA256;
      case SHA512 -> SEED_SHA512;
    };
  }

  /** RFC 6238 Appendix B, all 18 rows. */
  @ParameterizedTest(name = "{1} at {0} -> {2}")
  @CsvSource({
      "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
      "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774",
      "1111111109, SHA512, 25091201",
      "1111111111, SHA1, 14050471", "1111111111, SHA256, 67062674",
      "1111111111, SHA512, 99943326",
      "1234567890, SHA1, 89005924", "1234567890, SHA256, 91819424",
      "1234567890, SHA512, 93441116",
      "2000000000, SHA1, 69279037", "2000000000, SHA256, 90698825",
      "2000000000, SHA512, 38618901",
      "20000000000, SHA1, 65353130", "20000000000, SHA256, 77737706",
      "20000000000, SHA512, 47863826"})
  void rfc6238AppendixB(long unixSeconds, TotpSettings.Algorithm algorithm, String expected) {
    TotpCodes codes = engine(algorithm, 8, 0);
    long step = codes.stepAt(Instant.ofEpochSecond(unixSeconds));
    assertThat(codes.codeAt(seed(algorithm), step)).isEqualTo(expected);
    assertThat(codes.match(seed(algorithm), expected, step, -1)).isEqualTo(step);
  }

  /** RFC 4226 Appendix D: HOTP counter c is TOTP step c with SHA-1 and 6 digits. */
  @ParameterizedTest(name = "counter {0} -> {1}")
  @CsvSource({"0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314", "5, 254676",
      "6, 287922", "7, 162583", "8, 399871", "9, 520489"})
  void rfc4226AppendixD(long counter, String expected) {
    TotpCodes codes = engine(TotpSettings.Algorithm.SHA1, 6, 0);
    assertThat(codes.codeAt(SEED_SHA1, counter)).isEqualTo(expected);
    assertThat(codes.match(SEED_SHA1, expected, counter, -1)).isEqualTo(counter);
  }

  @Test
  void stepIsFloorOfUnixTimeOverPeriod() {
    TotpCodes codes = new TotpCodes(TotpSettings.builder().issuer("x")
        .period(Duration.ofSeconds(60)).build());
    assertThat(codes.stepAt(Instant.ofEpochSecond(59))).isZero();
    assertThat(codes.stepAt(Instant.ofEpochSecond(60))).isEqualTo(1);
    assertThat(codes.stepAt(Instant.ofEpochSecond(119, 999_999_999))).isEqualTo(1);
  }

  @Test
  void matchLooksOnlyWithinTheWindowAndPrefersTheSmallestUnusedStep() {
    TotpCodes codes = engine(TotpSettings.Algorithm.SHA1, 6, 1);
    String at9 = codes.codeAt(SEED_SHA1, 9);
    assertThat(codes.match(SEED_SHA1, at9, 10, -1)).isEqualTo(9);
    assertThat(codes.match(SEED_SHA1, at9, 8, -1)).isEqualTo(9);
    assertThat(codes.match(SEED_SHA1, at9, 11, -1)).isEqualTo(TotpCodes.NO_MATCH);
    assertThat(codes.match(SEED_SHA1, at9, 7, -1)).isEqualTo(TotpCodes.NO_MATCH);
    assertThat(codes.match(SEED_SHA1, at9, 10, 9)).isEqualTo(TotpCodes.ALREADY_USED);
    assertThat(codes.match(SEED_SHA1, at9, 10, 10)).isEqualTo(TotpCodes.ALREADY_USED);
    // Step 0 has no step -1 to look at.
    assertThat(codes.match(SEED_SHA1, codes.codeAt(SEED_SHA1, 0), 0, -1)).isZero();
  }

  @Test
  void normalizeAcceptsSpacesAndOneDashOnly() {
    TotpCodes six = engine(TotpSettings.Algorithm.SHA1, 6, 1);
    assertThat(six.normalize("123456")).isEqualTo("123456");
    assertThat(six.normalize(" 123 456 ")).isEqualTo("123456");
    assertThat(six.normalize("123-456")).isEqualTo("123456");
    assertThat(six.normalize("123\u00a0456")).isEqualTo("123456");
    assertThat(six.normalize("123\t456")).isEqualTo("123456");
    assertThat(six.normalize("012345")).isEqualTo("012345");
    String[] malformed = {null, "", "12345", "1234567", "12-34-56", "12345a", "123 45",
        "١٢٣٤٥٦", "１２３４５６", "12345６", "+123456", "123456\n", "1".repeat(100000),
        "123456" + " ".repeat(100), "\u0000123456", "𝟏𝟐𝟑𝟒𝟓𝟔"};
    for (String m : malformed) {
      assertThat(six.normalize(m)).as("%s", m == null ? "null" : m.length() + " chars").isNull();
    }
    TotpCodes eight = engine(TotpSettings.Algorithm.SHA1, 8, 1);
    assertThat(eight.normalize("1234 5678")).isEqualTo("12345678");
    assertThat(eight.normalize("123456")).isNull();
  }
}
