package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiKeySettingsTest {

  @Test
  void defaultsAreTheNamedConstants() {
    ApiKeySettings s = ApiKeySettings.defaults();
    assertThat(s.prefix()).isEqualTo("lk");
    assertThat(s.environments()).containsExactly("live", "test");
    assertThat(s.lastUsedInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.maxRotationGrace()).isEqualTo(Duration.ofDays(30));
    assertThat(s.cache().isEnabled()).isFalse();
    assertThat(s.revealsKeyStateToCallers()).isFalse();
  }

  @Test
  void revealingKeyStateTakesANamedCallAndShowsInToString() {
    ApiKeySettings s = ApiKeySettings.builder().revealKeyStateToCallers().build();
    assertThat(s.revealsKeyStateToCallers()).isTrue();
    assertThat(s.toString()).contains("revealKeyStateToCallers=true");
    assertThat(ApiKeySettings.defaults().toString()).contains("revealKeyStateToCallers=false");
  }

  @Test
  void outOfRangeValuesFailInBuildNamingTheValue() {
    assertThatThrownBy(() -> ApiKeySettings.builder().lastUsedInterval(Duration.ofSeconds(-1))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> ApiKeySettings.builder().lastUsedInterval(Duration.ofDays(2)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeySettings.builder().maxRotationGrace(Duration.ofDays(91))
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2184H");
    assertThatThrownBy(() -> ApiKeySettings.builder().prefix("Lk").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeySettings.builder().environments().build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheIsBoundedAndOffUnlessEnabledByName() {
    assertThat(ApiKeyCacheSettings.disabled().isEnabled()).isFalse();
    ApiKeyCacheSettings on = ApiKeyCacheSettings.enabled().build();
    assertThat(on.isEnabled()).isTrue();
    assertThat(on.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(on.maxEntries()).isEqualTo(10_000);
    assertThatThrownBy(() -> ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(61)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1M1S");
    assertThatThrownBy(() -> ApiKeyCacheSettings.enabled().ttl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeyCacheSettings.enabled().maxEntries(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customFormatIsUsedForRegexAndDefaultEnvironment() {
    ApiKeySettings s = ApiKeySettings.builder().prefix("acme").environments("prod", "dev").build();
    assertThat(s.keyRegex()).isEqualTo("acme_(?:prod|dev)_[0-9A-Za-z]{49}");
    assertThat(s.format().defaultEnvironment()).isEqualTo("prod");
  }
}
