package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LocationsTest {
  private static final IpLocator SAN_FRANCISCO =
      ip -> Optional.of(new Location("San Francisco", "California", "US"));

  /** The English label of what Latchkey stores for {@code ip}. */
  private static String label(IpLocator locator, String ip) {
    return ClientLabels.english().location(Locations.describe(locator, ip));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1            | Localhost",
      "::1                  | Localhost",
      "[::1]                | Localhost",
      "::ffff:127.0.0.1     | Localhost",
      "10.1.2.3             | Private network",
      "192.168.0.10         | Private network",
      "172.20.0.1           | Private network",
      "100.100.100.100      | Private network",
      "169.254.1.1          | Private network",
      "fd00::1              | Private network",
      "fe80::1%eth0         | Private network",
      "8.8.8.8              | San Francisco, US",
      "2001:db8::1          | San Francisco, US"})
  void describeNamesSpecialAddressesWithoutAskingTheLocator(String ip, String expected) {
    List<String> asked = new ArrayList<>();
    IpLocator recording = address -> {
      asked.add(address);
      return SAN_FRANCISCO.locate(address);
    };
    assertThat(label(recording, ip)).isEqualTo(expected);
    assertThat(asked).hasSize(expected.equals("San Francisco, US") ? 1 : 0);
    Location stored = Locations.describe(SAN_FRANCISCO, ip);
    switch (expected) {
      case "Localhost" -> assertThat(stored).isEqualTo(Location.of(AddressScope.LOOPBACK));
      case "Private network" -> assertThat(stored).isEqualTo(Location.of(AddressScope.PRIVATE));
      default -> assertThat(stored).isEqualTo(new Location("San Francisco", "California", "US"));
    }
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"unknown", "example.com", "1.2.3", "8.8.8.8, 10.0.0.1", "::g",
      "\u0000", "999.1.1.1"})
  void describeWhenNotAnAddressThenUnknownAndLocatorNotAsked(String ip) {
    IpLocator mustNotBeAsked = address -> {
      throw new AssertionError("asked about " + address);
    };
    assertThat(Locations.describe(mustNotBeAsked, ip)).isEqualTo(Location.of(AddressScope.UNKNOWN));
    assertThat(label(mustNotBeAsked, ip)).isEqualTo("Unknown location");
  }

  @Test
  void describePassesTheCanonicalLiteralToTheLocator() {
    List<String> asked = new ArrayList<>();
    IpLocator recording = address -> {
      asked.add(address);
      return Optional.empty();
    };
    Locations.describe(recording, " 2001:DB8:0:0:0:0:0:1 ");
    Locations.describe(recording, "[2001:db8::2%en0]");
    Locations.describe(recording, "::ffff:8.8.4.4");
    assertThat(asked).containsExactly("2001:db8::1", "2001:db8::2", "8.8.4.4");
  }

  @Test
  void describeWhenLocatorHasNoAnswerThenUnknownLocation() {
    Location publicButUnplaced = Location.of(AddressScope.PUBLIC);
    assertThat(Locations.describe(IpLocator.none(), "8.8.8.8")).isEqualTo(publicButUnplaced);
    assertThat(Locations.describe(null, "8.8.8.8")).isEqualTo(publicButUnplaced);
    assertThat(Locations.describe(ip -> Optional.of(new Location("", "", "")), "8.8.8.8"))
        .isEqualTo(publicButUnplaced);
    assertThat(label(IpLocator.none(), "8.8.8.8")).isEqualTo("Unknown location");
  }

  @Test
  void describeWhenLocatorMisbehavesThenUnknownLocation() {
    IpLocator throwing = ip -> {
      throw new IllegalStateException("database closed");
    };
    IpLocator returningNull = ip -> null;
    assertThat(Locations.describe(throwing, "8.8.8.8")).isEqualTo(Location.of(AddressScope.PUBLIC));
    assertThat(Locations.describe(returningNull, "8.8.8.8"))
        .isEqualTo(Location.of(AddressScope.PUBLIC));
    assertThat(label(throwing, "8.8.8.8")).isEqualTo("Unknown location");
    assertThat(label(returningNull, "8.8.8.8")).isEqualTo("Unknown location");
  }

  @Test
  void describeWhenLocatorKnowsOnlyTheCountryThenCountryCode() {
    assertThat(label(ip -> Optional.of(new Location("", "Bavaria", "DE")), "1.1.1.1"))
        .isEqualTo("DE");
  }

  @Test
  void describeWhenLocatorAnswersAnotherScopeThenPublic() {
    IpLocator confused = ip -> Optional.of(new Location("Berlin", "", "DE", AddressScope.LOOPBACK));
    assertThat(Locations.describe(confused, "1.1.1.1"))
        .isEqualTo(new Location("Berlin", "", "DE", AddressScope.PUBLIC));
  }

  @Test
  void describeWithCsvLocator() {
    CsvIpLocator locator =
        CsvIpLocator.dbIpLite(CsvIpLocatorTest.resource("dbip-city-lite.csv"));
    assertThat(label(locator, "8.8.8.8")).isEqualTo("Mountain View, US");
    assertThat(Locations.describe(locator, "8.8.8.8"))
        .isEqualTo(new Location("Mountain View", "California", "US"));
    assertThat(label(locator, "23.32.0.1")).isEqualTo("Washington, D.C., US");
    assertThat(label(locator, "223.255.255.1")).isEqualTo("AU");
    assertThat(label(locator, "9.9.9.9")).isEqualTo("Unknown location");
    assertThat(label(locator, "127.0.0.1")).isEqualTo("Localhost");
  }

  @Test
  void noneAlwaysAnswersEmpty() {
    assertThat(IpLocator.none().locate("8.8.8.8")).isEmpty();
    assertThat(IpLocator.none().locate(null)).isEmpty();
  }
}
