package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CsvLinesTest {
  private final List<String> fields = new ArrayList<>();

  @Test
  void splitBareFields() {
    assertThat(CsvLines.split("1.0.0.0,1.0.0.255,OC,AU", fields)).isTrue();
    assertThat(fields).containsExactly("1.0.0.0", "1.0.0.255", "OC", "AU");
  }

  @Test
  void splitKeepsEmptyFieldsIncludingTrailingOnes() {
    assertThat(CsvLines.split(",a,,b,", fields)).isTrue();
    assertThat(fields).containsExactly("", "a", "", "b", "");
    assertThat(CsvLines.split("", fields)).isTrue();
    assertThat(fields).containsExactly("");
  }

  @Test
  void splitQuotedFieldsWithCommasAndDoubledQuotes() {
    assertThat(CsvLines.split("x,\"Washington, D.C.\",\"O\"\"Fallon\",\"\",\"\"\"\"", fields))
        .isTrue();
    assertThat(fields).containsExactly("x", "Washington, D.C.", "O\"Fallon", "", "\"");
  }

  @Test
  void splitWhenQuoteIsUnterminatedThenMalformed() {
    assertThat(CsvLines.split("a,\"Berlin,52.5", fields)).isFalse();
    assertThat(CsvLines.split("\"", fields)).isFalse();
  }

  @Test
  void splitWhenTextFollowsAClosingQuoteThenMalformed() {
    assertThat(CsvLines.split("\"Berlin\"x,DE", fields)).isFalse();
  }

  @Test
  void splitTakesAQuoteInsideABareFieldLiterally() {
    assertThat(CsvLines.split("5'11\",x", fields)).isTrue();
    assertThat(fields).containsExactly("5'11\"", "x");
  }

  @Property
  void quotingAnyFieldsThenSplittingGivesThemBack(
      @ForAll @Size(min = 1, max = 10) List<@StringLength(max = 20) String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      quoted.add("\"" + value.replace("\"", "\"\"") + "\"");
    }
    List<String> out = new ArrayList<>();
    assertThat(CsvLines.split(String.join(",", quoted), out)).isTrue();
    assertThat(out).isEqualTo(values);
  }

  @Property
  void splitNeverThrows(@ForAll @StringLength(max = 200) String line) {
    CsvLines.split(line, new ArrayList<>());
  }
}
