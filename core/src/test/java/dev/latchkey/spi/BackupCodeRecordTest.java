package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The set check every store runs before writing backup codes. */
class BackupCodeRecordTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static BackupCodeRecord code(String account, String hash) {
    return new BackupCodeRecord(account, "k1", hash, T0, null);
  }

  @Test
  void aValidSetIsCopied() {
    List<BackupCodeRecord> set = new ArrayList<>(List.of(code("a", "h1"), code("a", "h2")));
    List<BackupCodeRecord> checked = BackupCodeRecord.validatedSet("a", set);
    set.clear();
    assertThat(checked).hasSize(2);
    assertThatThrownBy(() -> checked.add(code("a", "h3")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(BackupCodeRecord.validatedSet("a", List.of())).isEmpty();
  }

  @Test
  void anotherAccountsUsedOrRepeatedCodeIsRefusedWithoutNamingAHash() {
    assertThatThrownBy(() -> BackupCodeRecord.validatedSet("a", List.of(code("b", "h1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another account");
    assertThatThrownBy(() -> BackupCodeRecord.validatedSet("a",
        List.of(code("a", "h1").withUsedAt(T0)))).hasMessageContaining("already used");
    assertThatThrownBy(() -> BackupCodeRecord.validatedSet("a",
        List.of(code("a", "secret-hash"), code("a", "secret-hash"))))
        .hasMessageContaining("Duplicate").message().doesNotContain("secret-hash");
    assertThatThrownBy(() -> BackupCodeRecord.validatedSet("a", null))
        .isInstanceOf(NullPointerException.class);
  }
}
