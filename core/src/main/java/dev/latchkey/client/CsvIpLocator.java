package dev.latchkey.client;

import dev.latchkey.common.LatchkeyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntBinaryOperator;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. A city-level database has millions of ranges (DB-IP City Lite: about three million
 * IPv4 and two million IPv6 rows), so the layout is chosen for memory, not convenience:
 *
 * - IPv4 ranges live in three int arrays (start, end, location index): 12 bytes a row. Starts and
 *   ends are compared unsigned.
 * - IPv6 ranges live in four long arrays (start high/low, end high/low) and an int array: 36 bytes
 *   a row. An address is a 128-bit unsigned number split into two unsigned 64-bit halves.
 * - Locations are deduplicated (a city appears in thousands of rows) and their strings interned, so
 *   each row costs one int for its location.
 *
 * Loading normalises every address to 128 bits, with IPv4 at ::ffff:a.b.c.d (RFC 4291 §2.5.5.2),
 * and files the range in the IPv4 table when both ends fall in that block, in the IPv6 table
 * otherwise. A lookup is a binary search for the last range starting at or before the address,
 * followed by one comparison with its end. Ranges are sorted once at load time (the vendors' files
 * are already sorted, so usually this is only a check) and overlapping rows, which would make the
 * search ambiguous, are dropped and counted.
 *
 * The object is immutable after construction, hence thread-safe without locks.
 */

/**
 * An {@link IpLocator} answering from IP-range CSV files loaded once into memory: the free DB-IP
 * Lite databases or MaxMind GeoLite2 City/Country.
 *
 * <p><b>Guarantees.</b> Construction reads every file once, completely, and fails with a
 * {@link LatchkeyException} if a file cannot be read or holds no valid row; malformed rows are
 * skipped, counted and logged (slf4j, {@code dev.latchkey.client.CsvIpLocator}). After that,
 * {@link #locate} does no I/O, takes O(log n) time (well under a microsecond for five million
 * ranges), never throws, and is safe to call from any number of threads. Addresses are never
 * resolved as host names. Files ending in {@code .gz} are decompressed while reading.
 *
 * <p><b>Data.</b> Nothing is fetched: the host downloads the files (DB-IP Lite is CC BY 4.0 and
 * asks for attribution; GeoLite2 requires a MaxMind licence key) and refreshes them by building a
 * new locator, which takes seconds (about 10 s for five million rows). Memory is about 12 bytes
 * per IPv4 range and 36 bytes per IPv6 range plus the distinct locations: roughly 100 MB for a
 * full city-level database, with a transient peak about twice that while loading.
 */
public final class CsvIpLocator implements IpLocator {
  private static final Logger LOG = LoggerFactory.getLogger(CsvIpLocator.class);

  /** Enough line numbers to diagnose a format change without flooding the log. */
  private static final int MAX_LOGGED_BAD_ROWS = 5;

  /** The IPv4-mapped prefix ::ffff:0:0/96 as the low 64 bits of a 128-bit address. */
  private static final long IPV4_MAPPED = 0x0000_ffff_0000_0000L;

  private final String source;
  private final int[] v4Start;
  private final int[] v4End;
  private final int[] v4Location;
  private final long[] v6StartHi;
  private final long[] v6StartLo;
  private final long[] v6EndHi;
  private final long[] v6EndLo;
  private final int[] v6Location;
  private final Location[] locations;

  private CsvIpLocator(String source, Builder b) {
    this.source = source;
    this.v4Start = b.v4Start;
    this.v4End = b.v4End;
    this.v4Location = b.v4Location;
    this.v6StartHi = b.v6StartHi;
    this.v6StartLo = b.v6StartLo;
    this.v6EndHi = b.v6EndHi;
    this.v6EndLo = b.v6EndLo;
    this.v6Location = b.v6Location;
    this.locations = b.locations.toArray(new Location[0]);
  }

