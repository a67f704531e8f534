package dev.latchkey.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.store.inmemory.InMemoryStores;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final MicrometerMetrics metrics = MicrometerMetrics.of(registry);

  private Timer timer(String name, Outcome outcome) {
    return registry.get(name).tag("outcome", outcome.code()).timer();
  }

  @Test
  void everyDeclaredOutcomeOfEveryOperationHasATimerAtZeroAndNoOtherDoes() {
    for (Operation operation : Operation.values()) {
      String name = MicrometerMetrics.timerName(operation);
      Set<String> tagged = registry.find(name).timers().stream()
          .map(t -> t.getId().getTag("outcome")).collect(Collectors.toSet());
      assertThat(tagged).isEqualTo(
          operation.outcomes().stream().map(Outcome::code).collect(Collectors.toSet()));
      assertThat(registry.find(name).timers()).allSatisfy(t -> assertThat(t.count()).isZero());
    }
    assertThat(registry.get(MicrometerMetrics.API_KEY_CACHE_GETS).counters()).hasSize(2);
    // Lockout counters appear with the first lockout of their kind.
    assertThat(registry.find(MicrometerMetrics.LOCKOUTS).counters()).isEmpty();
  }

  @Test
  void timerNamesAreTheDocumentedOnes() {
    assertThat(Arrays.stream(Operation.values()).map(MicrometerMetrics::timerName)).containsExactly(
        "latchkey.session.validation", "latchkey.apikey.authentication", "latchkey.signin",
        "latchkey.signin.second.factor", "latchkey.password.hash", "latchkey.password.verify",
        "latchkey.password.hash.permit.wait");
  }

  @Test
  void aTimingGoesToItsOperationAndOutcome() {
    metrics.recordTime(Operation.SESSION_VALIDATION, Outcome.REVOKED, 1_500_000);

    Timer revoked = timer(MicrometerMetrics.SESSION_VALIDATION, Outcome.REVOKED);
    assertThat(revoked.count()).isEqualTo(1);
    assertThat(revoked.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(1_500_000);
    assertThat(timer(MicrometerMetrics.SESSION_VALIDATION, Outcome.VALID).count()).isZero();
  }

  @Test
  void theClockIsTheRegistrysSoAMockClockMovesTheTimers() {
    long before = metrics.monotonicTime();
    clock.add(Duration.ofMillis(42));
    assertThat(metrics.monotonicTime() - before).isEqualTo(Duration.ofMillis(42).toNanos());
  }

  @Test
  void anOutcomeTheOperationDoesNotDeclareIsStillCounted() {
    metrics.recordTime(Operation.HASH_PERMIT_WAIT, Outcome.ERROR, 10);
    assertThat(timer(MicrometerMetrics.HASH_PERMIT_WAIT, Outcome.ERROR).count()).isEqualTo(1);
  }

  @Test
  void lockoutsAreCountedByFactorScopeAndKind() {
    metrics.recordLockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, false);
    metrics.recordLockout(LimitedFactor.PASSWORD, LockScope.ACCOUNT, false);
    metrics.recordLockout(LimitedFactor.TOTP, LockScope.CLIENT, true);

    assertThat(registry.get(MicrometerMetrics.LOCKOUTS).tags("factor", "password",
        "scope", "account", "kind", "delay").counter().count()).isEqualTo(2);
    assertThat(registry.get(MicrometerMetrics.LOCKOUTS).tags("factor", "totp",
        "scope", "client", "kind", "hard_stop").counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerMetrics.LOCKOUTS).counters()).hasSize(2);
  }

  @Test
  void cacheLookupsAreCountedAsHitsAndMisses() {
    metrics.recordApiKeyCacheLookup(false);
    metrics.recordApiKeyCacheLookup(true);
    metrics.recordApiKeyCacheLookup(true);

    assertThat(registry.get(MicrometerMetrics.API_KEY_CACHE_GETS).tag("result", "hit").counter()
        .count()).isEqualTo(2);
    assertThat(registry.get(MicrometerMetrics.API_KEY_CACHE_GETS).tag("result", "miss").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void registeringTwiceInOneRegistryReusesTheMeters() {
    MicrometerMetrics second = MicrometerMetrics.of(registry);
    metrics.recordTime(Operation.SIGN_IN, Outcome.LOCKED, 1);
    second.recordTime(Operation.SIGN_IN, Outcome.LOCKED, 1);
    assertThat(timer(MicrometerMetrics.SIGN_IN, Outcome.LOCKED).count()).isEqualTo(2);
  }

  @Test
  void aSignInThroughLatchkeyShowsInTheTimersWithOnlyClosedTagValues() {
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).metrics(metrics).build();
    ClientInfo client = new ClientInfo("198.51.100.7", "curl/8.5.0");
    latchkey.signIn().setPassword("acct-7f3a", "Correct-horse-9");

    latchkey.signIn().signIn("acct-7f3a", "Correct-horse-9", client);
    latchkey.signIn().signIn("acct-7f3a", "wrong", client);

    assertThat(timer(MicrometerMetrics.SIGN_IN, Outcome.SIGNED_IN).count()).isEqualTo(1);
    assertThat(timer(MicrometerMetrics.SIGN_IN, Outcome.INVALID_CREDENTIALS).count()).isEqualTo(1);
    assertThat(timer(MicrometerMetrics.PASSWORD_VERIFY, Outcome.MATCH).count()).isEqualTo(1);
    assertThat(timer(MicrometerMetrics.PASSWORD_VERIFY, Outcome.MISMATCH).count()).isEqualTo(1);
    assertThat(timer(MicrometerMetrics.PASSWORD_HASH, Outcome.HASHED).count()).isEqualTo(1);
    assertThat(timer(MicrometerMetrics.HASH_PERMIT_WAIT, Outcome.ACQUIRED).count()).isEqualTo(3);

    Set<String> closed = new HashSet<>();
    Stream.of(Outcome.values()).map(Outcome::code).forEach(closed::add);
    Stream.of(LimitedFactor.values()).map(LimitedFactor::code).forEach(closed::add);
    Stream.of(LockScope.values()).map(LockScope::code).forEach(closed::add);
    closed.addAll(Set.of("hit", "miss", "delay", "hard_stop"));
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getName()).startsWith(MicrometerMetrics.PREFIX);
      assertThat(meter.getId().getTags()).extracting(Tag::getValue).allMatch(closed::contains);
      assertThat(meter.getId().getTags()).extracting(Tag::getValue)
          .noneMatch(v -> v.contains("acct") || v.contains("198.51"));
    }
  }

  @Test
  void describesItselfWithoutTheRegistrysContents() {
    assertThat(metrics).hasToString("MicrometerMetrics[SimpleMeterRegistry]");
  }
}
