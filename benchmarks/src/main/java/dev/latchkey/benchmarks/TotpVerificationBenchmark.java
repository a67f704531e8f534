package dev.latchkey.benchmarks;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.warrenstrange.googleauth.GoogleAuthenticator;
import dev.latchkey.common.KeyRing;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.TotpSettings;
import dev.latchkey.totp.TotpVerification;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a fresh, valid TOTP code with replay protection, next to GoogleAuth and java-totp doing
 * the same work.
 *
 * <p>Every invocation moves a simulated clock one 30-second step on and submits that step's code
 * (precomputed), so every call takes the accepting path: Latchkey decrypts the stored secret
 * (AES-256-GCM), checks the window and records the step atomically in the store; it also counts
 * the attempt and clears the count (the attempt limit every code check carries). The peers have no
 * replay protection of their own, so they get the cheapest equivalent: a per-account last-step
 * compare-and-set in a {@link ConcurrentHashMap}. Single-threaded: the clock is shared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Threads(1)
public class TotpVerificationBenchmark {
  private static final int STEPS = 3_000_000;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private SimClock clock;
  private Latchkey latchkey;
  private String base32Secret;
  private String[] codes;
  private int[] intCodes;
  private int next;
  private String account;
  private int accounts;

  private GoogleAuthenticator googleAuth;
  private DefaultCodeVerifier javaTotp;
  private final ConcurrentHashMap<String, Long> peerLastStep = new ConcurrentHashMap<>();

  /** A clock the benchmark moves; the peers read the same time. */
  static final class SimClock extends Clock {
    volatile Instant now = START;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    clock = new SimClock();
    latchkey = Latchkey.builder().stores(InMemoryStores.create()).clock(clock)
        .keyRing(KeyRing.generate(new SecureRandom(), "k1"))
        .totpSettings(TotpSettings.withIssuer("Bench")).build();
    googleAuth = new GoogleAuthenticator();
    javaTotp = new DefaultCodeVerifier(new DefaultCodeGenerator(),
        () -> clock.instant().getEpochSecond());
    javaTotp.setAllowedTimePeriodDiscrepancy(1);
    enrolFreshAccount();
  }

  /** Enrols a new account and precomputes its codes for the next {@link #STEPS} steps. */
  private void enrolFreshAccount() throws Exception {
    account = "bench-" + (accounts++);
    BeginResult begun = latchkey.totp().begin(account, account + "@example.com");
    base32Secret = ((BeginResult.Started) begun).enrollment().secret().reveal();
    byte[] raw = new Base32().decode(base32Secret);
    TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator();
    SecretKeySpec key = new SecretKeySpec(raw, g.getAlgorithm());
    // Enrolment is done by a signed-in user: a session of the account confirms.
    ValidatedSession enrolling = ((SessionValidation.Valid) latchkey.sessions().validate(
        latchkey.sessions().create(account, ClientInfo.unknown()).token().reveal())).session();
    ConfirmResult confirmed =
        latchkey.totp().confirm(enrolling, String.format("%06d", g.generateOneTimePassword(key,
            clock.instant())), ClientInfo.unknown());
    if (!(confirmed instanceof ConfirmResult.Confirmed)) {
      throw new IllegalStateException("confirm failed: " + confirmed);
    }
    codes = new String[STEPS];
    intCodes = new int[STEPS];
    Instant t = clock.instant();
    for (int i = 0; i < STEPS; i++) {
      t = t.plus(Duration.ofSeconds(30));
      intCodes[i] = g.generateOneTimePassword(key, t);
      codes[i] = String.format("%06d", intCodes[i]);
    }
    next = 0;
  }

  private int advance() throws Exception {
    if (next == STEPS) {
      enrolFreshAccount();
    }
    clock.now = clock.now.plus(Duration.ofSeconds(30));
    return next++;
  }

  @Benchmark
  public boolean latchkeyVerifyWithReplayCheck() throws Exception {
    int i = advance();
    // No client address: the per-client counter is skipped; the per-account one is counted and
    // cleared by each accepted code, as in production.
    return latchkey.totp().verify(account, codes[i], ClientInfo.unknown())
        instanceof TotpVerification.Accepted;
  }

  @Benchmark
  public boolean googleAuthVerifyPlusReplayMap() throws Exception {
    int i = advance();
    long step = clock.instant().getEpochSecond() / 30;
    return googleAuth.authorize(base32Secret, intCodes[i], clock.instant().toEpochMilli())
        && acceptStep(step);
  }

  @Benchmark
  public boolean javaTotpVerifyPlusReplayMap() throws Exception {
    int i = advance();
    long step = clock.instant().getEpochSecond() / 30;
    return javaTotp.isValidCode(base32Secret, codes[i]) && acceptStep(step);
  }

  private boolean acceptStep(long step) {
    boolean[] accepted = {false};
    peerLastStep.compute(account, (k, last) -> {
      if (last == null || step > last) {
        accepted[0] = true;
        return step;
      }
      return last;
    });
    return accepted[0];
  }
}
