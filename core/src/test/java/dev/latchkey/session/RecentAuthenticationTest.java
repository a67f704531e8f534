package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The recent-authentication rule on its own: windows, defaults, bounds. */
class RecentAuthenticationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static ValidatedSession authenticatedAt(Instant at) {
    return new ValidatedSession("id", "acct", Assurance.SINGLE_FACTOR, T0.minusSeconds(3600),
        T0.plusSeconds(3600), at, "hash");
  }

  @Test
  void everyActionDefaultsToTenMinutes() {
    RecentAuthentication rule = RecentAuthentication.defaults();
    for (SensitiveAction action : SensitiveAction.values()) {
      assertThat(rule.window(action)).isEqualTo(Duration.ofMinutes(10));
      assertThat(rule.isSatisfiedBy(authenticatedAt(T0), action, T0.plus(Duration.ofMinutes(10))))
          .isTrue();
      assertThat(rule.isSatisfiedBy(authenticatedAt(T0), action,
          T0.plus(Duration.ofMinutes(10)).plusMillis(1))).isFalse();
    }
  }

  @Test
  void aWindowPerActionOverridesTheCommonOne() {
    RecentAuthentication rule = RecentAuthentication.builder()
        .window(Duration.ofMinutes(30))
        .window(SensitiveAction.DISABLE_TWO_FACTOR, Duration.ofMinutes(2))
        .build();
    assertThat(rule.window(SensitiveAction.DISABLE_TWO_FACTOR)).isEqualTo(Duration.ofMinutes(2));
    assertThat(rule.window(SensitiveAction.CHANGE_EMAIL)).isEqualTo(Duration.ofMinutes(30));
    ValidatedSession fiveMinutesAgo = authenticatedAt(T0.minus(Duration.ofMinutes(5)));
    assertThat(rule.isSatisfiedBy(fiveMinutesAgo, SensitiveAction.DISABLE_TWO_FACTOR, T0))
        .isFalse();
    assertThat(rule.isSatisfiedBy(fiveMinutesAgo, SensitiveAction.CREATE_POWERFUL_API_KEY, T0))
        .isTrue();
  }

  @Test
  void anAuthenticationTimeAheadOfTheClockCountsAsRecent() {
    assertThat(RecentAuthentication.defaults().isSatisfiedBy(authenticatedAt(T0.plusSeconds(5)),
        SensitiveAction.CHANGE_EMAIL, T0)).isTrue();
  }

  @Test
  void windowsOutOfRangeAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> RecentAuthentication.builder().window(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> RecentAuthentication.builder()
        .window(SensitiveAction.CHANGE_EMAIL, Duration.ofHours(25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT25H").hasMessageContaining("change_email");
  }

  @Test
  void sessionSettingsCarryTheRuleAndEndOtherSessionsUnlessToldToKeepThem() {
    assertThat(SessionSettings.defaults().recentAuthentication())
        .isSameAs(RecentAuthentication.defaults());
    assertThat(SessionSettings.defaults().endsOtherSessionsOnFactorChange()).isTrue();
    assertThat(SessionSettings.builder().keepOtherSessionsOnFactorChange().build()
        .endsOtherSessionsOnFactorChange()).isFalse();
  }
}
