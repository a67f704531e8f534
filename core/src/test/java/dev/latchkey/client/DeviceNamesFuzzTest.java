package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the default User-Agent parser, which names the device of every session and security
 * event from an attacker-controlled header. Seeds: {@code DeviceNamesFuzzTestInputs/<method>/}.
 */
class DeviceNamesFuzzTest {
  private static final DeviceNamer PARSER = DeviceNamer.userAgentParser();

  /**
   * Any text: {@code identify} never throws and answers a device whose names are printable ASCII
   * of at most {@value DeviceNames#MAX_BOT_NAME} characters (so within
   * {@value Device#MAX_NAME_LENGTH}), whose version is 0 to 999999 and whose type is set; only the
   * first {@value DeviceNames#MAX_INPUT} characters count; the answer is the same every time, and
   * the English label for it is a plain one-line text.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void namesAreShortPrintableAsciiWhateverTheHeader(byte[] data) {
    String userAgent = FuzzInput.text(data);
    Device device = PARSER.identify(userAgent);
    assertThat(device).isNotNull();
    for (String name : new String[] {device.browser(), device.os()}) {
      assertThat(name).matches("[\\x20-\\x7e]{0," + DeviceNames.MAX_BOT_NAME + "}");
      assertThat(name).isEqualTo(name.strip());
    }
    assertThat(device.browserVersion()).isBetween(0, 999_999);
    assertThat(device.type()).isNotNull();
    assertThat(PARSER.identify(userAgent)).isEqualTo(device);
    if (userAgent.length() > DeviceNames.MAX_INPUT) {
      assertThat(PARSER.identify(userAgent.substring(0, DeviceNames.MAX_INPUT))).isEqualTo(device);
    }
    // What a session stores: the header as ClientInfo keeps it, named the same way.
    assertThat(PARSER.identify(new ClientInfo("", userAgent).userAgent())).isEqualTo(device);
    assertThat(ClientLabels.english().device(device)).matches("[\\x20-\\x7e]+");
  }
}
