package dev.latchkey.benchmarks;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.store.inmemory.InMemoryStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap an in-memory store needs for N sessions, measured, not estimated: a class histogram of
 * live objects ({@code jcmd <pid> GC.class_histogram}, which runs a full GC first) before and after
 * creating N sessions through {@code Latchkey.sessions().create}, as a host would. Prints both
 * totals, the difference per session, and the top classes of the second histogram.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.SessionStoreHeap 1000000
 * </pre>
 *
 * <p>Needs {@code jcmd} on the PATH (any JDK). The sessions stay reachable until the second
 * histogram is taken.
 */
public final class SessionStoreHeap {
  private SessionStoreHeap() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    InMemoryStores stores = InMemoryStores.create();
    Latchkey latchkey = Latchkey.builder().stores(stores).build();
    ClientInfo client = new ClientInfo("203.0.113.9",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36");
    // One session first, so every class on the path is loaded before the baseline.
    latchkey.sessions().create("warm-up", client);
    List<String> before = histogram();
    long baseline = total(before);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      latchkey.sessions().create("acct-" + (i % 100_000), client);
    }
    long fillMillis = (System.nanoTime() - start) / 1_000_000;
    List<String> after = histogram();
    long filled = total(after);
    System.out.printf("sessions: %d (created in %d ms)%n", n, fillMillis);
    System.out.printf("live heap before: %,d bytes%n", baseline);
    System.out.printf("live heap after:  %,d bytes%n", filled);
    System.out.printf("difference: %,d bytes = %.1f MiB, %.0f bytes per session%n",
        filled - baseline, (filled - baseline) / 1048576.0, (filled - baseline) / (double) n);
    System.out.println("top classes after (jcmd GC.class_histogram):");
    for (int i = 0; i < Math.min(after.size(), 18); i++) {
      System.out.println(after.get(i));
    }
    // Keeps the store reachable up to here.
    System.out.println("store: " + stores.getClass().getSimpleName());
  }

  private static List<String> histogram() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()),
        "GC.class_histogram").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd failed: " + out);
    }
    return new ArrayList<>(List.of(out.split("\n")));
  }

  /** The bytes of the histogram's "Total" line. */
  private static long total(List<String> lines) {
    for (String line : lines) {
      String t = line.trim();
      if (t.startsWith("Total")) {
        String[] f = t.split("\\s+");
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("no Total line in the histogram");
  }
}
