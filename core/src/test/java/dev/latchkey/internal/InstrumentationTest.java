package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.metrics.RecordingMetrics;
import dev.latchkey.metrics.RecordingMetrics.Lockout;
import dev.latchkey.metrics.RecordingMetrics.Timing;
import org.junit.jupiter.api.Test;

class InstrumentationTest {

  @Test
  void noneGivesTheDisabledInstanceWhichReadsNoClock() {
    Instrumentation off = Instrumentation.of(LatchkeyMetrics.none());
    assertThat(off).isSameAs(Instrumentation.disabled());
    assertThat(off.isEnabled()).isFalse();
    assertThat(off.start()).isZero();
  }

  @Test
  void timingIsTheDifferenceOfTwoReadingsOfTheHooksClock() {
    RecordingMetrics recorded = new RecordingMetrics();
    Instrumentation on = Instrumentation.of(recorded);

    long start = on.start();
    on.stop(Operation.SESSION_VALIDATION, Outcome.VALID, start);
    on.lockout(LimitedFactor.TOTP, LockScope.CLIENT, false);
    on.apiKeyCacheLookup(false);

    assertThat(recorded.timings()).containsExactly(
        new Timing(Operation.SESSION_VALIDATION, Outcome.VALID, RecordingMetrics.STEP_NANOS));
    assertThat(recorded.lockouts())
        .containsExactly(new Lockout(LimitedFactor.TOTP, LockScope.CLIENT, false));
    assertThat(recorded.cacheLookups()).containsExactly(false);
  }

  @Test
  void aClockThatRunsBackwardsGivesZeroNotANegativeDuration() {
    RecordingMetrics recorded = new RecordingMetrics();
    Instrumentation on = Instrumentation.of(recorded);
    on.stop(Operation.SIGN_IN, Outcome.LOCKED, Long.MAX_VALUE);
    assertThat(recorded.timings()).extracting(Timing::nanos).containsExactly(0L);
  }

  @Test
  void aThrowingHookNeverFailsTheCaller() {
    Instrumentation broken = Instrumentation.of(new LatchkeyMetrics() {
      @Override
      public long monotonicTime() {
        throw new IllegalStateException("clock bug");
      }

      @Override
      public void recordTime(Operation operation, Outcome outcome, long nanos) {
        throw new IllegalStateException("registry bug");
      }

      @Override
      public void recordLockout(LimitedFactor factor, LockScope scope, boolean hardStop) {
        throw new IllegalStateException("registry bug");
      }

      @Override
      public void recordApiKeyCacheLookup(boolean hit) {
        throw new IllegalStateException("registry bug");
      }
    });
    assertThatCode(() -> {
      long start = broken.start();
      broken.stop(Operation.SIGN_IN, Outcome.SIGNED_IN, start);
      broken.stop(Operation.SIGN_IN, Outcome.SIGNED_IN, start);
      broken.lockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, true);
      broken.apiKeyCacheLookup(true);
    }).doesNotThrowAnyException();
  }

  @Test
  void theDefaultCountersOfTheHookDoNothing() {
    LatchkeyMetrics timersOnly = new LatchkeyMetrics() {
      @Override
      public long monotonicTime() {
        return 0;
      }

      @Override
      public void recordTime(Operation operation, Outcome outcome, long nanos) {
      }
    };
    assertThatCode(() -> {
      timersOnly.recordLockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, false);
      timersOnly.recordApiKeyCacheLookup(true);
    }).doesNotThrowAnyException();
  }
}