  /**
   * Loads DB-IP Lite CSV files: "IP to City Lite" or "IP to Country Lite", as downloaded
   * (optionally still gzipped).
   *
   * <p>Layout: no header;
   * {@code ip_start,ip_end,continent,country,stateprov,city,latitude,longitude} for City Lite
   * ({@code 1.0.0.0,1.0.0.255,OC,AU,Queensland,"South Brisbane",-27.4767,153.017}), or
   * {@code ip_start,ip_end,country} for Country Lite; IPv4 and IPv6 rows mixed in one file.
   * The country code {@code ZZ} (DB-IP's "unknown") is treated as absent.
   *
   * @param csvFiles one or more files; rows from all of them are merged
   * @return a locator holding every valid row
   * @throws LatchkeyException if a file cannot be read or yields no valid row
   * @throws IllegalArgumentException if no file is given
   */
  public static CsvIpLocator dbIpLite(Path... csvFiles) {
    requireFiles(csvFiles, "csvFiles");
    Builder builder = new Builder();
    long[] range = new long[4];
    for (Path file : csvFiles) {
      read(file, builder, fields -> {
        String country;
        String region = "";
        String city = "";
        if (fields.size() == 3) {
          country = fields.get(2);
        } else if (fields.size() >= 6) {
          country = fields.get(3);
          region = fields.get(4);
          city = fields.get(5);
        } else {
          return Row.SKIPPED;
        }
        if (!parseRange(fields.get(0), fields.get(1), range)) {
          return Row.SKIPPED;
        }
        builder.add(range, builder.location(city, region, country));
        return Row.VALID;
      });
    }
    return builder.build("DB-IP Lite", csvFiles);
  }

  /**
   * Loads MaxMind GeoLite2 (or GeoIP2) City or Country CSV files.
   *
   * <p>The blocks files ({@code GeoLite2-City-Blocks-IPv4.csv}, {@code -IPv6.csv}) start with a
   * header naming at least {@code network} (CIDR, {@code 1.0.0.0/24}, {@code 2001:200::/32}) — or
   * {@code network_start_ip} and {@code network_last_ip} as {@code geoip2-csv-converter} writes
   * them — and {@code geoname_id}; when a row's {@code geoname_id} is empty its
   * {@code registered_country_geoname_id} is used. The locations file
   * ({@code GeoLite2-City-Locations-en.csv}) starts with a header naming at least
   * {@code geoname_id} and {@code country_iso_code}, and optionally {@code subdivision_1_name} and
   * {@code city_name}. Columns are found by name, so added columns do no harm.
   *
   * <p>(The locations file comes first only because Java allows varargs last.)
   *
   * @param locationsCsv the locations file, in the language the session list should show
   * @param blocksCsvFiles one or more blocks files
   * @return a locator holding every valid block
   * @throws LatchkeyException if a file cannot be read, lacks a required column or yields no valid
   *     row
   * @throws IllegalArgumentException if no blocks file is given
   */
  public static CsvIpLocator geoLite2(Path locationsCsv, Path... blocksCsvFiles) {
    Objects.requireNonNull(locationsCsv, "locationsCsv");
    requireFiles(blocksCsvFiles, "blocksCsvFiles");
    Builder builder = new Builder();
    Map<Long, Integer> byGeonameId = new HashMap<>();
    read(locationsCsv, builder, new GeoLite2Locations(locationsCsv, builder, byGeonameId));
    for (Path file : blocksCsvFiles) {
      read(file, builder, new GeoLite2Blocks(file, builder, byGeonameId));
    }
    Path[] all = Arrays.copyOf(blocksCsvFiles, blocksCsvFiles.length + 1);
    all[blocksCsvFiles.length] = locationsCsv;
    return builder.build("GeoLite2", all);
  }

  /**
   * Looks up an address.
   *
   * @param ipAddress an IPv4 or IPv6 literal (see {@link IpLocator#locate}); anything else,
   *     including {@code null}, answers empty
   * @return the location of the range holding the address, or empty when no range holds it or its
   *     range has no location
   */
  @Override
  public Optional<Location> locate(String ipAddress) {
    Optional<byte[]> parsed = IpAddresses.parse(ipAddress);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    byte[] a = parsed.get();
    int index;
    if (a.length == 4) {
      int v4 = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
      index = findV4(v4);
      if (index < 0) {
        // A row whose range straddles the edge of ::ffff:0:0/96 lives in the IPv6 table.
        index = findV6(0L, IPV4_MAPPED | (v4 & 0xffff_ffffL));
      }
    } else {
      index = findV6(halfOf(a, 0), halfOf(a, 8));
    }
    return index < 0 ? Optional.empty() : Optional.of(locations[index]);
  }

