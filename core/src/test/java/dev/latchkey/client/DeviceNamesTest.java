package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The default {@link DeviceNamer}: structured output, and its English label. */
class DeviceNamesTest {
  private static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
      + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  private static final Device CHROME_120_ON_MAC =
      new Device("Chrome", 120, "macOS", DeviceType.DESKTOP);
  private static final ClientLabels ENGLISH = ClientLabels.english();

  /**
   * The rows of user-agents.tsv: label, browser, major version, OS, device type code, User-Agent
   * (TAB-separated).
   */
  static List<Arguments> realUserAgents() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = DeviceNamesTest.class.getResourceAsStream("user-agents.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 6);
        Device expected = new Device(f[1], Integer.parseInt(f[2]), f[3], DeviceType.fromCode(f[4]));
        assertThat(expected.type().code()).as("type code in %s", line).isEqualTo(f[4]);
        rows.add(Arguments.of(f[0], expected, f[5]));
      }
    }
    return rows;
  }

  @ParameterizedTest(name = "{0} <- {2}")
  @MethodSource("realUserAgents")
  void identifyRealUserAgent(String label, Device expected, String userAgent) {
    Device device = DeviceNames.identify(userAgent);
    assertThat(device).isEqualTo(expected);
    assertThat(ENGLISH.device(device)).isEqualTo(label);
    assertThat(DeviceNamer.userAgentParser().identify(userAgent)).isEqualTo(expected);
  }

  @Test
  void fixtureCoversAtLeastSeventyDistinctRealAgents() throws IOException {
    long distinct = realUserAgents().stream().map(a -> a.get()[2]).distinct().count();
    assertThat(distinct).isGreaterThanOrEqualTo(70);
  }

  @Test
  void fixtureCoversEveryDeviceTypeAClientCanHave() throws IOException {
    assertThat(realUserAgents().stream().map(a -> ((Device) a.get()[1]).type()))
        .containsAll(EnumSet.complementOf(EnumSet.of(DeviceType.NONE)));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\r\n", "\u00a0", "\u0000\u0001"})
  void identifyWhenMissingOrBlankThenUnknownDevice(String userAgent) {
    assertThat(DeviceNames.identify(userAgent)).isEqualTo(Device.unknown());
    assertThat(ENGLISH.device(DeviceNames.identify(userAgent))).isEqualTo("Unknown device");
  }

  @Test
  void identifyIsCaseInsensitive() {
    assertThat(DeviceNames.identify(CHROME_ON_MAC.toUpperCase())).isEqualTo(CHROME_120_ON_MAC);
    assertThat(DeviceNames.identify("CURL/8.4.0"))
        .isEqualTo(new Device("curl", 8, "", DeviceType.TOOL));
  }

  @Test
  void identifyWhenMarkersArePastTheFirst512CharactersThenIgnoresThem() {
    String padding = "x".repeat(DeviceNames.MAX_INPUT);
    assertThat(DeviceNames.identify(padding + CHROME_ON_MAC)).isEqualTo(Device.unknown());
    assertThat(DeviceNames.identify(CHROME_ON_MAC + padding.repeat(2_000)))
        .isEqualTo(CHROME_120_ON_MAC);
  }

  @Test
  void identifyWhenControlCharactersAndUnicodeThenStillNamesTheBrowser() {
    String mangled = "Mozilla/5.0 (Macintosh;\u0000 Intel Mac OS X 10_15_7)\r\n\u202e "
        + "AppleWebKit/537.36 (KHTML, like Gecko) \ud83d\ude00 Chrome/120.0.0.0 Safari/537.36";
    assertThat(DeviceNames.identify(mangled)).isEqualTo(CHROME_120_ON_MAC);
  }

  @Test
  void identifyWhenGenericBotNameIsHostileThenResultIsCleanAndShort() {
    Device bot = DeviceNames.identify("Mozilla/5.0 (compatible; " + "A".repeat(300) + "bot/1.0)");
    assertThat(bot.type()).isEqualTo(DeviceType.BOT);
    assertThat(bot.browser()).hasSize(DeviceNames.MAX_BOT_NAME).matches("A+");
    // Only letters, digits, '.', '_' and '-' are ever copied from the header.
    assertThat(DeviceNames.identify("Evil\u0007\u001b[31mBot/1.0"))
        .isEqualTo(new Device("31mBot", 1, "", DeviceType.BOT));
  }

  @Test
  void identifyWhenCubotPhoneThenNotABot() {
    String cubot = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    assertThat(DeviceNames.identify(cubot))
        .isEqualTo(new Device("Chrome", 120, "Android", DeviceType.MOBILE));
  }

  @Test
  void identifyWhenVersionIsTooLongOrMissingThenZero() {
    assertThat(DeviceNames.identify("curl/12345678.0").browserVersion()).isZero();
    assertThat(DeviceNames.identify("curl/").browserVersion()).isZero();
    assertThat(DeviceNames.identify("curl/999999.1").browserVersion()).isEqualTo(999_999);
  }

  @Test
  void aBrowserUpdateIsTheSameDevice() {
    Device older = DeviceNames.identify(CHROME_ON_MAC.replace("Chrome/120", "Chrome/119"));
    assertThat(older.browserVersion()).isEqualTo(119);
    assertThat(older).isNotEqualTo(CHROME_120_ON_MAC);
    assertThat(older.isSameDeviceAs(CHROME_120_ON_MAC)).isTrue();
    assertThat(CHROME_120_ON_MAC.isSameDeviceAs(
        new Device("Chrome", 120, "macOS", DeviceType.TABLET))).isFalse();
    assertThat(CHROME_120_ON_MAC.isSameDeviceAs(
        new Device("Chrome", 120, "Windows", DeviceType.DESKTOP))).isFalse();
    assertThat(CHROME_120_ON_MAC.isSameDeviceAs(
        new Device("Edge", 120, "macOS", DeviceType.DESKTOP))).isFalse();
  }

  @Test
  void theDefaultNamerIsTheParser() {
    assertThat(DeviceNamer.userAgentParser()).isSameAs(DeviceNamer.userAgentParser())
        .hasToString("DeviceNamer.userAgentParser()");
    assertThat(DeviceNamer.userAgentParser().identify(CHROME_ON_MAC)).isEqualTo(CHROME_120_ON_MAC);
  }

  @Property
  void identifyNeverThrowsAndReturnsShortPrintableNames(
      @ForAll @StringLength(max = 2_000) String userAgent) {
    assertShortPrintable(DeviceNames.identify(userAgent));
  }

  @Property(tries = 2_000)
  void identifyOfRecombinedAgentFragmentsReturnsShortPrintableNames(
      @ForAll("agentLike") String userAgent) {
    assertShortPrintable(DeviceNames.identify(userAgent));
  }

  /** Pieces of real agents glued together at random, to reach every branch and combination. */
  @Provide
  Arbitrary<String> agentLike() throws IOException {
    List<String> fragments = new ArrayList<>();
    for (Arguments row : realUserAgents()) {
      for (String piece : ((String) row.get()[2]).split("[ ;()]")) {
        if (!piece.isEmpty()) {
          fragments.add(piece);
        }
      }
    }
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.of(fragments),
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.of(" ", ";", "(", ")", "/", "bot", "Bot/", "\u0000", "\ud83d", "\t", "/9"));
    return fragment.list().ofMaxSize(60).map(parts -> parts.stream().collect(Collectors.joining()));
  }

  private static void assertShortPrintable(Device device) {
    assertThat(device.type()).isNotNull().isNotEqualTo(DeviceType.NONE);
    assertThat(device.browserVersion()).isBetween(0, 999_999);
    for (String name : List.of(device.browser(), device.os())) {
      assertThat(name).hasSizeLessThanOrEqualTo(DeviceNames.MAX_BOT_NAME)
          .matches("[ -~]*").isEqualTo(name.strip());
    }
    String label = ENGLISH.device(device);
    assertThat(label).isNotBlank().hasSizeLessThanOrEqualTo(64).matches("[ -~]+");
  }
}
