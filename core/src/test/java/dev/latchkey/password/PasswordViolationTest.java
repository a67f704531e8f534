package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PasswordViolationTest {

  @Test
  void codesWhenListedThenStableStrings() {
    // Hosts store and translate these strings: changing one is a breaking change.
    Map<String, String> codes =
        Arrays.stream(PasswordViolation.Code.values())
            .collect(
                Collectors.toMap(
                    PasswordViolation.Code::name,
                    PasswordViolation.Code::code,
                    (a, b) -> a,
                    LinkedHashMap::new));

    assertThat(codes)
        .containsExactly(
            Map.entry("ILLEGAL_CHARACTER", "illegal_character"),
            Map.entry("TOO_SHORT", "too_short"),
            Map.entry("TOO_LONG", "too_long"),
            Map.entry("MISSING_UPPERCASE", "missing_uppercase"),
            Map.entry("MISSING_LOWERCASE", "missing_lowercase"),
            Map.entry("MISSING_DIGIT", "missing_digit"),
            Map.entry("MISSING_SPECIAL", "missing_special"),
            Map.entry("COMMON_PASSWORD", "common_password"),
            Map.entry("CONTAINS_CONTEXT_WORD", "contains_context_word"),
            Map.entry("SAME_AS_CURRENT", "same_as_current"));
  }

  @Test
  void parametersWhenSourceMapChangesThenViolationUnaffectedAndUnmodifiable() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put(PasswordViolation.MIN_LENGTH, 8);
    source.put(PasswordViolation.LENGTH, 3);
    PasswordViolation v = new PasswordViolation(PasswordViolation.Code.TOO_SHORT, source);

    source.put(PasswordViolation.LENGTH, 4);

    assertThat(v.parameters()).containsExactly(Map.entry("min_length", 8), Map.entry("length", 3));
    assertThatThrownBy(() -> v.parameters().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructorWhenNullCodeMapKeyOrValueThenNullPointerException() {
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("count", null);

    assertThatThrownBy(() -> new PasswordViolation(null, Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PasswordViolation(PasswordViolation.Code.TOO_LONG, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PasswordViolation(PasswordViolation.Code.TOO_LONG, nullValue))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalsWhenSameCodeAndParametersThenEqual() {
    assertThat(PasswordViolation.of(PasswordViolation.Code.MISSING_DIGIT, "count", 1))
        .isEqualTo(new PasswordViolation(PasswordViolation.Code.MISSING_DIGIT, Map.of("count", 1)))
        .isNotEqualTo(PasswordViolation.of(PasswordViolation.Code.MISSING_DIGIT, "count", 2));
  }
}
