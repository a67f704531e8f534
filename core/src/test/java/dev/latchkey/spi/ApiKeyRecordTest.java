package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyRecordTest {
  private static ApiKeyRecord row(Set<String> scopes) {
    return new ApiKeyRecord("id", "owner", "0".repeat(64), "lk_live_\u2026abcd", "name",
        "read_only", scopes, "live", Instant.EPOCH, null, null, null, null, null);
  }

  @Test
  void scopesAreASortedUnmodifiableCopyAndEmptyScopesAreOneSharedSet() {
    Set<String> given = new LinkedHashSet<>(List.of("b:x", "a:y"));
    ApiKeyRecord r = row(given);
    given.add("c:z");
    assertThat(r.scopes()).containsExactly("a:y", "b:x");
    assertThatThrownBy(() -> r.scopes().add("d")).isInstanceOf(UnsupportedOperationException.class);

    ApiKeyRecord none = row(new LinkedHashSet<>());
    assertThat(none.scopes()).isEmpty();
    assertThat(none.scopes()).isSameAs(row(Set.of()).scopes());
    assertThatThrownBy(() -> none.scopes().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(none).isEqualTo(row(Set.of()));
  }
}
