package dev.latchkey.benchmarks;

import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;

/**
 * CPU time per Argon2id hash at the default cost, for each engine, measured with the thread's CPU
 * clock ({@link ThreadMXBean#getCurrentThreadCpuTime}): unlike wall-clock time it does not count
 * the time the thread waits for a core, so on a machine shared with other work it still compares
 * the engines fairly (both run single-threaded at p=1). The JMH {@code PasswordHashingBenchmark} is
 * the wall-clock figure for a quiet machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.Argon2CpuTime [hashes]
 * </pre>
 */
public final class Argon2CpuTime {
  private Argon2CpuTime() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] means = new double[2];
    String[] engines = {"java", "native"};
    for (int e = 0; e < engines.length; e++) {
      System.setProperty("latchkey.argon2.engine", engines[e]);
      PasswordHasher hasher =
          PasswordHasher.create(PasswordHashingSettings.defaults(), new SecureRandom());
      System.clearProperty("latchkey.argon2.engine");
      for (int i = 0; i < 5; i++) {
        hasher.hash("correct horse battery staple"); // warm-up (JIT, native library load)
      }
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < n; i++) {
        long start = threads.getCurrentThreadCpuTime();
        hasher.hash("correct horse battery staple");
        double ms = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        sum += ms;
        sumSq += ms * ms;
      }
      double mean = sum / n;
      double sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      means[e] = mean;
      System.out.printf("%-6s %s: %.2f ms CPU per hash (sd %.2f, n=%d)%n", engines[e], hasher,
          mean, sd, n);
    }
    System.out.printf("native / java: %.2f (java is %.1fx the CPU time of native)%n",
        means[1] / means[0], means[0] / means[1]);
  }
}
