package dev.latchkey.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.Location;
import dev.latchkey.geoip.MmdbFileException.Problem;
import dev.latchkey.store.tck.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading: explicit, on a change seen by the clock-timed check, and under concurrent lookups. */
class MmdbReloadTest {
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final String ADDRESS = "81.2.69.142";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atEpochOfTests();

  private Path file() {
    return dir.resolve("GeoLite2-City.mmdb");
  }

  private MmdbIpLocator watching() {
    return MmdbIpLocator.builder(file()).reloadWhenChanged(INTERVAL, clock).build();
  }

  private static String city(MmdbIpLocator locator) {
    return locator.locate(ADDRESS).map(Location::city).orElse("(empty)");
  }

  @Test
  void reloadWhenFileReplacedThenLaterLookupsUseTheNewFile() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = MmdbIpLocator.open(file())) {
      TestDatabases.replaceAtomically(file(), TestDatabases.single("Paris").toBytes());
      assertThat(city(locator)).isEqualTo("London"); // no automatic reload configured
      locator.reload();
      assertThat(city(locator)).isEqualTo("Paris");
    }
  }

  @Test
  void reloadWhenNewFileBrokenThenTypedErrorAndOldFileStaysInUse() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = MmdbIpLocator.open(file())) {
      TestDatabases.replaceAtomically(file(), new byte[] {1, 2, 3});
      assertThatThrownBy(locator::reload).isInstanceOfSatisfying(MmdbFileException.class,
          e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED));
      assertThat(city(locator)).isEqualTo("London");
    }
  }

  @Test
  void locateWhenFileReplacedThenNewFileUsedOnceTheIntervalElapsedByTheClock() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = watching()) {
      TestDatabases.replaceAtomically(file(), TestDatabases.single("Paris").toBytes());
      assertThat(city(locator)).isEqualTo("London");
      clock.advance(INTERVAL.minusSeconds(1));
      assertThat(city(locator)).isEqualTo("London");
      clock.advance(Duration.ofSeconds(1));
      assertThat(city(locator)).isEqualTo("Paris");
      assertThat(locator.toString()).contains("reloads when changed, checked every PT1M");
    }
  }

  @Test
  void locateWhenFileUnchangedThenReaderKeptAcrossChecks() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = watching()) {
      MmdbIpLocator.Loaded first = locator.current();
      for (int i = 0; i < 5; i++) {
        clock.advance(INTERVAL);
        assertThat(city(locator)).isEqualTo("London");
      }
      assertThat(locator.current()).isSameAs(first);
      assertThat(first.isClosed()).isFalse();
    }
  }

  @Test
  void locateWhenClockSetBackThenChecksStillHappen() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = watching()) {
      clock.advance(Duration.ofDays(-1));
      TestDatabases.replaceAtomically(file(), TestDatabases.single("Paris").toBytes());
      assertThat(city(locator)).isEqualTo("Paris");
    }
  }

  @Test
  void locateWhenReplacedByABrokenFileThenOldKeptOneWarningAndTheNextGoodFileLoads() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = watching()) {
      TestDatabases.replaceAtomically(file(), "not a database".getBytes());
      String log = TestDatabases.stderrOf(() -> {
        for (int i = 0; i < 3; i++) {
          clock.advance(INTERVAL);
          assertThat(city(locator)).isEqualTo("London");
        }
        return null;
      });
      assertThat(log.lines().filter(line -> line.contains("WARN"))).hasSize(1);
      assertThat(log).contains(file().toString(), "GeoLite2-City built")
          .doesNotContain(ADDRESS);

      TestDatabases.replaceAtomically(file(), TestDatabases.single("Paris").toBytes());
      clock.advance(INTERVAL);
      assertThat(city(locator)).isEqualTo("Paris");
    }
  }

  @Test
  void locateWhenFileDeletedThenOldKeptAndARecreatedFileLoads() throws IOException {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = watching()) {
      Files.delete(file());
      clock.advance(INTERVAL);
      String log = TestDatabases.stderrOf(() -> city(locator));
      assertThat(log).contains(file().toString(), "is gone");
      assertThat(city(locator)).isEqualTo("London");

      TestDatabases.single("Paris").write(file());
      clock.advance(INTERVAL);
      assertThat(city(locator)).isEqualTo("Paris");
    }
  }

  @Test
  void reloadWhenNoLookupRunningThenOldReaderClosedAtOnce() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = MmdbIpLocator.open(file())) {
      MmdbIpLocator.Loaded old = locator.current();
      locator.reload();
      assertThat(old.isClosed()).isTrue();
      assertThat(locator.current().isClosed()).isFalse();
    }
  }

  @Test
  void reloadWhenALookupHoldsTheOldReaderThenClosedOnlyWhenItFinishes() {
    TestDatabases.single("London").write(file());
    try (MmdbIpLocator locator = MmdbIpLocator.open(file())) {
      MmdbIpLocator.Loaded old = locator.current();
      assertThat(old.tryAcquire()).isTrue(); // what a lookup in progress holds
      locator.reload();
      assertThat(old.isClosed()).isFalse();
      assertThat(old.tryAcquire()).isTrue(); // still usable by that lookup
      old.release();
      old.release();
      assertThat(old.isClosed()).isTrue();
      assertThat(old.tryAcquire()).isFalse(); // a late lookup moves on to the current one
    }
  }

  @Test
  void locateWhileReloadingConcurrentlyThenEveryLookupAnswersFromOneCompleteFile()
      throws Exception {
    byte[] london = TestDatabases.single("London").toBytes();
    byte[] paris = TestDatabases.single("Paris").toBytes();
    Files.write(file(), london);
    int threads = 4;
    int reloads = 300;
    try (MmdbIpLocator locator = watching()) {
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<String> failure = new AtomicReference<>();
      AtomicLong lookups = new AtomicLong();
      CountDownLatch started = new CountDownLatch(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String address = t % 2 == 0 ? ADDRESS : "2001:218::1";
        Thread worker = new Thread(() -> {
          started.countDown();
          while (!done.get() || lookups.get() < 10_000) {
            try {
              Optional<Location> answer = locator.locate(address);
              String city = answer.map(Location::city).orElse("(empty)");
              if (!city.equals("London") && !city.equals("Paris")) {
                failure.compareAndSet(null, "answer " + answer);
              }
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e.toString());
            }
            lookups.incrementAndGet();
          }
        });
        worker.start();
        workers.add(worker);
      }
      started.await();
      String log = TestDatabases.stderrOf(() -> {
        for (int i = 0; i < reloads; i++) {
          TestDatabases.replaceAtomically(file(), i % 2 == 0 ? paris : london);
          if (i % 3 == 0) {
            clock.advance(INTERVAL); // the lookups reload by themselves
          } else {
            locator.reload();
          }
        }
        done.set(true);
        for (Thread worker : workers) {
          try {
            worker.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
        return null;
      });
      assertThat(failure.get()).isNull();
      assertThat(log).doesNotContain("WARN");
      assertThat(lookups.get()).isGreaterThanOrEqualTo(10_000);
    }
  }

  @Test
  void builderWhenArgumentsMissingThenNullPointer() {
    assertThatThrownBy(() -> MmdbIpLocator.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MmdbIpLocator.builder(file()).reloadWhenChanged(INTERVAL, null))
        .isInstanceOf(NullPointerException.class);
  }
}
