package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientInfoTest {
  @ParameterizedTest
  @CsvSource({
      "'[0:0:0:0:0:0:0:1]', ::1",
      "0:0:0:0:0:0:0:1, ::1",
      "' 203.0.113.9 ', 203.0.113.9",
      "2001:DB8::1, 2001:db8::1",
      "'::ffff:198.51.100.7', 198.51.100.7"})
  void addressIsKeptInCanonicalForm(String raw, String canonical) {
    assertThat(new ClientInfo(raw, "curl/8.4.0").ipAddress()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({"example.com", "'1.2.3.4, 5.6.7.8'", "'<script>'", "999.1.1.1", "''"})
  void anythingButAnIpLiteralIsDropped(String raw) {
    assertThat(new ClientInfo(raw, "").ipAddress()).isEmpty();
  }

  @Test
  void nullsBecomeEmptyAndLongUserAgentsAreCut() {
    ClientInfo c = new ClientInfo(null, "x".repeat(10_000));
    assertThat(c.ipAddress()).isEmpty();
    assertThat(c.userAgent()).hasSize(ClientInfo.MAX_USER_AGENT_LENGTH);
    assertThat(new ClientInfo("1.2.3.4", null).userAgent()).isEmpty();
  }
}
