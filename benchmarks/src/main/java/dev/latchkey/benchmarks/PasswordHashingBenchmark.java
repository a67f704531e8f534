package dev.latchkey.benchmarks;

import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingSettings;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Password hashing at the default (OWASP minimum) Argon2id parameters on each Argon2 engine
 * ({@code engine=java}: BouncyCastle, core's default; {@code engine=native}: libargon2 through
 * latchkey-argon2-native), and bcrypt verification of a migrated hash. These are deliberately slow;
 * the figure tells a host how many sign-ins per second a core can take. Both engines write the
 * same PHC string for the same salt, so the ratio is the speed-up at the same cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class PasswordHashingBenchmark {
  @Param({"java", "native"})
  public String engine;

  private PasswordHasher hasher;
  private String argonHash;
  private final String bcryptCost10 =
      "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEmBwVDjA/mgrxoVBBH9f0ByPla";

  @Setup
  public void setUp() {
    // Read when the hasher is made: picks the engine for this trial.
    System.setProperty("latchkey.argon2.engine", engine);
    hasher = PasswordHasher.create(PasswordHashingSettings.defaults(), new SecureRandom());
    System.clearProperty("latchkey.argon2.engine");
    if (!hasher.toString().contains(engine.equals("native") ? "libargon2" : "bouncycastle")) {
      throw new IllegalStateException("wrong engine: " + hasher);
    }
    argonHash = hasher.hash("correct horse battery staple");
  }

  @Benchmark
  public String hashArgon2idDefaults() {
    return hasher.hash("correct horse battery staple");
  }

  @Benchmark
  public boolean verifyArgon2idDefaults() {
    return hasher.verify("correct horse battery staple", argonHash);
  }

  @Benchmark
  public boolean verifyBcryptCost10() {
    return hasher.verify("abcdefghijklmnopqrstuvwxyz", bcryptCost10);
  }
}
