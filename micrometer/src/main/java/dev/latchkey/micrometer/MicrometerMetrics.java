package dev.latchkey.micrometer;

import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Latchkey's {@link LatchkeyMetrics} hook on a Micrometer {@link MeterRegistry}:
 *
 * <pre>{@code
 * Latchkey latchkey = Latchkey.builder()
 *     .stores(JdbcStores.create(dataSource))
 *     .metrics(MicrometerMetrics.of(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <h2>Meters</h2>
 * <table>
 *   <caption>What is registered</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #SESSION_VALIDATION}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code SessionRegistry.validate}</td></tr>
 *   <tr><td>{@value #API_KEY_AUTHENTICATION}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code ApiKeyService.authenticate}, {@code authenticateKey}</td></tr>
 *   <tr><td>{@value #SIGN_IN}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code SignInService.signIn} (the password step)</td></tr>
 *   <tr><td>{@value #SIGN_IN_SECOND_FACTOR}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code SignInService.completeSecondFactor}</td></tr>
 *   <tr><td>{@value #PASSWORD_HASH}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code PasswordHasher.hash}, permit wait included</td></tr>
 *   <tr><td>{@value #PASSWORD_VERIFY}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>{@code PasswordHasher.check}/{@code verify}/{@code verifyDummy}, permit wait
 *       included</td></tr>
 *   <tr><td>{@value #HASH_PERMIT_WAIT}</td><td>timer</td><td>{@code outcome}</td>
 *       <td>the wait for a hashing permit</td></tr>
 *   <tr><td>{@value #LOCKOUTS}</td><td>counter</td><td>{@code factor}, {@code scope},
 *       {@code kind}</td><td>attempts refused by a lock</td></tr>
 *   <tr><td>{@value #API_KEY_CACHE_GETS}</td><td>counter</td><td>{@code result}</td>
 *       <td>API key cache lookups ({@code hit}, {@code miss})</td></tr>
 * </table>
 * Every tag value is the code of a closed enum of {@code dev.latchkey.metrics} ({@code outcome}:
 * {@link Outcome#code()}; {@code factor}: {@link LimitedFactor#code()}; {@code scope}:
 * {@link LockScope#code()}; {@code kind}: {@code delay} or {@code hard_stop}): never an account
 * id, a key or an address, so the number of series is bounded. A timer's count per
 * {@code outcome} is the count of that outcome; there is no separate outcome counter.
 *
 * <p>The timers are registered up front, one per operation and declared outcome
 * ({@link Operation#outcomes()}), so every series exists at zero before it first happens (a
 * Prometheus {@code rate()} then sees the first one); lockout counters appear with the first
 * lockout of their kind. Durations are measured with the registry's {@link Clock}. Percentiles and
 * histograms are off, as Micrometer's defaults are; turn them on with a {@code MeterFilter} (all
 * names start with {@value #PREFIX}).
 *
 * <p>Thread-safe. A recording finds its meter by the enums' ordinals in arrays filled at
 * construction (no registry lookup, no tag objects per call) and adds no allocation to the call it
 * measures ({@code MetricsOverheadBenchmark} with {@code -prof gc}). Uses only API that Micrometer
 * 1.15 has as well (the version Spring Boot 3.5 manages).
 */
public final class MicrometerMetrics implements LatchkeyMetrics {
  /** Every meter's name starts with this. */
  public static final String PREFIX = "latchkey.";
  /** Timer of {@link Operation#SESSION_VALIDATION}. */
  public static final String SESSION_VALIDATION = "latchkey.session.validation";
  /** Timer of {@link Operation#API_KEY_AUTHENTICATION}. */
  public static final String API_KEY_AUTHENTICATION = "latchkey.apikey.authentication";
  /** Timer of {@link Operation#SIGN_IN}. */
  public static final String SIGN_IN = "latchkey.signin";
  /** Timer of {@link Operation#SIGN_IN_SECOND_FACTOR}. */
  public static final String SIGN_IN_SECOND_FACTOR = "latchkey.signin.second.factor";
  /** Timer of {@link Operation#PASSWORD_HASH}. */
  public static final String PASSWORD_HASH = "latchkey.password.hash";
  /** Timer of {@link Operation#PASSWORD_VERIFY}. */
  public static final String PASSWORD_VERIFY = "latchkey.password.verify";
  /** Timer of {@link Operation#HASH_PERMIT_WAIT}. */
  public static final String HASH_PERMIT_WAIT = "latchkey.password.hash.permit.wait";
  /** Counter of attempts refused by a lock. */
  public static final String LOCKOUTS = "latchkey.lockouts";
  /** Counter of API key cache lookups. */
  public static final String API_KEY_CACHE_GETS = "latchkey.apikey.cache.gets";

  private static final int SCOPES = LockScope.values().length;

  private final MeterRegistry registry;
  private final Clock clock;
  /** [operation][outcome]; null where the operation does not declare the outcome. */
  private final Timer[][] timers;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  /** [factor][scope][hard stop], registered at the first lockout of each kind. */
  private final AtomicReferenceArray<Counter> lockouts;

  private MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.clock = registry.config().clock();
    this.timers = new Timer[Operation.values().length][Outcome.values().length];
    for (Operation operation : Operation.values()) {
      for (Outcome outcome : operation.outcomes()) {
        timers[operation.ordinal()][outcome.ordinal()] = timer(operation, outcome);
      }
    }
    this.cacheHits = cacheCounter("hit");
    this.cacheMisses = cacheCounter("miss");
    this.lockouts = new AtomicReferenceArray<>(LimitedFactor.values().length * SCOPES * 2);
  }

  /** Registers Latchkey's meters in {@code registry} (or finds them, when they already are). */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return new MicrometerMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /** The name of the timer {@code operation} is recorded in. */
  public static String timerName(Operation operation) {
    return switch (operation) {
      case SESSION_VALIDATION -> SESSION_VALIDATION;
      case API_KEY_AUTHENTICATION -> API_KEY_AUTHENTICATION;
      case SIGN_IN -> SIGN_IN;
      case SIGN_IN_SECOND_FACTOR -> SIGN_IN_SECOND_FACTOR;
      case PASSWORD_HASH -> PASSWORD_HASH;
      case PASSWORD_VERIFY -> PASSWORD_VERIFY;
      case HASH_PERMIT_WAIT -> HASH_PERMIT_WAIT;
    };
  }

  private static String description(Operation operation) {
    return switch (operation) {
      case SESSION_VALIDATION -> "Session token validations, by outcome";
      case API_KEY_AUTHENTICATION -> "API key authentications, by precise outcome";
      case SIGN_IN -> "Password sign-in steps, by outcome";
      case SIGN_IN_SECOND_FACTOR -> "Second-factor sign-in steps, by outcome";
      case PASSWORD_HASH -> "New password hashes, wait for a hashing permit included";
      case PASSWORD_VERIFY -> "Password verifications (dummy ones included), wait for a hashing"
          + " permit included";
      case HASH_PERMIT_WAIT -> "Waits for a password hashing permit";
    };
  }

  private Timer timer(Operation operation, Outcome outcome) {
    return Timer.builder(timerName(operation))
        .description(description(operation))
        .tag("outcome", outcome.code())
        .register(registry);
  }

  private Counter cacheCounter(String result) {
    return Counter.builder(API_KEY_CACHE_GETS)
        .description("API key verification cache lookups")
        .tag("result", result)
        .register(registry);
  }

  /** The registry's clock, so a test's {@code MockClock} moves the timers too. */
  @Override
  public long monotonicTime() {
    return clock.monotonicTime();
  }

  @Override
  public void recordTime(Operation operation, Outcome outcome, long nanos) {
    Timer timer = timers[operation.ordinal()][outcome.ordinal()];
    if (timer == null) {
      // Not declared by the operation (a newer core than this module knows): still counted.
      timer = timer(operation, outcome);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void recordLockout(LimitedFactor factor, LockScope scope, boolean hardStop) {
    int index = (factor.ordinal() * SCOPES + scope.ordinal()) * 2 + (hardStop ? 1 : 0);
    Counter counter = lockouts.get(index);
    if (counter == null) {
      // Registering twice from two threads is harmless: the registry returns the same counter.
      counter = Counter.builder(LOCKOUTS)
          .description("Attempts at a guessable factor refused by a lock, unchecked")
          .tag("factor", factor.code())
          .tag("scope", scope.code())
          .tag("kind", hardStop ? "hard_stop" : "delay")
          .register(registry);
      lockouts.set(index, counter);
    }
    counter.increment();
  }

  @Override
  public void recordApiKeyCacheLookup(boolean hit) {
    (hit ? cacheHits : cacheMisses).increment();
  }

  @Override
  public String toString() {
    return "MicrometerMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
