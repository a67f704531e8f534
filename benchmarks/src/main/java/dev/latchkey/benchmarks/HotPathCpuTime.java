package dev.latchkey.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The in-memory hot paths next to their floors and peers, timed by the thread's CPU clock and
 * <em>interleaved</em>: each round runs one batch of every candidate of a group, in a fresh random
 * order, so a change in the machine's load during the run hits every candidate alike. Each ratio is
 * taken per round (candidate ÷ its reference in the same round) and then averaged, with its own
 * 99.9 % interval.
 *
 * <p>The CPU time is the whole JVM's by default (see {@link #PROCESS_CPU}), so garbage collection
 * is charged to the candidate that caused it.
 *
 * <p>Why next to JMH: on this project's shared 2-core machine, other builds push the load average to
 * 4 – 12, and JMH's wall-clock scores, taken one benchmark after another, then swing by more than the
 * differences being measured. The thread's CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime})
 * does not count time spent waiting for a core; interleaving takes care of most of what is left
 * (caches and memory bandwidth shared with the other work). JMH remains the figure to publish from a
 * quiet machine; this one is for ratios that mean something on a busy one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.HotPathCpuTime [apikey|totp|all] [rounds] [ops per batch]
 * </pre>
 */
public final class HotPathCpuTime {
  private HotPathCpuTime() {}

  /** One call of the operation under test; returns its result so it cannot be optimised away. */
  interface Op {
    Object call() throws Exception;
  }

  record Candidate(String name, Op op, String reference) {}

  /**
   * Whether to count the CPU time of every thread of the JVM (from {@code /proc/self/task/}) rather
   * than the calling thread's: the garbage collector runs on threads of its own, so a thread's clock
   * leaves out what an allocating candidate costs in collection (a peer allocating 10 KB a call
   * would look cheaper than it is). Default on Linux; {@code -Dcpu=thread} for the thread's clock.
   */
  static final boolean PROCESS_CPU = !"thread".equals(System.getProperty("cpu"))
      && Files.isReadable(Path.of("/proc/self/task"));
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds so far: of the whole JVM ({@link #PROCESS_CPU}) or of this thread. */
  static long cpuNanos() throws java.io.IOException {
    if (!PROCESS_CPU) {
      return THREADS.getCurrentThreadCpuTime();
    }
    long sum = 0;
    try (java.nio.file.DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          // schedstat: nanoseconds on a CPU, nanoseconds waiting for one, time slices.
          String stat = Files.readString(task.resolve("schedstat"));
          sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (java.io.IOException | RuntimeException e) {
          // The thread ended between the listing and the read: its time is gone either way.
        }
      }
    }
    return sum;
  }

  /** Where every result goes (a static field, so the JIT cannot drop the calls). */
  static int sink;

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    System.out.println(load());
    if (which.equals("apikey") || which.equals("all")) {
      run("API key, in memory (ns per call)", apiKey(), rounds, batch);
    }
    if (which.equals("totp") || which.equals("all")) {
      run("TOTP verify ±1 + replay check (ns per call)", totp(), rounds, Math.max(1, batch / 5));
    }
    System.out.println(load());
  }

  static List<Candidate> apiKey() {
    ApiKeyAuthenticationBenchmark b = new ApiKeyAuthenticationBenchmark();
    ApiKeyAuthenticationBenchmark.InMemory off = new ApiKeyAuthenticationBenchmark.InMemory();
    off.cache = "off";
    off.setUp();
    ApiKeyAuthenticationBenchmark.InMemory on = new ApiKeyAuthenticationBenchmark.InMemory();
    on.cache = "on";
    on.setUp();
    ApiKeyAuthenticationBenchmark.InMemoryFloor floor =
        new ApiKeyAuthenticationBenchmark.InMemoryFloor();
    floor.setUp();
    ApiKeyAuthenticationBenchmark.Digest digest = new ApiKeyAuthenticationBenchmark.Digest();
    String f = "floor: SHA-256 hex + map lookup";
    return List.of(
        new Candidate(f, () -> b.inMemoryFloorSha256AndMapLookup(floor, digest), null),
        new Candidate("valid, cache off", () -> b.inMemoryValidKey(off), f),
        new Candidate("valid, cache on", () -> b.inMemoryValidKey(on), f),
        new Candidate("unknown, cache off", () -> b.inMemoryUnknownKey(off), f),
        new Candidate("bad checksum, cache off", () -> b.inMemoryBadChecksumKey(off), null),
        new Candidate("bad checksum, cache on", () -> b.inMemoryBadChecksumKey(on), null));
  }

