package dev.latchkey.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Location;
import dev.latchkey.common.LatchkeyException;
import dev.latchkey.geoip.MmdbFileException.Problem;
import dev.latchkey.store.tck.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MmdbIpLocatorTest {
  @TempDir Path dir;

  private MmdbIpLocator open(MmdbWriter writer) {
    return MmdbIpLocator.open(writer.write(dir.resolve("test.mmdb")));
  }

  @Nested
  class GeoLite2Layout {
    @Test
    void locateWhenIpv4InANetworkThenCityRegionAndCountry() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("81.2.69.142"))
            .contains(new Location("London", "England", "GB"));
        assertThat(locator.locate("81.2.69.142").orElseThrow().scope())
            .isEqualTo(AddressScope.PUBLIC);
      }
    }

    @Test
    void locateWhenNarrowerNetworkInsideThenTheNarrowerOneAnswers() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("81.2.69.170"))
            .contains(new Location("Kensington", "England", "GB"));
        assertThat(locator.locate("81.2.69.159")).contains(new Location("London", "England", "GB"));
        assertThat(locator.locate("81.2.69.192")).contains(new Location("London", "England", "GB"));
      }
    }

    @Test
    void locateWhenIpv6InANetworkThenCityRegionAndCountry() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("2001:218:85a3::8a2e:370:7334"))
            .contains(new Location("Tokyo", "Tokyo", "JP"));
      }
    }

    @Test
    void locateWhenIpv4MappedIpv6ThenAsTheIpv4Address() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("::ffff:81.2.69.142"))
            .contains(new Location("London", "England", "GB"));
      }
    }

    @Test
    void locateWhenSubdivisionHasOnlyACodeThenTheCodeAndNoCity() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("175.16.199.1")).contains(new Location("", "22", "CN"));
      }
    }

    @Test
    void locateWhenOnlyRegisteredCountryThenThatCountry() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("202.196.224.9")).contains(new Location("", "", "PH"));
      }
    }

    @Test
    void locateWhenRecordNamesNoPlaceThenEmpty() {
      try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
        assertThat(locator.locate("203.0.113.7")).isEmpty();
      }
    }
  }

  @Nested
  class DbIpLayout {
    @Test
    void locateWhenIpv4ThenEnglishNamesAndCountry() {
      try (MmdbIpLocator locator = open(TestDatabases.dbIp())) {
        assertThat(locator.locate("89.160.20.112"))
            .contains(new Location("Linköping", "Östergötland", "SE"));
      }
    }

    @Test
    void locateWhenIpv6ThenEnglishNamesAndCountry() {
      try (MmdbIpLocator locator = open(TestDatabases.dbIp())) {
        assertThat(locator.locate("2a02:cf40:add:4002::91f"))
            .contains(new Location("Berlin", "Land Berlin", "DE"));
      }
    }

    @Test
    void locateWhenCountryIsZzThenEmpty() {
      try (MmdbIpLocator locator = open(TestDatabases.dbIp())) {
        assertThat(locator.locate("192.0.2.1")).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 28, 32})
  void locateWhenAnyRecordSizeThenSameAnswers(int recordSize) {
    try (MmdbIpLocator locator = open(TestDatabases.geoLite2().recordSize(recordSize))) {
      assertThat(locator.locate("81.2.69.170"))
          .contains(new Location("Kensington", "England", "GB"));
      assertThat(locator.locate("2001:218::1")).contains(new Location("Tokyo", "Tokyo", "JP"));
      assertThat(locator.locate("81.2.70.1")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"81.2.70.1", "8.8.8.8", "255.255.255.255", "0.0.0.0", "2001:219::1",
      "2a02:cf48::1", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
  void locateWhenAddressInNoNetworkThenEmpty(String address) {
    try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
      assertThat(locator.locate(address)).isEmpty();
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "example.com", "localhost", "1.2.3", "1.2.3.4.5", "01.2.69.142",
      "81.2.69.256", "81.2.69.142:443", "[2001:218::1]", "2001:218::1%eth0", "2001:218::1::2",
      "zz:1", ".:", "::g", "1.2.3.4/24", "8l.2.69.142", "\u0000", "81.2.69.142 "})
  void locateWhenNotALiteralThenEmpty(String text) {
    try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
      assertThat(locator.locate(text)).isEmpty();
    }
  }

  @Test
  void locateWhenHugeInputThenEmpty() {
    char[] huge = new char[100_000];
    Arrays.fill(huge, '1');
    try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
      assertThat(locator.locate(new String(huge))).isEmpty();
    }
  }

  @Test
  void locateWhenIpv4OnlyDatabaseAndIpv6AddressThenEmptyWithoutWarning() {
    MmdbWriter writer = MmdbWriter.ipv4("GeoLite2-Country")
        .insert("81.2.69.0/24", MmdbWriter.geoLite2City(null, null, null, "GB"));
    try (MmdbIpLocator locator = open(writer)) {
      assertThat(locator.locate("81.2.69.1")).contains(new Location("", "", "GB"));
      String log = TestDatabases.stderrOf(() -> locator.locate("2001:218::1"));
      assertThat(log).isEmpty();
      assertThat(locator.locate("2001:218::1")).isEmpty();
    }
  }

  @Test
  void locateWhenARecordIsDamagedThenEmptyAndOneWarningNamingTheFileNotTheAddress() {
    // 0x00 0x10: an extended type 23, which no MaxMind DB type is.
    MmdbWriter writer = TestDatabases.geoLite2()
        .insert("198.51.100.0/24", new MmdbWriter.Raw(new byte[] {0x00, 0x10}))
        .insert("2001:db8:77::/48", Map.of("city", "a string where a map belongs"));
    try (MmdbIpLocator locator = open(writer)) {
      String log = TestDatabases.stderrOf(() -> {
        for (int i = 0; i < 50; i++) {
          assertThat(locator.locate("198.51.100.77")).isEmpty();
          assertThat(locator.locate("2001:db8:77::99")).isEmpty();
        }
        return null;
      });
      assertThat(log.lines().filter(line -> line.contains("WARN"))).hasSize(1);
      assertThat(log).contains(dir.resolve("test.mmdb").toString(), "GeoLite2-City")
          .doesNotContain("198.51.100", "2001:db8:77");
      // The healthy records still answer.
      assertThat(locator.locate("81.2.69.142")).contains(new Location("London", "England", "GB"));
    }
  }

  @Test
  void toStringWhenOpenThenNamesFileAndDatabaseType() {
    try (MmdbIpLocator locator = open(TestDatabases.dbIp().buildEpoch(1_790_000_000L))) {
      assertThat(locator.toString()).isEqualTo("MmdbIpLocator[file=" + dir.resolve("test.mmdb")
          + ", databaseType=DBIP-City-Lite, built=2026-09-21T14:13:20Z, reloads on reload()]");
    }
  }

  @Test
  void closeWhenClosedThenLookupsAnswerEmptyAndReloadIsMisuse() {
    MmdbIpLocator locator = open(TestDatabases.geoLite2());
    locator.close();
    locator.close(); // idempotent
    assertThat(locator.locate("81.2.69.142")).isEmpty();
    assertThat(locator.toString()).endsWith(", closed]");
    assertThatThrownBy(locator::reload).isInstanceOf(IllegalStateException.class);
  }

  @Nested
  class Opening {
    private Problem problemOpening(Path file) {
      try {
        MmdbIpLocator.open(file).close();
      } catch (MmdbFileException e) {
        assertThat(e).isInstanceOf(LatchkeyException.class);
        assertThat(e.getMessage()).contains(file.toString(), "GeoLite2-City", "DBIP-City-Lite");
        return e.problem();
      }
      throw new AssertionError("opened " + file);
    }

    @Test
    void openWhenNoFileThenMissing() {
      assertThat(problemOpening(dir.resolve("GeoLite2-City.mmdb"))).isEqualTo(Problem.MISSING);
    }

    @Test
    void openWhenDirectoryThenUnreadable() {
      assertThat(problemOpening(dir)).isEqualTo(Problem.UNREADABLE);
    }

    @Test
    void openWhenTruncatedThenMalformed() throws IOException {
      byte[] whole = TestDatabases.geoLite2().toBytes();
      Path file = Files.write(dir.resolve("truncated.mmdb"),
          Arrays.copyOf(whole, whole.length / 2));
      assertThat(problemOpening(file)).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void openWhenLastBytesMissingThenMalformed() throws IOException {
      // A download cut short inside the metadata: the marker is there, the map is not whole.
      byte[] whole = TestDatabases.geoLite2().toBytes();
      for (int missing : new int[] {1, 10, 100}) {
        Path file = Files.write(dir.resolve("short.mmdb"),
            Arrays.copyOf(whole, whole.length - missing));
        assertThat(problemOpening(file)).as("%d bytes missing", missing)
            .isEqualTo(Problem.MALFORMED);
      }
    }

    @Test
    void openWhenGarbageThenMalformed() throws IOException {
      byte[] garbage = new byte[4096];
      for (int i = 0; i < garbage.length; i++) {
        garbage[i] = (byte) (i * 31 + 7);
      }
      Path file = Files.write(dir.resolve("garbage.mmdb"), garbage);
      assertThat(problemOpening(file)).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void openWhenEmptyFileThenMalformed() throws IOException {
      Path file = Files.write(dir.resolve("empty.mmdb"), new byte[0]);
      assertThat(problemOpening(file)).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void openWhenCsvInsteadThenMalformed() throws IOException {
      Path file = Files.writeString(dir.resolve("dbip.csv"),
          "1.0.0.0,1.0.0.255,OC,AU,Queensland,\"South Brisbane\",-27.4767,153.017\n");
      assertThat(problemOpening(file)).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void openWhenAsnDatabaseThenUnsupportedTypeNamingIt() {
      Path file = MmdbWriter.ipv6("GeoLite2-ASN")
          .insert("1.0.0.0/24", Map.of("autonomous_system_number", 13335))
          .write(dir.resolve("GeoLite2-ASN.mmdb"));
      assertThat(problemOpening(file)).isEqualTo(Problem.UNSUPPORTED_TYPE);
      assertThatThrownBy(() -> MmdbIpLocator.open(file)).hasMessageContaining("'GeoLite2-ASN'");
    }

    @Test
    void openWhenEverySupportedTypeThenOpens() {
      for (String type : MmdbIpLocator.SUPPORTED_DATABASE_TYPES) {
        Path file = MmdbWriter.ipv6(type)
            .insert("81.2.69.0/24", MmdbWriter.dbIpCityLite("London", null, "GB"))
            .write(dir.resolve("db.mmdb"));
        try (MmdbIpLocator locator = MmdbIpLocator.open(file)) {
          assertThat(locator.locate("81.2.69.1")).contains(new Location("London", "", "GB"));
        }
      }
    }
  }

  @Test
  void builderWhenCheckIntervalTooShortThenRejectedNamingTheValue() {
    assertThatThrownBy(() -> MmdbIpLocator.builder(dir.resolve("x.mmdb"))
        .reloadWhenChanged(Duration.ofMillis(500), MutableClock.atEpochOfTests()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0.5S").hasMessageContaining("PT1S");
  }

  @Test
  void locateWhenManyDifferentInputsThenNeverThrows() {
    try (MmdbIpLocator locator = open(TestDatabases.geoLite2())) {
      for (int i = 0; i < 2_000; i++) {
        Optional<Location> answer = locator.locate(i + "." + (i * 7 % 300) + ".1." + (i % 260));
        assertThat(answer).isNotNull();
      }
    }
  }
}
