package dev.latchkey.benchmarks;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.TotpSettings;
import dev.latchkey.totp.TotpVerification;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
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
 * Verifying a fresh, valid TOTP code (±1 step window) with replay protection: Latchkey, GoogleAuth
 * 1.5, java-totp 1.7 and a hand-written floor, each given the same code for the same step of the
 * same secret, in the same harness.
 *
 * <p>The harness. {@value #ACCOUNTS} accounts share one secret (the benchmark's random source
 * hands the same 20 bytes to every enrolment; nowhere else), so one code per time step serves every
 * account. Invocation {@code i} submits the code of step {@code s = i / ACCOUNTS} for account
 * {@code i % ACCOUNTS}; the simulated clock moves one 30-second step on each time the accounts wrap
 * around. Every call therefore takes the accepting path and every step is new for its account, with
 * no setup work inside the measurement: the codes for {@value #STEPS} steps (more than any trial
 * uses at 100 ns per call) are made at trial setup. (The old harness re-enrolled and recomputed
 * three million codes inside a measured call when its table ran out, which is why its error bars
 * were several times its scores.)
 *
 * <p>What each one does per call:
 *
 * <ul>
 *   <li>Latchkey: counts the attempt (per-account and per-client limiter), decrypts the stored
 *       secret (AES-256-GCM), three HMAC-SHA1 compared in constant time, records the step
 *       atomically in the store, clears the account's count and gives the client's unit back;
 *   <li>GoogleAuth ({@code windowSize 3} = ±1 step) and java-totp ({@code discrepancy 1}): their
 *       own verification from the Base32 secret, then the replay check below;
 *   <li>floor: three HMAC-SHA1 with one reused {@link Mac} already keyed, a constant-time compare
 *       of the digits, then the replay check;
 *   <li>the replay check (peers and floor): a per-account last-step compare-and-set in a
 *       {@link ConcurrentHashMap} holding one entry per account, so it is bounded.
 * </ul>
 *
 * <p>Single-threaded: the clock is shared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class TotpVerificationBenchmark {
  static final int ACCOUNTS = 1024;
  /** Steps with precomputed codes: 2^18 × 1024 accounts ≈ 268 M calls, beyond any trial. */
  static final int STEPS = 1 << 18;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] SHARED_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  private SimClock clock;
  private Latchkey latchkey;
  private String base32Secret;
  private String[] accounts;
  /** The code of step {@code START step + 1 + s}, as text and as a number. */
  private String[] codes;
  private int[] intCodes;
  private long firstStep;
  private long calls;

  private GoogleAuthenticator googleAuth;
  private DefaultCodeVerifier javaTotp;
  private Mac floorMac;
  private final ConcurrentHashMap<String, Long> lastStep = new ConcurrentHashMap<>();

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

  /**
   * A real {@link SecureRandom} that hands out {@link #SHARED_SECRET} once when armed: only the
   * enrolment's secret is fixed, never a nonce, token or key.
   */
  static final class OneFixedSecret extends SecureRandom {
    private boolean armed;

    void arm() {
      armed = true;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      if (armed && bytes.length == SHARED_SECRET.length) {
        armed = false;
        System.arraycopy(SHARED_SECRET, 0, bytes, 0, bytes.length);
        return;
      }
      super.nextBytes(bytes);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    clock = new SimClock();
    OneFixedSecret random = new OneFixedSecret();
    latchkey = Latchkey.builder().stores(InMemoryStores.create()).clock(clock).random(random)
        .keyRing(KeyRing.generate(new SecureRandom(), "k1"))
        .totpSettings(TotpSettings.withIssuer("Bench")).build();
    base32Secret = new Base32().encodeToString(SHARED_SECRET);
    TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator();
    SecretKeySpec key = new SecretKeySpec(SHARED_SECRET, g.getAlgorithm());
    String confirmCode = String.format("%06d", g.generateOneTimePassword(key, clock.instant()));
    accounts = new String[ACCOUNTS];
    for (int a = 0; a < ACCOUNTS; a++) {
      accounts[a] = "bench-" + a;
      random.arm();
      BeginResult begun = latchkey.totp().begin(accounts[a], accounts[a] + "@example.com");
      String secret = ((BeginResult.Started) begun).enrollment().secret().reveal();
      if (!secret.equals(base32Secret)) {
        throw new IllegalStateException("enrolment did not take the shared secret");
      }
      // Enrolment is done by a signed-in user: a session of the account confirms.
      ValidatedSession enrolling = ((SessionValidation.Valid) latchkey.sessions().validate(
          latchkey.sessions().create(accounts[a], ClientInfo.unknown()).token().reveal())).session();
      ConfirmResult confirmed = latchkey.totp().confirm(enrolling, confirmCode, ClientInfo.unknown());
      if (!(confirmed instanceof ConfirmResult.Confirmed)) {
        throw new IllegalStateException("confirm failed: " + confirmed);
      }
    }
    firstStep = clock.instant().getEpochSecond() / 30 + 1;
    codes = new String[STEPS];
    intCodes = new int[STEPS];
    for (int s = 0; s < STEPS; s++) {
      intCodes[s] = g.generateOneTimePassword(key, Instant.ofEpochSecond((firstStep + s) * 30));
      codes[s] = String.format("%06d", intCodes[s]);
    }
    clock.now = Instant.ofEpochSecond(firstStep * 30);
    calls = 0;
    googleAuth = new GoogleAuthenticator(new GoogleAuthenticatorConfig
        .GoogleAuthenticatorConfigBuilder().setWindowSize(3).build());
    javaTotp = new DefaultCodeVerifier(new DefaultCodeGenerator(),
        () -> clock.instant().getEpochSecond());
    javaTotp.setAllowedTimePeriodDiscrepancy(1);
    floorMac = Mac.getInstance("HmacSHA1");
    floorMac.init(new SecretKeySpec(SHARED_SECRET, "HmacSHA1"));
  }

  /** The index of this call's step; moves the clock when every account has had this step. */
  private int next() {
    long i = calls++;
    int account = (int) (i % ACCOUNTS);
    int step = (int) (i / ACCOUNTS);
    if (account == 0 && i > 0) {
      clock.now = Instant.ofEpochSecond((firstStep + step) * 30);
    }
    return step;
  }

  private String account() {
    return accounts[(int) ((calls - 1) % ACCOUNTS)];
  }

  @Benchmark
  public boolean latchkeyVerifyWithReplayCheck() {
    int s = next();
    // No client address: the attempt counts against the shared "client:unknown" counter (a
    // missing address never switches the per-client limit off) and the per-account one; an
    // accepted code clears the account's and gives the client's unit back, as in production.
    return latchkey.totp().verify(account(), codes[s], ClientInfo.unknown())
        instanceof TotpVerification.Accepted;
  }

  @Benchmark
  public boolean googleAuthVerifyPlusReplayMap() {
    int s = next();
    return googleAuth.authorize(base32Secret, intCodes[s], clock.instant().toEpochMilli())
        && acceptStep(account(), firstStep + s);
  }

  @Benchmark
  public boolean javaTotpVerifyPlusReplayMap() {
    int s = next();
    return javaTotp.isValidCode(base32Secret, codes[s]) && acceptStep(account(), firstStep + s);
  }

  /**
   * The floor: three HMAC-SHA1 with a reused, already keyed {@link Mac}, each compared with the
   * presented digits in constant time, then the replay check.
   */
  @Benchmark
  public boolean floorThreeHmacSha1PlusReplayMap() throws GeneralSecurityException {
    int s = next();
    long current = clock.instant().getEpochSecond() / 30;
    byte[] candidate = codes[s].getBytes(StandardCharsets.US_ASCII);
    byte[] expected = new byte[6];
    byte[] counter = new byte[8];
    long matched = -1;
    for (long step = current - 1; step <= current + 1; step++) {
      for (int b = 7; b >= 0; b--) {
        counter[b] = (byte) (step >>> (8 * (7 - b)));
      }
      byte[] h = floorMac.doFinal(counter);
      int o = h[h.length - 1] & 0x0f;
      int v = (((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8)
          | (h[o + 3] & 0xff)) % 1_000_000;
      for (int d = 5; d >= 0; d--) {
        expected[d] = (byte) ('0' + v % 10);
        v /= 10;
      }
      if (MessageDigest.isEqual(expected, candidate) && matched < 0) {
        matched = step;
      }
    }
    return matched >= 0 && acceptStep(account(), matched);
  }

  /** Accepts {@code step} for the account only if it is later than the last one accepted. */
  private boolean acceptStep(String account, long step) {
    Long before = lastStep.get(account);
    while (true) {
      if (before == null) {
        before = lastStep.putIfAbsent(account, step);
        if (before == null) {
          return true;
        }
      } else if (step <= before) {
        return false;
      } else if (lastStep.replace(account, before, step)) {
        return true;
      } else {
        before = lastStep.get(account);
      }
    }
  }
}