  static List<Candidate> totp() throws Exception {
    // One harness per candidate: each moves its own clock and has its own replay state.
    Supplier<TotpVerificationBenchmark> fresh = () -> {
      TotpVerificationBenchmark t = new TotpVerificationBenchmark();
      try {
        t.setUp();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return t;
    };
    TotpVerificationBenchmark floor = fresh.get();
    TotpVerificationBenchmark latchkey = fresh.get();
    TotpVerificationBenchmark google = fresh.get();
    TotpVerificationBenchmark javaTotp = fresh.get();
    String f = "floor: 3 HMAC-SHA1 + replay map";
    return List.of(
        new Candidate(f, floor::floorThreeHmacSha1PlusReplayMap, null),
        new Candidate("Latchkey", latchkey::latchkeyVerifyWithReplayCheck, f),
        new Candidate("GoogleAuth 1.5", google::googleAuthVerifyPlusReplayMap, "Latchkey"),
        new Candidate("java-totp 1.7", javaTotp::javaTotpVerifyPlusReplayMap, "Latchkey"));
  }

  static void run(String title, List<Candidate> candidates, int rounds, int batch)
      throws Exception {
    Map<String, double[]> perRound = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      perRound.put(c.name(), new double[rounds]);
    }
    // Warm-up: enough calls of each for C2 to compile every path, interleaved like the measurement.
    for (int w = 0; w < 20; w++) {
      for (Candidate c : candidates) {
        batch(c.op(), batch);
      }
    }
    List<Candidate> order = new ArrayList<>(candidates);
    Random shuffle = new Random(42);
    for (int r = 0; r < rounds; r++) {
      Collections.shuffle(order, shuffle);
      for (Candidate c : order) {
        long start = cpuNanos();
        batch(c.op(), batch);
        perRound.get(c.name())[r] = (cpuNanos() - start) / (double) batch;
      }
    }
    System.out.printf("%n## %s: %d rounds of %,d calls each, %s CPU time, mean ± 99.9 %% interval%n",
        title, rounds, batch, PROCESS_CPU ? "process (every JVM thread, GC included)" : "thread");
    System.out.printf("%-34s %22s %8s %26s%n", "candidate", "ns/op", "error", "ratio (per round)");
    for (Candidate c : candidates) {
      double[] v = perRound.get(c.name());
      String ratio = "";
      if (c.reference() != null) {
        double[] ref = perRound.get(c.reference());
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = v[r] / ref[r];
        }
        ratio = String.format("%.2f ± %.2f × %s", mean(ratios), error(ratios), c.reference());
      }
      System.out.printf("%-34s %12.1f ± %7.1f %7.1f%% %s%n", c.name(), mean(v), error(v),
          100 * error(v) / mean(v), ratio);
    }
    System.out.println("(median ns/op: " + medians(perRound) + ")");
  }

  private static void batch(Op op, int n) throws Exception {
    int s = 0;
    for (int i = 0; i < n; i++) {
      Object o = op.call();
      s += o == null ? 1 : (o instanceof Boolean b && b ? 2 : 3);
    }
    sink += s;
  }

  private static double mean(double[] v) {
    return Stats.mean(v);
  }

  private static double error(double[] v) {
    return Stats.error(v);
  }

  private static String medians(Map<String, double[]> perRound) {
    StringBuilder out = new StringBuilder();
    perRound.forEach((name, v) -> {
      double[] s = v.clone();
      Arrays.sort(s);
      out.append(out.length() == 0 ? "" : "; ").append(name).append(' ')
          .append(String.format("%.1f", s[s.length / 2]));
    });
    return out.toString();
  }

  private static String load() throws Exception {
    return "# load: " + Files.readString(Path.of("/proc/loadavg")).trim() + " cores: "
        + Runtime.getRuntime().availableProcessors();
  }
}
