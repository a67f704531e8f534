package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

class DeviceNamesTest {
  private static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
      + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

  /** The rows of user-agents.tsv: expected name, TAB, User-Agent. */
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
        int tab = line.indexOf('\t');
        rows.add(Arguments.of(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
    return rows;
  }

  @ParameterizedTest(name = "{0} <- {1}")
  @MethodSource("realUserAgents")
  void describeRealUserAgent(String expected, String userAgent) {
    assertThat(DeviceNames.describe(userAgent)).isEqualTo(expected);
  }

  @Test
  void fixtureCoversAtLeastSeventyDistinctRealAgents() throws IOException {
    long distinct = realUserAgents().stream().map(a -> a.get()[1]).distinct().count();
    assertThat(distinct).isGreaterThanOrEqualTo(70);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "\t\r\n", "\u00a0", "\u0000\u0001"})
  void describeWhenMissingOrBlankThenUnknownDevice(String userAgent) {
    assertThat(DeviceNames.describe(userAgent)).isEqualTo("Unknown device");
  }

  @Test
  void describeIsCaseInsensitive() {
    assertThat(DeviceNames.describe(CHROME_ON_MAC.toUpperCase())).isEqualTo("Chrome on macOS");
    assertThat(DeviceNames.describe("CURL/8.4.0")).isEqualTo("curl");
  }

  @Test
  void describeWhenMarkersArePastTheFirst512CharactersThenIgnoresThem() {
    String padding = "x".repeat(DeviceNames.MAX_INPUT);
    assertThat(DeviceNames.describe(padding + CHROME_ON_MAC)).isEqualTo("Unknown device");
    assertThat(DeviceNames.describe(CHROME_ON_MAC + padding.repeat(2_000)))
        .isEqualTo("Chrome on macOS");
  }

  @Test
  void describeWhenControlCharactersAndUnicodeThenStillNamesTheBrowser() {
    String mangled = "Mozilla/5.0 (Macintosh;\u0000 Intel Mac OS X 10_15_7)\r\n\u202e "
        + "AppleWebKit/537.36 (KHTML, like Gecko) \ud83d\ude00 Chrome/120.0.0.0 Safari/537.36";
    assertThat(DeviceNames.describe(mangled)).isEqualTo("Chrome on macOS");
  }

  @Test
  void describeWhenGenericBotNameIsHostileThenResultIsCleanAndShort() {
    String name = DeviceNames.describe("Mozilla/5.0 (compatible; " + "A".repeat(300)
        + "bot/1.0)");
    assertThat(name).hasSizeLessThanOrEqualTo(DeviceNames.MAX_LENGTH).matches("[ -~]+");
    // Only letters, digits, '.', '_' and '-' are ever copied from the header.
    assertThat(DeviceNames.describe("Evil\u0007\u001b[31mBot/1.0")).isEqualTo("31mBot");
  }

  @Test
  void describeWhenCubotPhoneThenNotABot() {
    String cubot = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    assertThat(DeviceNames.describe(cubot)).isEqualTo("Chrome on Android");
  }

  @Property
  void describeNeverThrowsAndReturnsShortPrintableText(
      @ForAll @StringLength(max = 2_000) String userAgent) {
    assertShortPrintable(DeviceNames.describe(userAgent));
  }

  @Property(tries = 2_000)
  void describeOfRecombinedAgentFragmentsReturnsShortPrintableText(
      @ForAll("agentLike") String userAgent) {
    assertShortPrintable(DeviceNames.describe(userAgent));
  }

  /** Pieces of real agents glued together at random, to reach every branch and combination. */
  @Provide
  Arbitrary<String> agentLike() throws IOException {
    List<String> fragments = new ArrayList<>();
    for (Arguments row : realUserAgents()) {
      for (String piece : ((String) row.get()[1]).split("[ ;()]")) {
        if (!piece.isEmpty()) {
          fragments.add(piece);
        }
      }
    }
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.of(fragments),
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.of(" ", ";", "(", ")", "/", "bot", "Bot/", "\u0000", "\ud83d", "\t"));
    return fragment.list().ofMaxSize(60).map(parts -> parts.stream().collect(Collectors.joining()));
  }

  private static void assertShortPrintable(String name) {
    assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(DeviceNames.MAX_LENGTH)
        .matches("[ -~]+").isEqualTo(name.strip());
  }
}
