package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the IP literal parser every client address goes through ({@link ClientInfo}, the proxy
 * resolver, the locators). Seeds: {@code IpAddressesFuzzTestInputs/<method>/}.
 */
class IpAddressesFuzzTest {

  /**
   * Any text: {@code parse} never throws and gives 4 or 16 bytes (never an IPv4-mapped 16), whose
   * canonical form parses back to the same bytes and formats to itself; {@link ClientInfo} keeps
   * exactly that canonical form or nothing.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void parsedAddressesAreCanonicalAndReparse(byte[] data) {
    String text = FuzzInput.text(data);
    Optional<byte[]> parsed = IpAddresses.parse(text);
    String client = new ClientInfo(text, "").ipAddress();
    if (parsed.isEmpty()) {
      assertThat(client).isEmpty();
      return;
    }
    byte[] bytes = parsed.get();
    assertThat(bytes.length).isIn(4, 16);
    String canonical = IpAddresses.format(bytes);
    assertThat(canonical).matches("[0-9a-f.:]{2,45}");
    byte[] again = IpAddresses.parse(canonical).orElseThrow();
    assertThat(again).containsExactly(bytes);
    assertThat(IpAddresses.format(again)).isEqualTo(canonical);
    assertThat(IpAddresses.classify(bytes)).isNotEqualTo(AddressScope.UNKNOWN);
    if (text.length() <= ClientInfo.MAX_IP_LENGTH) {
      assertThat(client).isEqualTo(canonical);
    } else {
      assertThat(client).isEmpty();
    }
  }

  /**
   * Any 4 or 16 bytes: the canonical text parses back to the same address (an IPv4-mapped IPv6
   * address to its IPv4 bytes, as documented).
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void formattedAddressesParseBack(byte[] data) {
    byte[] address = java.util.Arrays.copyOf(data, data.length >= 16 ? 16 : 4);
    String text = IpAddresses.format(address);
    byte[] expected = address;
    if (address.length == 16 && text.startsWith("::ffff:") && text.indexOf('.') > 0) {
      expected = java.util.Arrays.copyOfRange(address, 12, 16);
    }
    assertThat(IpAddresses.parse(text).orElseThrow()).containsExactly(expected);
    assertThat(IpAddresses.parse("[" + text + "]").isPresent()).isEqualTo(address.length == 16);
  }
}
