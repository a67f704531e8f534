package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.LatchkeyException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvIpLocatorTest {
  private static final CsvIpLocator DB_IP_CITY =
      CsvIpLocator.dbIpLite(resource("dbip-city-lite.csv"));
  private static final CsvIpLocator DB_IP_COUNTRY =
      CsvIpLocator.dbIpLite(resource("dbip-country-lite.csv"));
  private static final CsvIpLocator GEOLITE2 = CsvIpLocator.geoLite2(
      resource("GeoLite2-City-Locations-en.csv"),
      resource("GeoLite2-City-Blocks-IPv4.csv"),
      resource("GeoLite2-City-Blocks-IPv6.csv"));

  @TempDir
  Path temp;

  static Path resource(String name) {
    try {
      return Path.of(CsvIpLocatorTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Expected "city|region|country", or empty for "no answer". */
  private static void assertLocates(CsvIpLocator locator, String address, String expected) {
    Optional<Location> location = locator.locate(address);
    if (expected == null || expected.isEmpty()) {
      assertThat(location).as(address).isEmpty();
    } else {
      String[] parts = expected.split("\\|", -1);
      assertThat(location).as(address).contains(new Location(parts[0], parts[1], parts[2]));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      // range start, inside, end; the next range starting right after
      "1.0.0.0;          South Brisbane|Queensland|AU",
      "1.0.0.128;        South Brisbane|Queensland|AU",
      "1.0.0.255;        South Brisbane|Queensland|AU",
      "1.0.1.0;          Fuzhou|Fujian|CN",
      "1.0.3.255;        Fuzhou|Fujian|CN",
      "1.0.16.255;       Chiyoda|Tokyo|JP",
      // between ranges, and where a malformed row would have been
      "1.0.17.0;         ''",
      "8.8.5.0;          ''",
      "9.9.9.9;          ''",
      "45.45.45.45;      ''",
      "46.46.46.46;      ''",
      "8.8.8.8;          Mountain View|California|US",
      // quoted fields: a comma inside, a doubled quote, UTF-8
      "23.32.1.1;        Washington, D.C.|District of Columbia|US",
      "38.64.0.9;        O\"Fallon|Missouri|US",
      "89.160.20.5;      Linköping|Östergötland County|SE",
      "177.67.80.80;     São Paulo|São Paulo|BR",
      // a row written as IPv4-mapped IPv6, looked up either way
      "100.0.0.7;        Toronto|Ontario|CA",
      "::ffff:100.0.0.7; Toronto|Ontario|CA",
      // ZZ (unknown) rows answer nothing; a row with a country only
      "0.0.0.1;          ''",
      "203.0.113.5;      ''",
      "223.255.255.1;    ||AU",
      // the very top of the IPv4 space (unsigned comparison)
      "255.255.255.255;  Berlin|Berlin|DE",
      "216.160.83.56;    Milton|Washington|US",
      "216.160.83.63;    Milton|Washington|US",
      "216.160.83.64;    ''",
      // IPv6
      "2001:200::;                              Tokyo|Tokyo|JP",
      "2001:200:1234::1;                        Tokyo|Tokyo|JP",
      "2001:200:ffff:ffff:ffff:ffff:ffff:ffff;  Tokyo|Tokyo|JP",
      "2001:201::;                              ''",
      "2001:4860:4860::8888;                    Mountain View|California|US",
      "2001:4861::1;                            ''",
      "[2a03:2880:f12f:83:face:b00c:0:25de];    Dublin|Leinster|IE",
      "2c0f:f248::1;                            Johannesburg|Gauteng|ZA",
      "::1;                                     ''",
      "f000::;                                  Frankfurt am Main|Hesse|DE",
      "f000:ffff:ffff:ffff:ffff:ffff:ffff:ffff; Frankfurt am Main|Hesse|DE",
      "f001::;                                  ''",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff; ''"})
  void dbIpCityLiteLookups(String address, String expected) {
    assertLocates(DB_IP_CITY, address, expected);
  }

  @Test
  void dbIpCityLiteLoadsValidRowsAndDeduplicatesLocations() {
    // 19 IPv4 and 7 IPv6 rows with a location; 5 malformed and 3 "ZZ" rows are not stored; 21
    // distinct places (Mountain View, Chiyoda, Moscow and Dublin appear twice).
    assertThat(DB_IP_CITY).hasToString(
        "CsvIpLocator[source=DB-IP Lite, ipv4Ranges=19, ipv6Ranges=7, locations=21]");
    assertThat(DB_IP_CITY.locate("8.8.8.8").orElseThrow())
        .isSameAs(DB_IP_CITY.locate("2001:4860::1").orElseThrow());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"example.com", "1.2.3.4.5", "8.8.8.8:53", "\u0000", "::g"})
  void locateWhenNotAnAddressThenEmpty(String text) {
    assertThat(DB_IP_CITY.locate(text)).isEmpty();
    assertThat(GEOLITE2.locate(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "1.0.0.1;      ||AU",
      "1.0.5.5;      ||AU",
      "1.0.2.2;      ||CN",
      "8.8.8.8;      ||US",
      "203.0.113.1;  ''",
      "9.9.9.9;      ''",
      "2001:200::1;  ||JP",
      "2a03:2880::1; ||IE"})
  void dbIpCountryLiteLookups(String address, String expected) {
    assertLocates(DB_IP_COUNTRY, address, expected);
  }

  @Test
  void dbIpLiteMergesSeveralFiles() {
    CsvIpLocator both = CsvIpLocator.dbIpLite(resource("dbip-country-lite.csv"),
        resource("dbip-city-lite.csv"));
    // The country file's ranges come first in sort order; the city rows for the same ranges are
    // overlaps and are dropped, other city rows are kept.
    assertLocates(both, "1.0.0.1", "||AU");
    assertLocates(both, "23.32.1.1", "Washington, D.C.|District of Columbia|US");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "1.0.0.0;            ||AU",
      "1.0.0.255;          ||AU",
      "1.0.1.0;            Sydney|New South Wales|AU",
      "1.0.1.255;          Sydney|New South Wales|AU",
      "1.0.2.0;            ''",
      "8.8.8.8;            Mountain View|California|US",
      "23.32.200.1;        Washington, D.C.|District of Columbia|US",
      "38.64.0.1;          O\"Fallon|Missouri|US",
      "81.2.69.141;        ''",
      "81.2.69.142;        London|England|GB",
      "81.2.69.143;        London|England|GB",
      "81.2.69.144;        ''",
      "81.2.69.160;        London|England|GB",
      "81.2.69.191;        London|England|GB",
      "81.2.69.192;        ''",
      "89.160.20.120;      Linköping|Östergötland County|SE",
      "128.101.101.100;    ''",
      "128.101.101.101;    San Francisco|California|US",
      "128.101.101.102;    ''",
      // no geoname_id: the registered country
      "175.16.199.1;       ||AU",
      // no location at all, a continent only, an unknown geoname (row skipped)
      "192.0.2.1;          ''",
      "217.65.48.1;        ''",
      "1.2.3.4;            ''",
      "1.2.4.4;            ''",
      "255.255.255.255;    London|England|GB",
      // an IPv4-mapped block in the IPv6 file answers IPv4 lookups
      "81.2.70.9;          London|England|GB",
      "2001:200::1;        Tokyo|Tokyo|JP",
      "2001:218:ffff::1;   ||JP",
      "2001:219::;         ''",
      "2001:480::1;        San Francisco|California|US",
      "2001:4860::8888;    Mountain View|California|US",
      "2001:db8::1;        ''",
      "2a03:2880::1;       Dublin|Leinster|IE",
      "2c0f:f248::1;       ||AU",
      "f000::;             London|England|GB",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff; London|England|GB",
      "efff:ffff:ffff:ffff:ffff:ffff:ffff:ffff; ''",
      "2001:1::1;          ''"})
  void geoLite2Lookups(String address, String expected) {
    assertLocates(GEOLITE2, address, expected);
  }

  @Test
  void geoLite2LoadsValidRows() {
    // IPv4: 12 blocks with a place, plus the IPv4-mapped block from the IPv6 file. Locations:
    // every non-empty place in the locations file.
    assertThat(GEOLITE2).hasToString(
        "CsvIpLocator[source=GeoLite2, ipv4Ranges=13, ipv6Ranges=7, locations=15]");
  }

  @Test
  void geoLite2AcceptsConverterRangeColumns() throws IOException {
    Path blocks = write("ranges.csv",
        "network_start_ip,network_last_ip,geoname_id,registered_country_geoname_id\n"
            + "8.8.8.0,8.8.8.255,5375480,6252001\n"
            + "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,,6252001\n");
    CsvIpLocator locator =
        CsvIpLocator.geoLite2(resource("GeoLite2-City-Locations-en.csv"), blocks);
    assertLocates(locator, "8.8.8.8", "Mountain View|California|US");
    assertLocates(locator, "2001:4860::1", "||US");
  }

  @Test
  void loadsGzippedFilesWithByteOrderMarkAndCrLf() throws IOException {
    Path file = temp.resolve("dbip.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("\uFEFF1.0.0.0,1.0.0.255,OC,AU,Queensland,\"South Brisbane\",-27.4767,153.017\r\n"
          + "\r\n"
          + "2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    CsvIpLocator locator = CsvIpLocator.dbIpLite(file);
    assertLocates(locator, "1.0.0.7", "South Brisbane|Queensland|AU");
    assertLocates(locator, "2001:200::7", "||JP");
  }

  @Test
  void unsortedAndOverlappingRowsAreSortedAndTheOverlapsDropped() throws IOException {
    Path file = write("unsorted.csv", String.join("\n",
        "9.0.0.0,9.0.0.255,NA,US,,C",
        "1.0.0.0,1.0.0.255,NA,US,,A",
        "5.0.0.0,5.0.0.255,NA,US,,B",
        "5.0.0.128,5.0.1.255,NA,US,,overlap",
        "2001:3::,2001:3::ff,NA,US,,F",
        "2001:1::,2001:1::ff,NA,US,,D",
        "2001:2::,2001:2::ff,NA,US,,E",
        "2001:1::ff,2001:1::1ff,NA,US,,overlap"));
    CsvIpLocator locator = CsvIpLocator.dbIpLite(file);
    assertLocates(locator, "1.0.0.1", "A||US");
    assertLocates(locator, "5.0.0.200", "B||US");
    assertLocates(locator, "5.0.1.1", "");
    assertLocates(locator, "9.0.0.9", "C||US");
    assertLocates(locator, "2001:1::1", "D||US");
    assertLocates(locator, "2001:1::100", "");
    assertLocates(locator, "2001:2::1", "E||US");
    assertLocates(locator, "2001:3::ff", "F||US");
    assertThat(locator.toString()).contains("ipv4Ranges=3, ipv6Ranges=3");
  }

  @Test
  void aRangeStraddlingTheIpv4MappedBlockAnswersIpv4Lookups() throws IOException {
    Path file = write("straddle.csv", "::fffe:0:0,::ffff:1.0.0.255,NA,US,,Edge\n");
    CsvIpLocator locator = CsvIpLocator.dbIpLite(file);
    assertLocates(locator, "::fffe:0:1", "Edge||US");
    assertLocates(locator, "0.0.0.1", "Edge||US");
    assertLocates(locator, "1.0.0.255", "Edge||US");
    assertLocates(locator, "1.0.1.0", "");
  }

  /**
   * Thousands of random disjoint ranges, written in random order, answer exactly as a linear scan
   * does: at every start and end, one past each, in the middle and at random addresses.
   */
  @Test
  void lookupsAgreeWithALinearScanOverRandomRanges() throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      List<BigInteger[]> v4 = randomRanges(random, 2_000, 32);
      List<BigInteger[]> v6 = randomRanges(random, 2_000, 128);
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < v4.size(); i++) {
        rows.add(text(v4.get(i)[0], 4) + "," + text(v4.get(i)[1], 4) + ",NA,US,,v4-" + i);
      }
      for (int i = 0; i < v6.size(); i++) {
        rows.add(text(v6.get(i)[0], 16) + "," + text(v6.get(i)[1], 16) + ",NA,US,,v6-" + i);
      }
      Collections.shuffle(rows, random);
      CsvIpLocator locator = CsvIpLocator.dbIpLite(write("random" + seed + ".csv",
          String.join("\n", rows)));
      check(locator, v4, 4, "v4-", random);
      check(locator, v6, 16, "v6-", random);
    }
  }

  private static void check(CsvIpLocator locator, List<BigInteger[]> ranges, int bytes,
      String prefix, Random random) {
    BigInteger max = BigInteger.ONE.shiftLeft(bytes * 8).subtract(BigInteger.ONE);
    List<BigInteger> probes = new ArrayList<>();
    for (BigInteger[] range : ranges) {
      probes.add(range[0]);
      probes.add(range[1]);
      probes.add(range[0].add(range[1]).shiftRight(1));
      probes.add(range[0].subtract(BigInteger.ONE));
      probes.add(range[1].add(BigInteger.ONE));
      probes.add(new BigInteger(bytes * 8, random));
    }
    BigInteger mappedEnd = BigInteger.ONE.shiftLeft(48); // ::1:0:0:0, just past ::ffff:0:0/96
    for (BigInteger probe : probes) {
      if (probe.signum() < 0 || probe.compareTo(max) > 0) {
        continue;
      }
      if (bytes == 16 && probe.compareTo(mappedEnd) < 0) {
        continue; // ::ffff:a.b.c.d is the IPv4 address a.b.c.d, checked with the IPv4 ranges
      }
      String expected = null;
      for (int i = 0; i < ranges.size() && expected == null; i++) {
        if (probe.compareTo(ranges.get(i)[0]) >= 0 && probe.compareTo(ranges.get(i)[1]) <= 0) {
          expected = prefix + i;
        }
      }
      String address = text(probe, bytes);
      Optional<String> actual = locator.locate(address).map(Location::city);
      assertThat(actual).as(address).isEqualTo(Optional.ofNullable(expected));
    }
  }

  /** Disjoint ranges from distinct sorted random boundaries; IPv6 avoids the IPv4-mapped block. */
  private static List<BigInteger[]> randomRanges(Random random, int count, int bits) {
    TreeSet<BigInteger> bounds = new TreeSet<>();
    BigInteger mappedEnd = BigInteger.ONE.shiftLeft(48); // ::1:0:0:0, just past ::ffff:0:0/96
    while (bounds.size() < 2 * count) {
      BigInteger b = new BigInteger(bits, random);
      if (bits == 128 && b.compareTo(mappedEnd) < 0) {
        continue;
      }
      bounds.add(b);
    }
    List<BigInteger> sorted = new ArrayList<>(bounds);
    // Make some ranges single addresses and some adjacent to their neighbour.
    sorted.set(0, bits == 128 ? mappedEnd : BigInteger.ZERO);
    sorted.set(sorted.size() - 1, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    List<BigInteger[]> ranges = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i += 2) {
      BigInteger start = sorted.get(i);
      BigInteger end = random.nextInt(10) == 0 ? start : sorted.get(i + 1);
      if (i > 0 && random.nextInt(10) == 0) {
        BigInteger previousEnd = ranges.get(ranges.size() - 1)[1];
        start = previousEnd.add(BigInteger.ONE).min(end);
      }
      ranges.add(new BigInteger[] {start, end});
    }
    return ranges;
  }

  private static String text(BigInteger value, int bytes) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, fixed, bytes - copy, copy);
    try {
      return InetAddress.getByAddress(fixed).getHostAddress(); // formats only, no lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void whenFileIsMissingThenLatchkeyExceptionWithCause() {
    Path missing = temp.resolve("missing.csv");
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite(missing))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("missing.csv")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void whenPathIsADirectoryThenLatchkeyException() {
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite(temp)).isInstanceOf(LatchkeyException.class);
  }

  @Test
  void whenFileIsNotGzipDespiteItsNameThenLatchkeyException() throws IOException {
    Path file = write("plain.csv.gz", "1.0.0.0,1.0.0.255,AU\n");
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite(file)).isInstanceOf(LatchkeyException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "ip_start,ip_end,country\nnot,an,address\n",
      "1.0.0.0,1.0.0.255\n", "\"unterminated,1.0.0.0,AU\n"})
  void whenFileHasNoValidRowThenLatchkeyException(String content) throws IOException {
    Path file = write("empty.csv", content);
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite(file))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("No valid rows");
  }

  @Test
  void whenOneOfSeveralFilesHasNoValidRowThenLatchkeyException() throws IOException {
    Path empty = write("empty.csv", "garbage\n");
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite(resource("dbip-country-lite.csv"), empty))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("empty.csv");
  }

  @Test
  void whenGeoLite2HeaderLacksARequiredColumnThenLatchkeyException() throws IOException {
    Path locations = resource("GeoLite2-City-Locations-en.csv");
    Path noNetwork = write("blocks.csv", "net,geoname_id\n1.0.0.0/24,2077456\n");
    assertThatThrownBy(() -> CsvIpLocator.geoLite2(locations, noNetwork))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("network");
    // A DB-IP file given as the locations file: its first row is no header.
    assertThatThrownBy(() -> CsvIpLocator.geoLite2(resource("dbip-country-lite.csv"),
            resource("GeoLite2-City-Blocks-IPv4.csv")))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("geoname_id");
  }

  @Test
  void whenNoBlockMatchesTheLocationsFileThenLatchkeyException() throws IOException {
    Path locations = write("locations.csv", "geoname_id,country_iso_code\n1,DE\n");
    Path blocks = write("blocks.csv", "network,geoname_id\n1.0.0.0/24,2\n2001:200::/32,3\n");
    assertThatThrownBy(() -> CsvIpLocator.geoLite2(locations, blocks))
        .isInstanceOf(LatchkeyException.class)
        .hasMessageContaining("No valid rows");
  }

  @Test
  void whenNoFileIsGivenThenIllegalArgument() {
    assertThatThrownBy(CsvIpLocator::dbIpLite).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CsvIpLocator.geoLite2(resource("GeoLite2-City-Locations-en.csv")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CsvIpLocator.dbIpLite((Path) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CsvIpLocator.geoLite2(null, resource("dbip-city-lite.csv")))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.0.0.0/24          | 0:ffff01000000 | 0:ffff010000ff",
      "1.2.3.4/32          | 0:ffff01020304 | 0:ffff01020304",
      "1.2.3.4/0           | 0:ffff00000000 | 0:ffffffffffff",
      "1.2.3.77/30         | 0:ffff0102034c | 0:ffff0102034f",
      "::ffff:1.0.0.0/120  | 0:ffff01000000 | 0:ffff010000ff",
      "2001:200::/32       | 2001020000000000:0 | 20010200ffffffff:ffffffffffffffff",
      "2001:200::/64       | 2001020000000000:0 | 2001020000000000:ffffffffffffffff",
      "2001:200::/65       | 2001020000000000:0 | 2001020000000000:7fffffffffffffff",
      "2001:200::1/128     | 2001020000000000:1 | 2001020000000000:1",
      "::/0                | 0:0 | ffffffffffffffff:ffffffffffffffff",
      "f000::/4            | f000000000000000:0 | ffffffffffffffff:ffffffffffffffff"})
  void parseCidr(String cidr, String start, String end) {
    long[] range = new long[4];
    assertThat(CsvIpLocator.parseCidr(cidr, range)).isTrue();
    assertThat(hex(range[0], range[1])).isEqualTo(start);
    assertThat(hex(range[2], range[3])).isEqualTo(end);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0.0", "1.0.0.0/", "1.0.0.0/33", "::/129", "1.0.0.0/-1",
      "1.0.0.0/1a", "1.0.0.0/0024", "/24", "host/24", "1.0.0.0/24/1", "1.0.0.0/ 24"})
  void parseCidrRejectsMalformedBlocks(String cidr) {
    assertThat(CsvIpLocator.parseCidr(cidr, new long[4])).isFalse();
  }

  private static String hex(long hi, long lo) {
    return Long.toHexString(hi) + ":" + Long.toHexString(lo);
  }

  private Path write(String name, String content) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
