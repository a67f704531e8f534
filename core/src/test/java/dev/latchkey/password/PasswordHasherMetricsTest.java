package dev.latchkey.password;

import static dev.latchkey.metrics.RecordingMetrics.STEP_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.common.LatchkeyException;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.metrics.RecordingMetrics;
import dev.latchkey.metrics.RecordingMetrics.Timing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHasherMetricsTest {
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final PasswordHasher hasher =
      PasswordHasher.create(TestOptions.TINY, new SecureRandom(), metrics);

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void hashReportsTheWholeCallAndThePermitWaitInsideIt() {
    hasher.hash("correct horse");

    // Clock readings: hash starts (1), wait starts (2), permit acquired (3), hash ends (4).
    assertThat(metrics.timings()).containsExactly(
        new Timing(Operation.HASH_PERMIT_WAIT, Outcome.ACQUIRED, STEP_NANOS),
        new Timing(Operation.PASSWORD_HASH, Outcome.HASHED, 3 * STEP_NANOS));
  }

  @Test
  void verifyReportsMatchMismatchAndADummyVerificationAsAMismatch() {
    String stored = hasher.hash("correct horse");
    metrics.clear();

    hasher.verify("correct horse", stored);
    hasher.verify("wrong horse", stored);
    hasher.verifyDummy("anything");

    assertThat(metrics.outcomes(Operation.PASSWORD_VERIFY))
        .containsExactly(Outcome.MATCH, Outcome.MISMATCH, Outcome.MISMATCH);
    // Each of them computed, so each waited for a permit once.
    assertThat(metrics.outcomes(Operation.HASH_PERMIT_WAIT))
        .containsExactly(Outcome.ACQUIRED, Outcome.ACQUIRED, Outcome.ACQUIRED);
  }

  @ParameterizedTest
  @CsvSource({
    "'$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ', MALFORMED_HASH",
    "'$5$rounds=5000$salt$hash', UNSUPPORTED_SCHEME",
    "'$argon2id$v=19$m=64,t=11,p=1$c29tZXNhbHQ$Pb9OQA', EXCESSIVE_COST",
  })
  void refusalsReportTheirReasonAndWaitForNoPermit(String stored, Outcome expected) {
    hasher.check("password", stored);

    assertThat(metrics.timings()).containsExactly(
        new Timing(Operation.PASSWORD_VERIFY, expected, STEP_NANOS));
  }

  @Test
  void aPasswordOverTheCapIsAnInvalidPasswordForCheckAndForHash() {
    String huge = "a".repeat(10_000);
    String stored = hasher.hash("short");
    metrics.clear();

    hasher.check(huge, stored);
    hasher.check(null, stored);
    assertThatThrownBy(() -> hasher.hash(huge)).isInstanceOf(IllegalArgumentException.class);

    assertThat(metrics.timings()).extracting(Timing::operation, Timing::outcome).containsExactly(
        tuple(Operation.PASSWORD_VERIFY, Outcome.INVALID_PASSWORD),
        tuple(Operation.PASSWORD_VERIFY, Outcome.INVALID_PASSWORD),
        tuple(Operation.PASSWORD_HASH, Outcome.INVALID_PASSWORD));
  }

  @Test
  void bcryptTriedInTwoFormsWaitsForAPermitTwice() {
    // A legacy bcrypt hash of "abc"; full-width "ａbc" is NFKC-normalised to "abc", so the raw
    // form is tried first (a mismatch) and the normalised one second (a match).
    String legacy = OpenBSDBCrypt.generate("2b", "abc".getBytes(StandardCharsets.UTF_8),
        new byte[16], 4);
    hasher.check("\uFF41bc", legacy);

    assertThat(metrics.outcomes(Operation.HASH_PERMIT_WAIT))
        .containsExactly(Outcome.ACQUIRED, Outcome.ACQUIRED);
    assertThat(metrics.outcomes(Operation.PASSWORD_VERIFY)).containsExactly(Outcome.MATCH);
  }

  @Test
  void anInterruptedWaitIsReportedAndTheHashIsAnError() {
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> hasher.hash("correct horse")).isInstanceOf(LatchkeyException.class);

    assertThat(metrics.timings()).extracting(Timing::operation, Timing::outcome).containsExactly(
        tuple(Operation.HASH_PERMIT_WAIT, Outcome.INTERRUPTED),
        tuple(Operation.PASSWORD_HASH, Outcome.ERROR));
    assertThat(Thread.interrupted()).isTrue();
  }
}
