package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value type, and its English rendering. */
class LocationTest {
  private static final ClientLabels ENGLISH = ClientLabels.english();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "San Francisco | California | US | San Francisco, US",
      "''            | California | US | US",
      "''            | ''         | US | US",
      "São Paulo     | ''         | BR | São Paulo, BR",
      "Springfield   | Illinois   | '' | Springfield",
      "''            | Bavaria    | '' | Bavaria",
      "''            | ''         | '' | Unknown location"})
  void englishShowsCityAndCountryCode(String city, String region, String country,
      String expected) {
    assertThat(ENGLISH.location(new Location(city, region, country))).isEqualTo(expected);
  }

  @Test
  void constructorTurnsNullIntoEmptyAndStripsControlCharacters() {
    Location location = new Location(null, " \tTexas\n", "U\u0000S\u001b");
    assertThat(location.city()).isEmpty();
    assertThat(location.region()).isEqualTo("Texas");
    assertThat(location.countryCode()).isEqualTo("US");
    assertThat(new Location(null, null, null).isEmpty()).isTrue();
    assertThat(ENGLISH.location(new Location(null, null, null))).isEqualTo("Unknown location");
    assertThat(new Location("", "", "DE").isEmpty()).isFalse();
  }

  @Test
  void equalComponentsMakeEqualLocations() {
    assertThat(new Location("Berlin", "", "DE")).isEqualTo(new Location(" Berlin", null, "DE "))
        .isEqualTo(new Location("Berlin", "", "DE", AddressScope.PUBLIC))
        .isNotEqualTo(new Location("Berlin", "", "DE", AddressScope.PRIVATE));
  }

  @Test
  void aLocatorsLocationIsPublicAndLatchkeysOwnAreEmpty() {
    assertThat(new Location("Berlin", "", "DE").scope()).isEqualTo(AddressScope.PUBLIC);
    assertThat(new Location("", "", "").scope()).isEqualTo(AddressScope.PUBLIC);
    for (AddressScope scope : AddressScope.values()) {
      assertThat(Location.of(scope).scope()).isEqualTo(scope);
      assertThat(Location.of(scope).isEmpty()).isTrue();
    }
    assertThatThrownBy(() -> new Location("", "", "", null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "LOOPBACK | Localhost",
      "PRIVATE  | Private network",
      "UNKNOWN  | Unknown location",
      "PUBLIC   | Unknown location",
      "NONE     | ''"})
  void englishNamesAddressesThatHaveNoPlace(AddressScope scope, String expected) {
    assertThat(ENGLISH.location(Location.of(scope))).isEqualTo(expected);
  }

  @Test
  void componentsAreCutToTheColumnSize() {
    Location huge = new Location("c".repeat(500), "r".repeat(500), "x".repeat(500));
    assertThat(huge.city()).hasSize(Location.MAX_COMPONENT_LENGTH);
    assertThat(huge.region()).hasSize(Location.MAX_COMPONENT_LENGTH);
    assertThat(huge.countryCode()).hasSize(Location.MAX_COMPONENT_LENGTH);
  }

  @Test
  void scopeCodesRoundTripAndUnknownCodesReadAsUnknown() {
    for (AddressScope scope : AddressScope.values()) {
      assertThat(AddressScope.fromCode(scope.code())).isEqualTo(scope);
      assertThat(scope.code()).matches("[a-z]{1,16}");
    }
    assertThat(AddressScope.fromCode("satellite")).isEqualTo(AddressScope.UNKNOWN);
    assertThat(AddressScope.fromCode(null)).isEqualTo(AddressScope.UNKNOWN);
  }

  @Test
  void englishWhenComponentsAreHugeThenAtMost64CharactersAndCountryKept() {
    String city = "Llanfair" + "pwllgwyngyll".repeat(10);
    String display = ENGLISH.location(new Location(city, "", "GB"));
    assertThat(display).hasSizeLessThanOrEqualTo(64).startsWith("Llanfair").endsWith(", GB");
    assertThat(ENGLISH.location(new Location("Paris", "", "Republic of France, officially")))
        .isEqualTo("Paris, Republic of Fran");
    assertThat(ENGLISH.location(new Location(city, "", ""))).hasSize(64);
    assertThat(ENGLISH.location(new Location("", "x".repeat(500), ""))).hasSize(64);
  }

  @Test
  void englishDoesNotSplitASurrogatePair() {
    String city = "a".repeat(59) + "\ud83c\udf0d" + "b"; // the emoji straddles the cut
    String display = ENGLISH.location(new Location(city, "", "US"));
    assertThat(display).isEqualTo("a".repeat(59) + ", US");
  }
}
