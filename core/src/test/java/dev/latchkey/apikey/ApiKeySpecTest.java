package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeySpec.Violation;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApiKeySpecTest {

  @Test
  void defaultsAreLeastPrivilegeNoScopesNoExpiry() {
    ApiKeySpec spec = ApiKeySpec.builder().name("  CI  ").build();
    assertThat(spec.name()).isEqualTo("CI");
    assertThat(spec.permission()).isEqualTo(Permission.READ_ONLY);
    assertThat(spec.scopes()).isEmpty();
    assertThat(spec.environment()).isNull();
    assertThat(spec.expiresAt()).isNull();
  }

  @Test
  void nameLimitsCountCodePointsAfterTrimming() {
    String hundredEmoji = "\uD83D\uDE80".repeat(100);
    assertThat(ApiKeySpec.builder().name(hundredEmoji).violations()).isEmpty();
    assertThat(ApiKeySpec.builder().name(" " + "n".repeat(100) + " ").violations()).isEmpty();
    assertThat(ApiKeySpec.builder().name("n".repeat(101)).violations())
        .containsExactly(Violation.NAME_TOO_LONG);
    assertThat(ApiKeySpec.builder().name(null).violations()).containsExactly(Violation.NAME_EMPTY);
    assertThat(ApiKeySpec.builder().name(" \t\n ").violations())
        .containsExactly(Violation.NAME_EMPTY);
  }

  @Test
  void nameRefusesControlAndBidiCharacters() {
    for (String bad : new String[] {"a\nb", "a\u0000b", "a\u007Fb", "a\u202Eb", "a\u2066b",
        "a\u2028b", "a\uD800b", "a\uDC00"}) {
      assertThat(ApiKeySpec.builder().name(bad).violations()).as(bad)
          .containsExactly(Violation.NAME_INVALID_CHARACTERS);
    }
    assertThat(ApiKeySpec.builder().name("Déploiement 東京 \uD83D\uDE80").violations()).isEmpty();
  }

  @Test
  void scopesMustMatchTheSyntaxAndNotBePermissionCodes() {
    assertThat(ApiKeySpec.builder().name("n")
        .scopes("messages:send", "billing:*", "a.b-c_d:x.y", "messages:send").build().scopes())
        .containsExactly("a.b-c_d:x.y", "billing:*", "messages:send");
    for (String bad : new String[] {"Messages", "1abc", "messages:", ":send", "a b", "admin",
        "read_write", "", "x".repeat(101), "messages:SEND"}) {
      assertThat(ApiKeySpec.builder().name("n").scopes(bad).violations()).as(bad)
          .containsExactly(Violation.SCOPE_INVALID);
    }
  }

  @Test
  void atMostTwentyScopes() {
    String[] twenty = IntStream.range(0, 20).mapToObj(i -> "s" + i).toArray(String[]::new);
    assertThat(ApiKeySpec.builder().name("n").scopes(twenty).violations()).isEmpty();
    assertThat(ApiKeySpec.builder().name("n").scopes(twenty).scopes("s20").violations())
        .containsExactly(Violation.TOO_MANY_SCOPES);
  }

  @Test
  void buildThrowsWithTheFirstViolationsCode() {
    assertThatThrownBy(() -> ApiKeySpec.builder().name("").scopes("BAD").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name_empty");
    assertThat(Violation.SCOPE_INVALID.code()).isEqualTo("scope_invalid");
  }
}
