package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SecurityEventRecordProperties {
  private static final Device NO_DEVICE = Device.none();
  private static final Location NOWHERE = Location.of(AddressScope.NONE);

  @Property
  void detailsTextRoundTrips(
      @ForAll @Size(max = 5) Map<@StringLength(min = 1, max = 10) String,
          @StringLength(max = 20) String> raw) {
    Map<String, String> details = new java.util.HashMap<>();
    raw.forEach((k, v) -> details.put("k" + Integer.toHexString(k.hashCode() & 0xfffff), v));
    String text = SecurityEventRecord.encodeDetails(details);
    assertThat(SecurityEventRecord.decodeDetails(text)).isEqualTo(details);
    // Deterministic: equal maps, equal text.
    assertThat(SecurityEventRecord.encodeDetails(Map.copyOf(details))).isEqualTo(text);
  }

  @Test
  void invalidRowsAreRefused() {
    Instant t = Instant.EPOCH;
    assertThatThrownBy(() -> new SecurityEventRecord("", "a", "t", t, "", NO_DEVICE, NOWHERE,
        null, false, Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityEventRecord("id", "a", "t", t, "", NO_DEVICE, NOWHERE,
        null, false, Map.of("Bad Key", "v"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityEventRecord("id", "a", "t", t, "", NO_DEVICE, NOWHERE,
        null, false, Map.of("k", "é".repeat(1000)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityEventRecord("id", "a", "t", t, "", null, NOWHERE, null,
        false, Map.of())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SecurityEventRecord("id", "a", "t", t, "", NO_DEVICE, null, null,
        false, Map.of())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SecurityEventRecord.decodeDetails("=v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newestFirstOrdersByTimeThenIdDescending() {
    SecurityEventRecord a = row("b", Instant.ofEpochMilli(5));
    SecurityEventRecord b = row("a", Instant.ofEpochMilli(5));
    SecurityEventRecord c = row("z", Instant.ofEpochMilli(4));
    assertThat(java.util.stream.Stream.of(c, b, a).sorted(SecurityEventRecord.NEWEST_FIRST))
        .containsExactly(a, b, c);
    assertThat(a.position().precedes(b)).isTrue();
    assertThat(b.position().precedes(a)).isFalse();
    assertThat(b.position().precedes(c)).isTrue();
    assertThat(a.position().precedes(a)).isFalse();
  }

  private static SecurityEventRecord row(String id, Instant at) {
    return new SecurityEventRecord(id, "acct", "sign_out", at, "", NO_DEVICE, NOWHERE, null,
        false, Map.of());
  }
}
