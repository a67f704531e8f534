package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoverySettingsTest {

  @Test
  void pagesDefaultUnderTheBaseUrlAndLinksAddTheToken() {
    RecoverySettings s = RecoverySettings.builder(URI.create("https://example.com/app")).build();
    assertThat(s.resetPage()).isEqualTo(URI.create("https://example.com/app/reset-password"));
    assertThat(s.verifyPage()).isEqualTo(URI.create("https://example.com/app/verify-email"));
    assertThat(s.confirmChangePage()).isEqualTo(URI.create("https://example.com/app/confirm-email"));
    assertThat(s.undoChangePage())
        .isEqualTo(URI.create("https://example.com/app/undo-email-change"));
    assertThat(s.signInPage()).isEqualTo(URI.create("https://example.com/app/"));
    assertThat(s.resetLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.undoLifetime()).isEqualTo(Duration.ofDays(7));
    assertThat(RecoverySettings.link(s.resetPage(), "abc"))
        .isEqualTo("https://example.com/app/reset-password?token=abc");
    assertThat(RecoverySettings.link(URI.create("https://example.com/r?lang=en"), "abc"))
        .isEqualTo("https://example.com/r?lang=en&token=abc");
  }

  @Test
  void contradictoryValuesFailInBuildNamingTheValue() {
    assertThatThrownBy(() -> RecoverySettings.builder(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/relative");
    assertThatThrownBy(() -> RecoverySettings.builder(URI.create("ftp://example.com")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecoverySettings.builder(URI.create("https://example.com?x=1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no query");
    RecoverySettings.Builder b = RecoverySettings.builder(URI.create("https://example.com"));
    assertThatThrownBy(() -> b.resetLifetime(Duration.ofHours(3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid resetLifetime PT3H");
    assertThatThrownBy(() -> RecoverySettings.builder(URI.create("https://example.com"))
        .sendLimits(0, 5).build()).hasMessageContaining("sendsPerAddress 0");
  }
}
