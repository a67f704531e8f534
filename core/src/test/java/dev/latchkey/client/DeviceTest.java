package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The device value type, and its English rendering. */
class DeviceTest {
  private static final ClientLabels ENGLISH = ClientLabels.english();

  @Test
  void constructorTurnsNullIntoEmptyStripsControlCharactersAndCutsNames() {
    Device device = new Device(" Acme\u0000 app\n", -3, null, null);
    assertThat(device).isEqualTo(new Device("Acme app", 0, "", DeviceType.UNKNOWN));
    Device huge = new Device("b".repeat(500), 7, "o".repeat(500), DeviceType.MOBILE);
    assertThat(huge.browser()).hasSize(Device.MAX_NAME_LENGTH);
    assertThat(huge.os()).hasSize(Device.MAX_NAME_LENGTH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Chrome          | 120 | macOS   | DESKTOP | Chrome on macOS",
      "Instagram app   | 309 | iPhone  | MOBILE  | Instagram app on iPhone",
      "Acme app        | 5   | iPad    | TABLET  | Acme app on iPad",
      "Samsung Internet| 4   | Smart TV| TV      | Samsung Internet on Smart TV",
      "Edge            | 44  | Xbox    | CONSOLE | Edge on Xbox",
      "Opera Mini      | 9   | ''      | MOBILE  | Opera Mini",
      "curl            | 8   | ''      | TOOL    | curl",
      "PowerShell      | 7   | Windows | TOOL    | PowerShell",
      "Googlebot       | 2   | Android | BOT     | Googlebot",
      "''              | 0   | Windows | DESKTOP | Unknown browser on Windows",
      "''              | 0   | ''      | MOBILE  | Unknown device",
      "''              | 0   | ''      | UNKNOWN | Unknown device",
      "''              | 0   | ''      | NONE    | ''"})
  void englishNamesTheBrowserAndThePlatform(String browser, int version, String os,
      DeviceType type, String expected) {
    assertThat(ENGLISH.device(new Device(browser, version, os, type))).isEqualTo(expected);
  }

  @Test
  void unknownAndNoneAreDistinct() {
    assertThat(Device.unknown()).isNotEqualTo(Device.none());
    assertThat(ENGLISH.device(Device.unknown())).isEqualTo("Unknown device");
    assertThat(ENGLISH.device(Device.none())).isEmpty();
  }

  @Test
  void typeCodesRoundTripAndUnknownCodesReadAsUnknown() {
    for (DeviceType type : DeviceType.values()) {
      assertThat(DeviceType.fromCode(type.code())).isEqualTo(type);
      assertThat(type.code()).matches("[a-z]{1,16}");
    }
    assertThat(DeviceType.fromCode("watch")).isEqualTo(DeviceType.UNKNOWN);
    assertThat(DeviceType.fromCode(null)).isEqualTo(DeviceType.UNKNOWN);
  }
}
