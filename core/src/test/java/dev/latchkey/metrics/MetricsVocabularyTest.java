package dev.latchkey.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsVocabularyTest {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z_]*");

  @Test
  void noneReadsNoClockAndIsOneInstance() {
    LatchkeyMetrics none = LatchkeyMetrics.none();
    assertThat(none).isSameAs(LatchkeyMetrics.none());
    assertThat(none.monotonicTime()).isZero();
    none.recordTime(Operation.SIGN_IN, Outcome.SIGNED_IN, 5);
    none.recordLockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, true);
    none.recordApiKeyCacheLookup(true);
    assertThat(none.monotonicTime()).isZero();
    assertThat(none).hasToString("LatchkeyMetrics.none()");
  }

  @Test
  void everyCodeIsLowerCaseSnakeAndUniqueWithinItsEnum() {
    assertCodes(Outcome.values(), Outcome::code);
    assertCodes(Operation.values(), Operation::code);
    assertCodes(LimitedFactor.values(), LimitedFactor::code);
    assertCodes(LockScope.values(), LockScope::code);
  }

  @Test
  void everyOutcomeBelongsToSomeOperationAndEveryOperationCanFail() {
    Set<Outcome> declared = EnumSet.noneOf(Outcome.class);
    for (Operation operation : Operation.values()) {
      declared.addAll(operation.outcomes());
      // A timed call either throws (ERROR) or, for the permit wait, is interrupted.
      assertThat(operation.outcomes()).containsAnyOf(Outcome.ERROR, Outcome.INTERRUPTED);
    }
    assertThat(declared).containsExactlyInAnyOrder(Outcome.values());
  }

  @Test
  void outcomesOfAnOperationCannotBeChanged() {
    Set<Outcome> outcomes = Operation.SIGN_IN.outcomes();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> outcomes.add(Outcome.MATCH))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static <E extends Enum<E>> void assertCodes(E[] values, Function<E, String> code) {
    assertThat(Arrays.stream(values).map(code)).allMatch(c -> CODE.matcher(c).matches());
    assertThat(Arrays.stream(values).map(code).collect(Collectors.toSet())).hasSize(values.length);
    // The code is the constant's name in lower case: one vocabulary, nothing to look up.
    assertThat(Arrays.stream(values))
        .allMatch(v -> code.apply(v).equals(v.name().toLowerCase(java.util.Locale.ROOT)));
  }
}
