package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the limiter counts, per subject, over the in-memory store. */
class AttemptLimiterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  /** The per-client allowance the attack on issue 9 was measured against. */
  private static final AttemptPolicy TWENTY = AttemptPolicy.builder().freeAttempts(20)
      .hardStop(Integer.MAX_VALUE).build();

  private final MutableClock clock = new MutableClock(T0);
  private final AttemptStore store = InMemoryStores.create().attempts();
  private final AttemptLimiter limiter =
      AttemptLimiter.create(store, clock, AttemptPolicy.perAccount(), TWENTY);

  /**
   * Missing, empty, unparsable and spoofed addresses (a short hex-ish string, an appending proxy's
   * whole list) are one client, "unknown", with the allowance of one address: never no limit.
   */
  @Test
  void addressesThatCannotBeParsedShareOneUnknownClientCounter() {
    String[] unparsable = {null, "", " ", "ab", "10.9.7.1, 198.51.100.1", "unknown", "::g",
        "x".repeat(500)};
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAttempt(Factor.PASSWORD, "acct-" + i,
          unparsable[i % unparsable.length]).permitted()).isTrue();
    }
    for (String address : unparsable) {
      assertThat(limiter.tryAttempt(Factor.PASSWORD, "acct-next", address))
          .as("address %s", address).isInstanceOf(AttemptDecision.Locked.class);
    }
    assertThat(store.find("password", AttemptLimiter.UNKNOWN_CLIENT))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(20));
    // A parsable address is its own client.
    assertThat(limiter.tryAttempt(Factor.PASSWORD, "acct-next", "198.51.100.1").permitted())
        .isTrue();
  }

  @Test
  void theSameAddressSpelledDifferentlyIsOneClient() {
    limiter.tryAttempt(Factor.PASSWORD, "a", "2001:DB8::1");
    limiter.tryAttempt(Factor.PASSWORD, "b", "2001:db8:0:0:0:0:0:1");
    limiter.tryAttempt(Factor.PASSWORD, "c", "[2001:db8::1]");
    assertThat(store.find("password", "client:2001:db8::1"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(3));
  }

  @Test
  void aSuccessGivesItsUnitBackAndLeavesNoTrace() {
    for (int i = 0; i < 1000; i++) {
      AttemptDecision d = limiter.tryAttempt(Factor.PASSWORD, "acct-" + i, "203.0.113.5");
      assertThat(d).isInstanceOf(AttemptDecision.Permitted.class);
      limiter.succeeded((AttemptDecision.Permitted) d);
    }
    assertThat(store.find("password", "client:203.0.113.5")).isEmpty();
    assertThat(store.find("password", "account:acct-7")).isEmpty();
  }

  @Test
  void onlyFailuresCountAgainstTheAddress() {
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      limiter.tryAttempt(Factor.PASSWORD, "wrong-" + i, "203.0.113.5");
    }
    var failedAt = store.find("password", "client:203.0.113.5").orElseThrow();
    clock.advance(Duration.ofSeconds(5));
    AttemptDecision ok = limiter.tryAttempt(Factor.PASSWORD, "right", "203.0.113.5");
    limiter.succeeded((AttemptDecision.Permitted) ok);
    // Back to exactly what the failures left, time included: the success is invisible.
    assertThat(store.find("password", "client:203.0.113.5")).contains(failedAt);
  }

  @Test
  void aSuccessGivesBackOneUnitWhenOthersCountedMeanwhile() {
    AttemptDecision mine = limiter.tryAttempt(Factor.PASSWORD, "right", "203.0.113.5");
    clock.advance(Duration.ofSeconds(2));
    limiter.tryAttempt(Factor.PASSWORD, "wrong", "203.0.113.5");
    limiter.succeeded((AttemptDecision.Permitted) mine);
    assertThat(store.find("password", "client:203.0.113.5")).hasValueSatisfying(r -> {
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.lastAttemptAt()).isEqualTo(T0.plusSeconds(2));
    });
  }

  /** The 1 left after the first give-back is the second attempt's unit, and it goes too. */
  @Test
  void twoSuccessesCountedBeforeEitherGaveBackLeaveNothing() {
    AttemptDecision first = limiter.tryAttempt(Factor.PASSWORD, "a", "203.0.113.6");
    AttemptDecision second = limiter.tryAttempt(Factor.PASSWORD, "b", "203.0.113.6");
    limiter.succeeded((AttemptDecision.Permitted) first);
    limiter.succeeded((AttemptDecision.Permitted) second);
    assertThat(store.find("password", "client:203.0.113.6")).isEmpty();
  }

  /** Once a unit is forgotten the counter may have started again: a late success takes nothing. */
  @Test
  void aSuccessReportedAfterItsUnitWasForgottenTakesNothing() {
    AttemptDecision late = limiter.tryAttempt(Factor.PASSWORD, "late", "203.0.113.7");
    clock.advance(TWENTY.forgetAfter());
    limiter.tryAttempt(Factor.PASSWORD, "x", "203.0.113.7");
    limiter.tryAttempt(Factor.PASSWORD, "y", "203.0.113.7");
    limiter.succeeded((AttemptDecision.Permitted) late);
    assertThat(store.find("password", "client:203.0.113.7"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(2));
  }

  @Test
  void anAttemptTheAddressRefusesCostsTheAccountNothing() {
    for (int i = 0; i < 20; i++) {
      limiter.tryAttempt(Factor.PASSWORD, "acct-" + i, "203.0.113.5");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAttempt(Factor.PASSWORD, "victim", "203.0.113.5").permitted())
          .isFalse();
    }
    assertThat(store.find("password", "account:victim")).isEmpty();
  }

  @Test
  void aKnownDeviceCountsAgainstItsOwnCounterInsteadOfTheAccounts() {
    for (int i = 0; i < 5; i++) {
      limiter.tryAttempt(Factor.PASSWORD, "alice", "198.51.100." + i);
    }
    assertThat(limiter.tryAttempt(Factor.PASSWORD, "alice", "198.51.100.9"))
        .isInstanceOf(AttemptDecision.Locked.class);
    AttemptDecision fromDevice =
        limiter.tryAttemptFromKnownDevice(Factor.PASSWORD, "alice", "dev-1", "203.0.113.5");
    assertThat(fromDevice).isInstanceOf(AttemptDecision.Permitted.class);
    assertThat(((AttemptDecision.Permitted) fromDevice).fromKnownDevice()).isTrue();
    assertThat(limiter.lockedNow((AttemptDecision.Permitted) fromDevice)).isEmpty();
    assertThat(store.find("password", "device:dev-1"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(1));
    assertThat(store.find("password", "account:alice"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(5));
    // A success from the device starts both counters again.
    limiter.succeeded((AttemptDecision.Permitted) fromDevice);
    assertThat(store.find("password", "device:dev-1")).isEmpty();
    assertThat(store.find("password", "account:alice")).isEmpty();
  }

  @Test
  void aKnownDeviceIsLockedByItsOwnFailuresLikeAnAccount() {
    for (int i = 0; i < 5; i++) {
      AttemptDecision d =
          limiter.tryAttemptFromKnownDevice(Factor.PASSWORD, "alice", "dev-1", "203.0.113.5");
      assertThat(d.permitted()).isTrue();
      if (i == 4) {
        assertThat(limiter.lockedNow((AttemptDecision.Permitted) d)).isPresent();
      }
    }
    assertThat(limiter.tryAttemptFromKnownDevice(Factor.PASSWORD, "alice", "dev-1",
        "203.0.113.5")).isEqualTo(new AttemptDecision.Locked(Duration.ofSeconds(30), false));
    assertThat(limiter.tryAttempt(Factor.PASSWORD, "alice", "198.51.100.1").permitted())
        .as("the account's own counter is untouched").isTrue();
  }

  @Test
  void aLimiterWithoutAClientLimitCountsTheSubjectOnly() {
    AttemptLimiter subjectOnly = AttemptLimiter.withoutClientLimit(store, clock,
        AttemptPolicy.builder().freeAttempts(2).build());
    for (int i = 0; i < 50; i++) {
      assertThat(subjectOnly.tryAttempt(Factor.SIGN_IN_CHALLENGE, "challenge:" + i, null)
          .permitted()).isTrue();
    }
    assertThat(store.find("sign_in_challenge", AttemptLimiter.UNKNOWN_CLIENT)).isEmpty();
  }
}
