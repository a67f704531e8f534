package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssuranceTest {
  @Test
  void everyLevelRoundTripsThroughItsCode() {
    for (Assurance a : Assurance.values()) {
      assertThat(Assurance.fromCode(a.code())).isEqualTo(a);
    }
  }

  @Test
  void unknownCodesFailClosedAsEnrollmentOnly() {
    assertThat(Assurance.fromCode("hardware_key")).isEqualTo(Assurance.ENROLLMENT_ONLY);
    assertThat(Assurance.fromCode(null)).isEqualTo(Assurance.ENROLLMENT_ONLY);
    assertThat(Assurance.fromCode("MULTI_FACTOR")).isEqualTo(Assurance.ENROLLMENT_ONLY);
  }

  @Test
  void onlySingleAndMultiFactorSessionsAreFullyAuthenticated() {
    for (Assurance a : Assurance.values()) {
      ValidatedSession s = new ValidatedSession("id", "acct", a, java.time.Instant.EPOCH,
          java.time.Instant.EPOCH, java.time.Instant.EPOCH, "hash");
      assertThat(s.isFullyAuthenticated())
          .isEqualTo(a == Assurance.SINGLE_FACTOR || a == Assurance.MULTI_FACTOR);
      assertThat(s.enrollmentOnly()).isEqualTo(a == Assurance.ENROLLMENT_ONLY);
    }
  }
}
