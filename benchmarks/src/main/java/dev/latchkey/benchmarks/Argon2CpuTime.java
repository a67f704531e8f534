package dev.latchkey.benchmarks;

import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CPU time per Argon2id hash at the default cost, for each engine, measured with the thread's CPU
 * clock ({@link ThreadMXBean#getCurrentThreadCpuTime}): unlike wall-clock time it does not count
 * the time the thread waits for a core, so on a machine shared with other work it still compares
 * the engines fairly (both run single-threaded at p=1). The JMH {@code PasswordHashingBenchmark} is
 * the wall-clock figure for a quiet machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.Argon2CpuTime [hashes]
 * java [the demo's JVM flags] -cp benchmarks/target/benchmarks.jar \
 *     dev.latchkey.benchmarks.Argon2CpuTime bound [threads] [seconds]
 * </pre>
 *
 * <p>{@code bound} is the sign-in run's hashing bound ({@code benchmarks/scale.sh signin}): as many
 * threads as cores verify a password through one {@link PasswordHasher} (its permits, pure-Java
 * engine) for the given time after a warm-up, and it prints the verifications per second and what
 * each cost in CPU: the threads' own CPU time and the whole process's (the JVM's garbage collector
 * included), so the demo's CPU per sign-in, taken over the same kind of window with the same JVM
 * flags, can be set against it.
 */
public final class Argon2CpuTime {
  private Argon2CpuTime() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("bound")) {
      int threads = args.length > 1 ? Integer.parseInt(args[1])
          : Runtime.getRuntime().availableProcessors();
      int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
      bound(threads, seconds);
      return;
    }
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

  /** Verifications per second with every core busy, and their CPU cost; see the class comment. */
  private static void bound(int threadCount, int seconds) throws InterruptedException {
    System.setProperty("latchkey.argon2.engine", "java");
    PasswordHasher hasher =
        PasswordHasher.create(PasswordHashingSettings.defaults(), new SecureRandom());
    System.clearProperty("latchkey.argon2.engine");
    String hash = hasher.hash("correct horse battery staple");
    // Warm-up on every thread (JIT), as the sign-in run warms the demo up before measuring.
    long warmUpEnd = System.nanoTime() + 5_000_000_000L;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    // Every thread is done warming up before the process's CPU clock is read, so the warm-up
    // verifications still queued for a permit are not counted as measured CPU.
    CountDownLatch ready = new CountDownLatch(threadCount);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    long[] counts = new long[threadCount];
    long[] cpu = new long[threadCount];
    CountDownLatch done = new CountDownLatch(threadCount);
    for (int t = 0; t < threadCount; t++) {
      int id = t;
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < warmUpEnd) {
          hasher.verify("correct horse battery staple", hash);
        }
        ready.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        while (!stop.get()) {
          if (!hasher.verify("correct horse battery staple", hash)) {
            throw new IllegalStateException("verification failed");
          }
          n++;
        }
        cpu[id] = mx.getCurrentThreadCpuTime() - start;
        counts[id] = n;
        done.countDown();
      }, "argon2-bound-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    ready.await();
    long gcCount0 = gcCount();
    long gcMs0 = gcMillis();
    long processCpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    // scale.sh starts its wrk run on this line.
    System.out.println("bound: measuring for " + seconds + " s");
    System.out.flush();
    go.countDown();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    // Each thread finishes the verification it is in; those count (their CPU too).
    done.await();
    double wall = (System.nanoTime() - wall0) / 1e9;
    double processCpu = (os.getProcessCpuTime() - processCpu0) / 1e9;
    long total = 0;
    long threadCpu = 0;
    for (int t = 0; t < threadCount; t++) {
      total += counts[t];
      threadCpu += cpu[t];
    }
    System.out.printf("bound: %d threads, %s%n", threadCount, hasher);
    System.out.printf("bound: %d verifications in %.2f s = %.1f hashes/s%n", total, wall,
        total / wall);
    System.out.printf("bound: CPU per hash: %.2f ms on the hashing threads, %.2f ms for the"
        + " process (GC and JIT included); process used %.2f of %d cores%n",
        threadCpu / 1e6 / total, processCpu * 1e3 / total, processCpu / wall,
        Runtime.getRuntime().availableProcessors());
    System.out.printf("bound: GC: %d collections, %d ms (%.1f %% of the wall time)%n",
        gcCount() - gcCount0, gcMillis() - gcMs0, (gcMillis() - gcMs0) / wall / 10);
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }
}
