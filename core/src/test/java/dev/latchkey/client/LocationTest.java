package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "San Francisco | California | US | San Francisco, US",
      "''            | California | US | US",
      "''            | ''         | US | US",
      "São Paulo     | ''         | BR | São Paulo, BR",
      "Springfield   | Illinois   | '' | Springfield",
      "''            | Bavaria    | '' | Bavaria",
      "''            | ''         | '' | Unknown location"})
  void displayShowsCityAndCountryCode(String city, String region, String country,
      String expected) {
    assertThat(new Location(city, region, country).display()).isEqualTo(expected);
  }

  @Test
  void constructorTurnsNullIntoEmptyAndStripsControlCharacters() {
    Location location = new Location(null, " \tTexas\n", "U\u0000S\u001b");
    assertThat(location.city()).isEmpty();
    assertThat(location.region()).isEqualTo("Texas");
    assertThat(location.countryCode()).isEqualTo("US");
    assertThat(new Location(null, null, null).isEmpty()).isTrue();
    assertThat(new Location(null, null, null).display()).isEqualTo("Unknown location");
    assertThat(new Location("", "", "DE").isEmpty()).isFalse();
  }

  @Test
  void equalComponentsMakeEqualLocations() {
    assertThat(new Location("Berlin", "", "DE")).isEqualTo(new Location(" Berlin", null, "DE "));
  }

  @Test
  void displayWhenComponentsAreHugeThenAtMost64CharactersAndCountryKept() {
    String city = "Llanfair" + "pwllgwyngyll".repeat(10);
    String display = new Location(city, "", "GB").display();
    assertThat(display).hasSizeLessThanOrEqualTo(64).startsWith("Llanfair").endsWith(", GB");
    assertThat(new Location("Paris", "", "Republic of France, officially").display())
        .isEqualTo("Paris, Republic of Fran");
    assertThat(new Location(city, "", "").display()).hasSize(64);
    assertThat(new Location("", "x".repeat(500), "").display()).hasSize(64);
  }

  @Test
  void displayDoesNotSplitASurrogatePair() {
    String city = "a".repeat(59) + "\ud83c\udf0d" + "b"; // the emoji straddles the cut
    String display = new Location(city, "", "US").display();
    assertThat(display).isEqualTo("a".repeat(59) + ", US");
  }
}
