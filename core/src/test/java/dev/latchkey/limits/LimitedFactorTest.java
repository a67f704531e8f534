package dev.latchkey.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.metrics.LimitedFactor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LimitedFactorTest {

  @Test
  void everyFactorMapsToTheMetricsFactorOfTheSameNameAndCode() {
    for (Factor factor : Factor.values()) {
      LimitedFactor limited = AttemptLimiter.limitedFactor(factor);
      assertThat(limited.name()).isEqualTo(factor.name());
      assertThat(limited.code()).isEqualTo(factor.code());
    }
    // And none is left over on the metrics side.
    assertThat(Arrays.stream(Factor.values()).map(AttemptLimiter::limitedFactor))
        .containsExactlyInAnyOrder(LimitedFactor.values());
  }
}
