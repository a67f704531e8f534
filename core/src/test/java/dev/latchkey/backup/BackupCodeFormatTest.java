package dev.latchkey.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupCodeFormatTest {
  @Test
  void theAlphabetHasNoLookAlikesAndGivesAtLeast64Bits() {
    assertThat(BackupCodes.ALPHABET).doesNotContain("0", "o", "1", "l", "i")
        .hasSize(31).matches("[a-z2-9]+");
    assertThat(BackupCodes.ALPHABET.chars().distinct().count()).isEqualTo(31);
    double bits = BackupCodes.CODE_LENGTH * Math.log(BackupCodes.ALPHABET.length()) / Math.log(2);
    assertThat(bits).isGreaterThan(79);
  }

  @Test
  void groupsOfFourJoinedByDashes() {
    assertThat(BackupCodes.group("7kq3xm9p2bw4hr6t")).isEqualTo("7kq3-xm9p-2bw4-hr6t");
  }

  @Test
  void normalizeAcceptsAnyCaseWithOrWithoutDashesAndSpaces() {
    String canonical = "7kq3xm9p2bw4hr6t";
    for (String in : new String[] {"7kq3-xm9p-2bw4-hr6t", "7KQ3-XM9P-2BW4-HR6T", canonical,
        " 7kq3 xm9p 2bw4 hr6t ", "7kq3xm9p-2bw4hr6t", "7Kq3--xM9p-2bw4-Hr6T"}) {
      assertThat(BackupCodes.normalize(in)).as(in).isEqualTo(canonical);
    }
    String[] malformed = {null, "", "7kq3-xm9p-2bw4-hr6", "7kq3-xm9p-2bw4-hr6tt",
        "7kq3-xm9p-2bw4-hr60", "7kq3-xm9p-2bw4-hr6o", "7kq3-xm9p-2bw4-hr6l", "7kq3-xm9p-2bw4-hr6i",
        "7kq3_xm9p_2bw4_hr6t", "7\u212aq3-xm9p-2bw4-hr6t", "７kq3-xm9p-2bw4-hr6t", "x".repeat(65),
        "-".repeat(64) + "7kq3xm9p2bw4hr6t", "123456"};
    for (String m : malformed) {
      assertThat(BackupCodes.normalize(m)).isNull();
    }
  }

  @Test
  void theSetIsRedactedAndItsTextIsDownloadable() {
    BackupCodeSet set = new BackupCodeSet(List.of("7kq3-xm9p-2bw4-hr6t", "abcd-efgh-jkmn-pqrs"),
        Instant.parse("2026-03-04T23:59:00Z"));
    assertThat(set.toString()).isEqualTo("BackupCodeSet[2 codes, redacted]");
    assertThat(set.codes()).containsExactly("7kq3-xm9p-2bw4-hr6t", "abcd-efgh-jkmn-pqrs");
    assertThatThrownBy(() -> set.codes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    String text = set.asText("alice@example.com", set.generatedAt());
    assertThat(text).startsWith(
        "Latchkey backup codes for alice@example.com, generated 2026-03-04\n\n"
            + "1. 7kq3-xm9p-2bw4-hr6t\n2. abcd-efgh-jkmn-pqrs\n\n")
        .contains("can be used once").contains("stop working").endsWith("\n");
  }

  @Test
  void numbersAreRightAlignedForTenOrMoreCodes() {
    List<String> codes = java.util.stream.IntStream.range(0, 12)
        .mapToObj(i -> "aaaa-bbbb-cccc-dd" + (char) ('a' + i) + "d").toList();
    String text = new BackupCodeSet(codes, Instant.EPOCH).asText("a", Instant.EPOCH);
    assertThat(text).contains("\n 1. aaaa").contains("\n12. aaaa");
  }

  @Test
  void settingsValidateTheCount() {
    assertThat(BackupCodeSettings.defaults().count()).isEqualTo(10);
    assertThat(BackupCodeSettings.builder().count(5).build().count()).isEqualTo(5);
    assertThat(BackupCodeSettings.builder().count(20).build().count()).isEqualTo(20);
    assertThatThrownBy(() -> BackupCodeSettings.builder().count(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid backup code count 4; must be between 5 and 20");
    assertThatThrownBy(() -> BackupCodeSettings.builder().count(21).build())
        .hasMessageContaining("21");
  }

  @Test
  void lowMeansThreeOrFewer() {
    assertThat(BackupCodes.LOW_THRESHOLD).isEqualTo(3);
    assertThat(BackupCodes.isLow(3)).isTrue();
    assertThat(BackupCodes.isLow(0)).isTrue();
    assertThat(BackupCodes.isLow(4)).isFalse();
  }
}
