package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Base32Test {
  @Test
  void rfc4648VectorsWithoutPadding() {
    String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"},
        {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
    for (String[] v : vectors) {
      assertThat(Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(v[1]);
      assertThat(Base32.decode(v[1])).isEqualTo(v[0].getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes());
    assertThatThrownBy(() -> Base32.decode("MZ1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twentyBytesAreThirtyTwoCharacters() {
    assertThat(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  }

  @Property
  void roundTrips(@ForAll byte[] data) {
    assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
  }
}
