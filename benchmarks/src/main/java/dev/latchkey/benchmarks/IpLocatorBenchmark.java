package dev.latchkey.benchmarks;

import dev.latchkey.client.CsvIpLocator;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.geoip.MmdbIpLocator;
import dev.latchkey.geoip.MmdbWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups per second and heap of {@link MmdbIpLocator} next to {@link CsvIpLocator}, over the same
 * generated ranges: {@code ranges} networks (three quarters IPv4, a quarter IPv6, aligned CIDR
 * blocks with gaps between them) spread over 5,000 distinct cities, written once as a DB-IP Lite
 * CSV and once as a GeoLite2-City {@code .mmdb} (records in MaxMind's layout, names in eight
 * languages). Every looked-up address lies inside a range.
 *
 * <p>Heap is measured in the trial's setup, in the forked JVM: used heap after three
 * {@code MemoryMXBean.gc()} calls, before building the locator, after building it, and after one
 * lookup per range (which fills the {@code .mmdb} reader's decoded-record cache). The difference
 * is what the locator retains; the figures are printed as {@code # heap:} lines. The {@code .mmdb}
 * file itself is memory-mapped, so its size is page cache, not heap; it is printed beside them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class IpLocatorBenchmark {
  private static final int CITIES = 5_000;
  private static final int ADDRESSES = 4_096; // a power of two: the cursor wraps with a mask
  private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "JP", "BR", "IN", "SE",
      "NL", "CA", "AU", "ES", "IT", "PL", "KR"};

  @Param({"100000"})
  public int ranges;

  @Param({"mmdb", "csv"})
  public String locator;

  private Path directory;
  private IpLocator ipLocator;
  private String[] ipv4Addresses;
  private String[] ipv6Addresses;

  /** A per-thread position in the address arrays: cheaper than a random number per call. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("latchkey-iplocator-bench");
    Generated data = generate(ranges, new SplittableRandom(20_261_125));
    ipv4Addresses = data.ipv4Addresses;
    ipv6Addresses = data.ipv6Addresses;
    Path csv = directory.resolve("dbip-city-lite.csv");
    Path mmdb = directory.resolve("GeoLite2-City.mmdb");
    writeCsv(data, csv);
    writeMmdb(data, mmdb);
    List<String> everyRange = data.oneAddressPerRange;
    data = null; // the writer's tree and the generated rows are garbage from here on

    long before = usedHeapAfterGc();
    long start = System.nanoTime();
    ipLocator = locator.equals("mmdb") ? MmdbIpLocator.open(mmdb) : CsvIpLocator.dbIpLite(csv);
    long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    long afterLoad = usedHeapAfterGc();
    int found = 0;
    for (String address : everyRange) {
      found += ipLocator.locate(address).isPresent() ? 1 : 0;
    }
    long afterLookups = usedHeapAfterGc();
    if (found != everyRange.size()) {
      throw new IllegalStateException("only " + found + " of " + everyRange.size()
          + " ranges located: the two files do not hold the same data");
    }
    String reload = "";
    if (ipLocator instanceof MmdbIpLocator opened) {
      // The first open pays for class loading; a reload is what a running host pays.
      start = System.nanoTime();
      opened.reload();
      reload = String.format(Locale.ROOT, ", reload %.1f ms",
          (System.nanoTime() - start) / 1_000_000.0);
    }
    Path file = locator.equals("mmdb") ? mmdb : csv;
    System.out.printf(Locale.ROOT, "%n# heap: %s, %d ranges: %+.1f MB retained after loading"
            + " (%d ms%s), %+.1f MB after one lookup per range; file %.1f MB%s%n",
        locator, ranges, mb(afterLoad - before), loadMillis, reload, mb(afterLookups - before),
        mb(Files.size(file)), locator.equals("mmdb") ? " (memory-mapped, off-heap)" : "");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (ipLocator instanceof MmdbIpLocator mmdb) {
      mmdb.close();
    }
    try (var files = Files.list(directory)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(directory);
  }

  @Benchmark
  public Optional<Location> locateIpv4(Cursor cursor) {
    return ipLocator.locate(ipv4Addresses[cursor.next++ & (ADDRESSES - 1)]);
  }

  @Benchmark
  public Optional<Location> locateIpv6(Cursor cursor) {
    return ipLocator.locate(ipv6Addresses[cursor.next++ & (ADDRESSES - 1)]);
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** One generated range: [start, end] as 128-bit numbers (IPv4 as 32-bit in lo), a city index. */
  private record Range(boolean ipv4, long hi, long lo, int prefix, int city) {}

  private static final class Generated {
    final List<Range> ranges = new ArrayList<>();
    final List<String> oneAddressPerRange = new ArrayList<>();
    String[] ipv4Addresses;
    String[] ipv6Addresses;
  }

  /** Aligned CIDR blocks with gaps, so both formats hold exactly the same networks. */
  private static Generated generate(int count, SplittableRandom random) {
    Generated g = new Generated();
    int ipv4Count = count * 3 / 4;
    long cursor = 0x0100_0000L; // 1.0.0.0
    for (int i = 0; i < ipv4Count; i++) {
      int prefix = 20 + random.nextInt(9); // /20 to /28
      long size = 1L << (32 - prefix);
      cursor = (cursor + size - 1) & -size;
      g.ranges.add(new Range(true, 0, cursor, prefix, random.nextInt(CITIES)));
      cursor += size * (1 + random.nextInt(3)); // leave gaps that locate nothing
    }
    if (cursor > 0xE000_0000L) {
      throw new IllegalStateException("too many IPv4 ranges for the unicast space");
    }
    long hiCursor = 0x2a00_0000_0000_0000L;
    for (int i = ipv4Count; i < count; i++) {
      int prefix = 32 + random.nextInt(17); // /32 to /48
      long size = 1L << (64 - prefix);
      hiCursor = (hiCursor + size - 1) & -size;
      g.ranges.add(new Range(false, hiCursor, 0, prefix, random.nextInt(CITIES)));
      hiCursor += size * (1 + random.nextInt(3));
    }
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    for (Range r : g.ranges) {
      String address = randomAddressIn(r, random);
      g.oneAddressPerRange.add(address);
      (r.ipv4 ? v4 : v6).add(address);
    }
    g.ipv4Addresses = sample(v4, random);
    g.ipv6Addresses = sample(v6, random);
    return g;
  }

  private static String[] sample(List<String> from, SplittableRandom random) {
    String[] out = new String[ADDRESSES];
    for (int i = 0; i < ADDRESSES; i++) {
      out[i] = from.get(random.nextInt(from.size()));
    }
    return out;
  }

  private static String randomAddressIn(Range r, SplittableRandom random) {
    if (r.ipv4) {
      return ipv4(r.lo + random.nextLong(1L << (32 - r.prefix)));
    }
    long hostBits = 64 - r.prefix; // of the high half; the low half is all host bits
    return ipv6(r.hi + random.nextLong(1L << hostBits), random.nextLong());
  }

  private static String ipv4(long v) {
    return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "."
        + (v & 0xff);
  }

  private static String lastIpv4(Range r) {
    return ipv4(r.lo + (1L << (32 - r.prefix)) - 1);
  }

  /** RFC 5952 text (the form Latchkey passes): the longest run of two or more zero groups as ::. */
  private static String ipv6(long hi, long lo) {
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      s.append(Integer.toHexString(groups[i]));
      if (i < 7) {
        s.append(':');
      }
    }
    return s.toString();
  }

  private static String city(int index) {
    return "City " + index;
  }

  private static String region(int index) {
    return "Region " + (index % 400);
  }

  private static String country(int index) {
    return COUNTRIES[index % COUNTRIES.length];
  }

  /** DB-IP Lite City CSV: start,end,continent,country,region,city,latitude,longitude. */
  private static void writeCsv(Generated data, Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Range r : data.ranges) {
        String first;
        String last;
        if (r.ipv4) {
          first = ipv4(r.lo);
          last = lastIpv4(r);
        } else {
          first = ipv6(r.hi, 0);
          last = ipv6(r.hi + (1L << (64 - r.prefix)) - 1, -1L);
        }
        out.write(first + "," + last + ",EU," + country(r.city) + "," + region(r.city) + ","
            + city(r.city) + ",52.52,13.40\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same networks as a GeoLite2-City .mmdb; each city's record is written once. */
  private static void writeMmdb(Generated data, Path file) {
    List<Map<String, Object>> records = new ArrayList<>(CITIES);
    for (int i = 0; i < CITIES; i++) {
      records.add(MmdbWriter.geoLite2City(city(i), "R" + (i % 400), region(i), country(i)));
    }
    MmdbWriter writer = MmdbWriter.ipv6("GeoLite2-City").recordSize(28);
    for (Range r : data.ranges) {
      byte[] address = r.ipv4 ? new byte[4] : new byte[16];
      long value = r.ipv4 ? r.lo : r.hi;
      int bytes = r.ipv4 ? 4 : 8; // an IPv6 range's low half is zero
      for (int i = 0; i < bytes; i++) {
        address[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
      }
      writer.insert(address, r.prefix, records.get(r.city));
    }
    writer.write(file);
  }
}