  /** Sizes only, for logs and debugging. */
  @Override
  public String toString() {
    return "CsvIpLocator[source=" + source + ", ipv4Ranges=" + v4Start.length + ", ipv6Ranges="
        + v6StartHi.length + ", locations=" + locations.length + "]";
  }

  /** The location index of the IPv4 range holding {@code address}, or -1. */
  private int findV4(int address) {
    int low = 0;
    int high = v4Start.length - 1;
    int found = -1;
    // Last range whose start is <= address.
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Integer.compareUnsigned(v4Start[mid], address) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found >= 0 && Integer.compareUnsigned(address, v4End[found]) <= 0) {
      return v4Location[found];
    }
    return -1;
  }

  /** The location index of the IPv6 range holding {@code hi:lo}, or -1. */
  private int findV6(long hi, long lo) {
    int low = 0;
    int high = v6StartHi.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (compare128(v6StartHi[mid], v6StartLo[mid], hi, lo) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found >= 0 && compare128(hi, lo, v6EndHi[found], v6EndLo[found]) <= 0) {
      return v6Location[found];
    }
    return -1;
  }

  private static int compare128(long aHi, long aLo, long bHi, long bLo) {
    int byHigh = Long.compareUnsigned(aHi, bHi);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(aLo, bLo);
  }

  private static long halfOf(byte[] address, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (address[i] & 0xff);
    }
    return value;
  }

  /** Writes an address as 128 bits into out[at], out[at + 1]; IPv4 goes to ::ffff:a.b.c.d. */
  private static void to128(byte[] address, long[] out, int at) {
    if (address.length == 4) {
      out[at] = 0L;
      out[at + 1] = IPV4_MAPPED | ((address[0] & 0xffL) << 24) | ((address[1] & 0xffL) << 16)
          | ((address[2] & 0xffL) << 8) | (address[3] & 0xffL);
    } else {
      out[at] = halfOf(address, 0);
      out[at + 1] = halfOf(address, 8);
    }
  }

  /** Parses "first,last" into out = {startHi, startLo, endHi, endLo}; false when invalid. */
  static boolean parseRange(String first, String last, long[] out) {
    Optional<byte[]> start = IpAddresses.parse(first);
    Optional<byte[]> end = IpAddresses.parse(last);
    if (start.isEmpty() || end.isEmpty()) {
      return false;
    }
    to128(start.get(), out, 0);
    to128(end.get(), out, 2);
    return compare128(out[0], out[1], out[2], out[3]) <= 0;
  }

  /** Parses a CIDR block into out = {startHi, startLo, endHi, endLo}; false when invalid. */
  static boolean parseCidr(String cidr, long[] out) {
    int slash = cidr.indexOf('/');
    if (slash < 0 || slash == cidr.length() - 1 || cidr.length() - slash > 4) {
      return false;
    }
    int prefix = 0;
    for (int i = slash + 1; i < cidr.length(); i++) {
      char c = cidr.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      prefix = prefix * 10 + (c - '0');
    }
    String addressText = cidr.substring(0, slash);
    Optional<byte[]> address = IpAddresses.parse(addressText);
    if (address.isEmpty()) {
      return false;
    }
    // An IPv4 prefix counts within the last 32 of the 128 bits; IPv6 notation counts all 128,
    // including ::ffff:1.0.0.0/120 (which parses to 4 bytes).
    boolean ipv6Notation = addressText.indexOf(':') >= 0;
    if (prefix > (ipv6Notation ? 128 : 32)) {
      return false;
    }
    if (!ipv6Notation) {
      prefix += 96;
    }
    to128(address.get(), out, 0);
    long hiMask = prefix == 0 ? 0L : prefix >= 64 ? -1L : -1L << (64 - prefix);
    long loMask = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
    // Host bits are cleared rather than rejected: the block is what the prefix says.
    out[0] &= hiMask;
    out[1] &= loMask;
    out[2] = out[0] | ~hiMask;
    out[3] = out[1] | ~loMask;
    return true;
  }

  private static void requireFiles(Path[] files, String name) {
    Objects.requireNonNull(files, name);
    if (files.length == 0) {
      throw new IllegalArgumentException(name + " must name at least one file");
    }
    for (Path file : files) {
      Objects.requireNonNull(file, name + " must not contain null");
    }
  }

  /** What a row handler made of one row. */
  private enum Row {
    VALID,
    SKIPPED,
    /** A header: neither valid nor malformed. */
    HEADER
  }

  @FunctionalInterface
  private interface RowHandler {
    Row handle(List<String> fields);
  }

  /** Reads one file line by line, counting valid and malformed rows. */
  private static void read(Path file, Builder builder, RowHandler handler) {
    long valid = 0;
    long skipped = 0;
    long lineNumber = 0;
    List<String> fields = new ArrayList<>(16);
    try (BufferedReader reader = open(file)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // byte-order mark, as spreadsheet exports write it
        }
        if (line.isBlank()) {
          continue;
        }
        Row row = CsvLines.split(line, fields) ? handler.handle(fields) : Row.SKIPPED;
        if (row == Row.VALID) {
          valid++;
        } else if (row == Row.SKIPPED) {
          if (++skipped <= MAX_LOGGED_BAD_ROWS) {
            LOG.debug("Skipping malformed row at line {} of {}", lineNumber, file);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new LatchkeyException("Cannot read IP location file " + file, e);
    }
    if (valid == 0) {
      throw new LatchkeyException("No valid rows in IP location file " + file + " (" + skipped
          + " malformed rows)");
    }
    LOG.debug("Read {}: {} valid rows, {} malformed rows skipped", file, valid, skipped);
    builder.skipped += skipped;
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      if (file.getFileName() != null
          && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      // InputStreamReader replaces malformed UTF-8 instead of failing the whole file.
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Column positions by header name, lower-cased; absent names map to -1 via {@link #column}. */
  private static Map<String, Integer> header(List<String> fields) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      columns.putIfAbsent(fields.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    return columns;
  }

  private static int column(Map<String, Integer> columns, String name) {
    return columns.getOrDefault(name, -1);
  }

  private static int requiredColumn(Map<String, Integer> columns, String name, Path file,
      String kind) {
    int index = column(columns, name);
    if (index < 0) {
      throw new LatchkeyException("Not a GeoLite2 " + kind + " CSV file (no " + name
          + " column in its header): " + file);
    }
    return index;
  }

  private static String field(List<String> fields, int index) {
    return index >= 0 && index < fields.size() ? fields.get(index) : "";
  }

  /** A geoname id: 1 to 18 ASCII digits (so it fits a long), or -1. */
  private static long geonameId(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Reads GeoLite2-*-Locations-*.csv into geoname id → location index (-1: nothing known). */
  private static final class GeoLite2Locations implements RowHandler {
    private final Path file;
    private final Builder builder;
    private final Map<Long, Integer> byGeonameId;
    private int id = -1;
    private int country;
    private int region;
    private int city;

    GeoLite2Locations(Path file, Builder builder, Map<Long, Integer> byGeonameId) {
      this.file = file;
      this.builder = builder;
      this.byGeonameId = byGeonameId;
    }

    @Override
    public Row handle(List<String> fields) {
      if (id < 0) {
        Map<String, Integer> columns = header(fields);
        id = requiredColumn(columns, "geoname_id", file, "locations");
        country = requiredColumn(columns, "country_iso_code", file, "locations");
        region = column(columns, "subdivision_1_name");
        city = column(columns, "city_name");
        return Row.HEADER;
      }
      if (fields.size() <= Math.max(id, country)) {
        return Row.SKIPPED;
      }
      long geonameId = geonameId(fields.get(id));
      if (geonameId < 0) {
        return Row.SKIPPED;
      }
      byGeonameId.put(geonameId, builder.location(field(fields, city), field(fields, region),
          fields.get(country)));
      return Row.VALID;
    }
  }

  /** Reads GeoLite2-*-Blocks-IPv{4,6}.csv into the builder's ranges. */
  private static final class GeoLite2Blocks implements RowHandler {
    private final Path file;
    private final Builder builder;
    private final Map<Long, Integer> byGeonameId;
    private final long[] range = new long[4];
    private boolean headerSeen;
    private int network = -1;
    private int first = -1;
    private int last = -1;
    private int geoname;
    private int registeredCountry;

    GeoLite2Blocks(Path file, Builder builder, Map<Long, Integer> byGeonameId) {
      this.file = file;
      this.builder = builder;
      this.byGeonameId = byGeonameId;
    }

    @Override
    public Row handle(List<String> fields) {
      if (!headerSeen) {
        Map<String, Integer> columns = header(fields);
        network = column(columns, "network");
        first = column(columns, "network_start_ip");
        last = column(columns, "network_last_ip");
        if (network < 0 && (first < 0 || last < 0)) {
          requiredColumn(columns, "network", file, "blocks");
        }
        geoname = requiredColumn(columns, "geoname_id", file, "blocks");
        registeredCountry = column(columns, "registered_country_geoname_id");
        headerSeen = true;
        return Row.HEADER;
      }
      boolean parsed = network >= 0
          ? parseCidr(field(fields, network), range)
          : parseRange(field(fields, first), field(fields, last), range);
      if (!parsed) {
        return Row.SKIPPED;
      }
      String idText = field(fields, geoname);
      if (idText.isBlank()) {
        // Anonymous proxies, satellite providers and some anycast blocks have no location of
        // their own; the registered country is the best remaining answer.
        idText = field(fields, registeredCountry);
      }
      if (idText.isBlank()) {
        return Row.VALID; // a well-formed block that MaxMind cannot place
      }
      long id = geonameId(idText);
      Integer location = id < 0 ? null : byGeonameId.get(id);
      if (location == null) {
        return Row.SKIPPED; // malformed id, or a locations file that does not match
      }
      builder.add(range, location);
      return Row.VALID;
    }
  }

  /** Collects ranges in growable primitive arrays, then sorts and freezes them. */
  private static final class Builder {
    int[] v4Start = new int[1024];
    int[] v4End = new int[1024];
    int[] v4Location = new int[1024];
    int v4Size;
    long[] v6StartHi = new long[256];
    long[] v6StartLo = new long[256];
    long[] v6EndHi = new long[256];
    long[] v6EndLo = new long[256];
    int[] v6Location = new int[256];
    int v6Size;
    final List<Location> locations = new ArrayList<>();
    final Map<Location, Integer> locationIndex = new HashMap<>();
    final Map<String, String> strings = new HashMap<>();
    long skipped;

    /**
     * The index of a deduplicated location, or -1 when it says nothing (all empty, or DB-IP's
     * "ZZ" unknown country).
     */
    int location(String city, String region, String country) {
      Location candidate = new Location(city, region, "ZZ".equals(country) ? "" : country);
      if (candidate.isEmpty()) {
        return -1;
      }
      Integer index = locationIndex.get(candidate);
      if (index != null) {
        return index;
      }
      Location interned = new Location(intern(candidate.city()), intern(candidate.region()),
          intern(candidate.countryCode()));
      locations.add(interned);
      locationIndex.put(interned, locations.size() - 1);
      return locations.size() - 1;
    }

    private String intern(String s) {
      return s.isEmpty() ? "" : strings.computeIfAbsent(s, k -> k);
    }

    /** Stores a range {startHi, startLo, endHi, endLo}; a range without location is not stored. */
    void add(long[] range, int location) {
      if (location < 0) {
        return; // looking it up would answer empty anyway
      }
      boolean v4 = range[0] == 0 && range[2] == 0
          && (range[1] >>> 32) == 0xffffL && (range[3] >>> 32) == 0xffffL;
      if (v4) {
        if (v4Size == v4Start.length) {
          int capacity = grow(v4Size);
          v4Start = Arrays.copyOf(v4Start, capacity);
          v4End = Arrays.copyOf(v4End, capacity);
          v4Location = Arrays.copyOf(v4Location, capacity);
        }
        v4Start[v4Size] = (int) range[1];
        v4End[v4Size] = (int) range[3];
        v4Location[v4Size++] = location;
      } else {
        if (v6Size == v6StartHi.length) {
          int capacity = grow(v6Size);
          v6StartHi = Arrays.copyOf(v6StartHi, capacity);
          v6StartLo = Arrays.copyOf(v6StartLo, capacity);
          v6EndHi = Arrays.copyOf(v6EndHi, capacity);
          v6EndLo = Arrays.copyOf(v6EndLo, capacity);
          v6Location = Arrays.copyOf(v6Location, capacity);
        }
        v6StartHi[v6Size] = range[0];
        v6StartLo[v6Size] = range[1];
        v6EndHi[v6Size] = range[2];
        v6EndLo[v6Size] = range[3];
        v6Location[v6Size++] = location;
      }
    }

    private static int grow(int size) {
      int capacity = size + (size >> 1) + 16;
      if (capacity < 0 || capacity > Integer.MAX_VALUE - 16) {
        throw new LatchkeyException("Too many IP ranges to hold in memory");
      }
      return capacity;
    }

    CsvIpLocator build(String source, Path[] files) {
      long overlapping = sortV4() + sortV6();
      CsvIpLocator locator = new CsvIpLocator(source, this);
      String message = "Loaded {} from {}: {} IPv4 and {} IPv6 ranges, {} distinct locations;"
          + " skipped {} malformed and {} overlapping rows";
      Object[] arguments = {source, Arrays.toString(files), v4Size, v6Size, locations.size(),
          skipped, overlapping};
      if (skipped + overlapping > 0) {
        LOG.warn(message, arguments);
      } else {
        LOG.info(message, arguments);
      }
      return locator;
    }

    /** Sorts the IPv4 ranges by start, drops overlaps and trims the arrays; returns the drops. */
    private long sortV4() {
      int[] order = order(v4Size, (a, b) -> Integer.compareUnsigned(v4Start[a], v4Start[b]));
      int[] start = new int[v4Size];
      int[] end = new int[v4Size];
      int[] location = new int[v4Size];
      int kept = 0;
      for (int i : order) {
        if (kept > 0 && Integer.compareUnsigned(v4Start[i], end[kept - 1]) <= 0) {
          continue; // overlaps the previous range
        }
        start[kept] = v4Start[i];
        end[kept] = v4End[i];
        location[kept++] = v4Location[i];
      }
      long dropped = v4Size - kept;
      v4Start = Arrays.copyOf(start, kept);
      v4End = Arrays.copyOf(end, kept);
      v4Location = Arrays.copyOf(location, kept);
      v4Size = kept;
      return dropped;
    }

    /** As {@link #sortV4()}, for the IPv6 ranges. */
    private long sortV6() {
      int[] order = order(v6Size, (a, b) ->
          compare128(v6StartHi[a], v6StartLo[a], v6StartHi[b], v6StartLo[b]));
      long[] startHi = new long[v6Size];
      long[] startLo = new long[v6Size];
      long[] endHi = new long[v6Size];
      long[] endLo = new long[v6Size];
      int[] location = new int[v6Size];
      int kept = 0;
      for (int i : order) {
        if (kept > 0 && compare128(v6StartHi[i], v6StartLo[i], endHi[kept - 1], endLo[kept - 1])
            <= 0) {
          continue;
        }
        startHi[kept] = v6StartHi[i];
        startLo[kept] = v6StartLo[i];
        endHi[kept] = v6EndHi[i];
        endLo[kept] = v6EndLo[i];
        location[kept++] = v6Location[i];
      }
      long dropped = v6Size - kept;
      v6StartHi = Arrays.copyOf(startHi, kept);
      v6StartLo = Arrays.copyOf(startLo, kept);
      v6EndHi = Arrays.copyOf(endHi, kept);
      v6EndLo = Arrays.copyOf(endLo, kept);
      v6Location = Arrays.copyOf(location, kept);
      v6Size = kept;
      return dropped;
    }

    /**
     * The row indexes 0..n-1 in ascending order by {@code compare}. The vendors' files are
     * sorted, so the common case is one linear check; otherwise a stable merge sort over an int
     * permutation, which needs no boxing however many rows there are.
     */
    private static int[] order(int n, IntBinaryOperator compare) {
      int[] order = new int[n];
      boolean sorted = true;
      for (int i = 0; i < n; i++) {
        order[i] = i;
        if (i > 0 && compare.applyAsInt(i - 1, i) > 0) {
          sorted = false;
        }
      }
      if (!sorted) {
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
          for (int from = 0; from < n - width; from += 2 * width) {
            int mid = from + width;
            int to = Math.min(from + 2 * width, n);
            int i = from;
            int j = mid;
            int k = from;
            while (i < mid && j < to) {
              scratch[k++] = compare.applyAsInt(order[i], order[j]) <= 0 ? order[i++] : order[j++];
            }
            while (i < mid) {
              scratch[k++] = order[i++];
            }
            while (j < to) {
              scratch[k++] = order[j++];
            }
            System.arraycopy(scratch, from, order, from, to - from);
          }
          if (width > n / 2) {
            break; // the next doubling would overflow on huge n and there is nothing left to merge
          }
        }
      }
      return order;
    }
  }
}
