package dev.latchkey.benchmarks;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.micrometer.MicrometerMetrics;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.store.inmemory.InMemoryStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metrics cost on the hottest path, in-memory session validation: without a hook
 * ({@code metrics=none}, the default: no clock read, no allocation) and with
 * {@link MicrometerMetrics} on a {@link SimpleMeterRegistry} ({@code metrics=micrometer}: two
 * clock readings and one timer update per call). The malformed token is refused before any
 * hashing, so the overhead shows most there. Run with {@code -prof gc} to see the allocation per
 * call ({@code gc.alloc.rate.norm}) stay the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MetricsOverheadBenchmark {
  private static final int SESSIONS = 10_000;

  @Param({"none", "micrometer"})
  public String metrics;

  private Latchkey latchkey;
  private String[] tokens;

  @Setup(Level.Trial)
  public void setUp() {
    LatchkeyMetrics hook = metrics.equals("micrometer")
        ? MicrometerMetrics.of(new SimpleMeterRegistry()) : LatchkeyMetrics.none();
    latchkey = Latchkey.builder().stores(InMemoryStores.create()).metrics(hook).build();
    tokens = new String[SESSIONS];
    ClientInfo client = new ClientInfo("203.0.113.9", "curl/8.5.0");
    for (int i = 0; i < SESSIONS; i++) {
      tokens[i] = latchkey.sessions().create("acct-" + (i % 1000), client).token().reveal();
    }
  }

  @Benchmark
  public SessionValidation validateValidToken() {
    return latchkey.sessions().validate(tokens[ThreadLocalRandom.current().nextInt(SESSIONS)]);
  }

  @Benchmark
  public SessionValidation validateMalformedToken() {
    return latchkey.sessions().validate("not a token!");
  }
}
