package dev.latchkey.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/*
 * Design note. Why a writer of our own: MaxMind publishes its writers for Go and Perl only; the
 * Java artifact the plan named (com.maxmind.db:maxmind-db-writer 0.1.0) does not resolve from
 * Maven Central. The format is small and fully specified (MaxMind DB File Format Specification
 * 2.0, maxmind.github.io/MaxMind-DB), and this class writes the subset a city database uses:
 *
 *   [binary search tree][16 zero bytes][data section]["\xAB\xCD\xEFMaxMind.com"][metadata map]
 *
 * - The tree has one node per bit of the address: two records of 24, 28 or 32 bits each. A record
 *   below node_count points to a node; node_count itself means "no data"; above it, the record is
 *   node_count + 16 + the value's offset in the data section.
 * - IPv6 databases hold IPv4 networks at ::a.b.c.d/96+n, where MaxMind's reader looks for them.
 * - Each distinct record is written once, and within records every string, map and array that
 *   was written before becomes a pointer to the first copy, as MaxMind's own writer (mmdbwriter)
 *   deduplicates. That matters for speed, not only size: MaxMind's reader caches what it decoded
 *   behind a pointer (keys such as "names", shared maps such as a country), so a file without
 *   pointers would make every lookup slower than it is on a real database.
 *
 * Correctness is checked the only way that matters: MaxMind's own reader reads every file it
 * writes, in MmdbIpLocatorTest and the benchmarks.
 */

/**
 * Writes small MaxMind DB ({@code .mmdb}) files for tests and benchmarks. Test-only: not
 * optimised, and no IPv4 aliases under {@code ::ffff:0:0/96}.
 *
 * <p>Values: {@link String} (UTF-8 string), {@link Integer} (uint32, or int32 when negative),
 * {@link Uint16}, {@link BigInteger} (uint64), {@link Double}, {@link Boolean}, {@link Map} with
 * string keys, {@link List}, and {@link Raw} (bytes written as they are, to damage a record on
 * purpose).
 *
 * <p>Insert wider networks before narrower ones inside them: a narrower network splits the wider
 * one, a wider one inserted later replaces everything under it.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a',
      'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

  private final String databaseType;
  private final int ipVersion;
  private int recordSize = 24;
  private long buildEpoch = 1_790_000_000L;
  private final Node root = new Node();

  private MmdbWriter(String databaseType, int ipVersion) {
    this.databaseType = Objects.requireNonNull(databaseType);
    this.ipVersion = ipVersion;
  }

  /**
   * An IPv6 database (IPv4 networks go under {@code ::/96}), as MaxMind and DB-IP ship theirs.
   *
   * @param databaseType the metadata's {@code database_type}, e.g. {@code GeoLite2-City}
   * @return an empty writer
   */
  public static MmdbWriter ipv6(String databaseType) {
    return new MmdbWriter(databaseType, 6);
  }

  /**
   * An IPv4-only database.
   *
   * @param databaseType the metadata's {@code database_type}
   * @return an empty writer
   */
  public static MmdbWriter ipv4(String databaseType) {
    return new MmdbWriter(databaseType, 4);
  }

  /**
   * Sets the size of a tree record.
   *
   * @param bits 24, 28 or 32
   * @return this writer
   */
  public MmdbWriter recordSize(int bits) {
    if (bits != 24 && bits != 28 && bits != 32) {
      throw new IllegalArgumentException("record size " + bits);
    }
    this.recordSize = bits;
    return this;
  }

  /**
   * Sets the metadata's {@code build_epoch}.
   *
   * @param epochSecond seconds since 1970
   * @return this writer
   */
  public MmdbWriter buildEpoch(long epochSecond) {
    this.buildEpoch = epochSecond;
    return this;
  }

  /**
   * Maps a network to a value.
   *
   * @param cidr {@code 203.0.113.0/24} or {@code 2001:db8::/32}
   * @param value the record
   * @return this writer
   */
  public MmdbWriter insert(String cidr, Object value) {
    int slash = cidr.indexOf('/');
    byte[] address;
    try {
      address = InetAddress.getByName(cidr.substring(0, slash)).getAddress(); // literals only
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    return insert(address, Integer.parseInt(cidr.substring(slash + 1)), value);
  }

  /**
   * Maps a network to a value.
   *
   * @param address 4 or 16 bytes
   * @param prefixLength the network's prefix length for that address family, at least 1
   * @param value the record
   * @return this writer
   */
  public MmdbWriter insert(byte[] address, int prefixLength, Object value) {
    Objects.requireNonNull(value, "value");
    byte[] bits = address;
    int prefix = prefixLength;
    if (address.length == 4 && ipVersion == 6) {
      bits = new byte[16];
      System.arraycopy(address, 0, bits, 12, 4);
      prefix += 96;
    } else if (address.length == 16 && ipVersion == 4) {
      throw new IllegalArgumentException("IPv6 network in an IPv4 database");
    }
    if (prefix < 1 || prefix > bits.length * 8) {
      throw new IllegalArgumentException("prefix length " + prefixLength);
    }
    Node node = root;
    for (int i = 0; i < prefix; i++) {
      int bit = (bits[i >> 3] >> (7 - (i & 7))) & 1;
      if (i == prefix - 1) {
        node.children[bit] = new Leaf(value);
        break;
      }
      Object child = node.children[bit];
      if (child instanceof Node next) {
        node = next;
      } else {
        Node split = new Node();
        split.children[0] = child; // a wider network's value covers both halves
        split.children[1] = child;
        node.children[bit] = split;
        node = split;
      }
    }
    return this;
  }

  /**
   * Writes the database.
   *
   * @param file where; replaced if it exists
   * @return {@code file}
   */
  public Path write(Path file) {
    try {
      Files.write(file, toBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The database as bytes.
   *
   * @return a complete {@code .mmdb} file
   */
  public byte[] toBytes() {
    // Number the nodes breadth-first (root is 0); collect the distinct values.
    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> ids = new IdentityHashMap<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node node = queue.remove();
      ids.put(node, nodes.size());
      nodes.add(node);
      for (Object child : node.children) {
        if (child instanceof Node next) {
          queue.add(next);
        }
      }
    }
    long nodeCount = nodes.size();
    Encoder data = new Encoder(true);
    Map<Object, Integer> offsets = new HashMap<>();
    for (Node node : nodes) {
      for (Object child : node.children) {
        if (child instanceof Leaf leaf && !offsets.containsKey(leaf.value)) {
          offsets.put(leaf.value, data.size());
          data.value(leaf.value);
        }
      }
    }
    long maxRecord = (1L << recordSize) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      long[] records = new long[2];
      for (int side = 0; side < 2; side++) {
        Object child = node.children[side];
        long record;
        if (child == null) {
          record = nodeCount;
        } else if (child instanceof Node next) {
          record = ids.get(next);
        } else {
          record = nodeCount + 16 + offsets.get(((Leaf) child).value);
        }
        if (record > maxRecord) {
          throw new IllegalStateException("too big for " + recordSize + "-bit records");
        }
        records[side] = record;
      }
      writeNode(out, records[0], records[1]);
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.bytes());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", (int) nodeCount);
    metadata.put("record_size", new Uint16(recordSize));
    metadata.put("ip_version", new Uint16(ipVersion));
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", BigInteger.valueOf(buildEpoch));
    metadata.put("description", Map.of("en", "Latchkey test database"));
    Encoder meta = new Encoder(false); // pointers in the metadata would be relative to it
    meta.value(metadata);
    out.writeBytes(meta.bytes());
    return out.toByteArray();
  }

  private void writeNode(ByteArrayOutputStream out, long left, long right) {
    switch (recordSize) {
      case 24 -> {
        writeBigEndian(out, left, 3);
        writeBigEndian(out, right, 3);
      }
      case 28 -> {
        // The middle byte carries the high nibble of each record, the left one's first.
        writeBigEndian(out, left & 0xFF_FFFF, 3);
        out.write((int) (((left >>> 24) << 4) | (right >>> 24)));
        writeBigEndian(out, right & 0xFF_FFFF, 3);
      }
      default -> {
        writeBigEndian(out, left, 4);
        writeBigEndian(out, right, 4);
      }
    }
  }

  private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }

  /**
   * A GeoLite2/GeoIP2 City record as MaxMind lays it out, with names in several languages and
   * the fields Latchkey skips (location, postal code, continent, geoname ids).
   *
   * @param city the English city name, or {@code null} for none
   * @param subdivisionCode the first subdivision's ISO code ("CA"), or {@code null}
   * @param subdivision the first subdivision's English name, or {@code null}
   * @param country the ISO country code, or {@code null}
   * @return the record
   */
  public static Map<String, Object> geoLite2City(String city, String subdivisionCode,
      String subdivision, String country) {
    Map<String, Object> record = new LinkedHashMap<>();
    if (city != null) {
      record.put("city", Map.of("geoname_id", 5391959, "names", names(city)));
    }
    record.put("continent", Map.of("code", "NA", "geoname_id", 6255149,
        "names", names("North America")));
    if (country != null) {
      record.put("country", Map.of("geoname_id", 6252001, "iso_code", country,
          "names", names("Country " + country)));
      record.put("registered_country", Map.of("geoname_id", 6252001, "iso_code", country,
          "names", names("Country " + country)));
    }
    record.put("location", Map.of("accuracy_radius", new Uint16(20), "latitude", 37.7697,
        "longitude", -122.3933, "metro_code", new Uint16(807),
        "time_zone", "America/Los_Angeles"));
    record.put("postal", Map.of("code", "94107"));
    if (subdivisionCode != null || subdivision != null) {
      Map<String, Object> first = new LinkedHashMap<>();
      first.put("geoname_id", 5332921);
      if (subdivisionCode != null) {
        first.put("iso_code", subdivisionCode);
      }
      if (subdivision != null) {
        first.put("names", names(subdivision));
      }
      record.put("subdivisions", List.of(first));
    }
    return record;
  }

  /**
   * A DB-IP City Lite record as DB-IP lays it out: English names only, no subdivision code.
   *
   * @param city the city name, or {@code null}
   * @param subdivision the first subdivision's name, or {@code null}
   * @param country the ISO country code ({@code ZZ} for unknown), or {@code null}
   * @return the record
   */
  public static Map<String, Object> dbIpCityLite(String city, String subdivision,
      String country) {
    Map<String, Object> record = new LinkedHashMap<>();
    if (city != null) {
      record.put("city", Map.of("names", Map.of("en", city)));
    }
    record.put("continent", Map.of("code", "EU", "geoname_id", 6255148,
        "names", Map.of("en", "Europe")));
    if (country != null) {
      record.put("country", Map.of("is_in_european_union", true, "iso_code", country,
          "names", Map.of("en", "Country " + country)));
    }
    record.put("location", Map.of("latitude", 52.5244, "longitude", 13.4105));
    if (subdivision != null) {
      record.put("subdivisions", List.of(Map.of("names", Map.of("en", subdivision))));
    }
    return record;
  }

  /** Names in the eight languages GeoLite2 carries; only "en" is the real one. */
  private static Map<String, Object> names(String english) {
    Map<String, Object> names = new LinkedHashMap<>();
    for (String language : List.of("de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-CN")) {
      names.put(language, language.equals("en") ? english : english + " (" + language + ")");
    }
    return names;
  }

  /** An unsigned 16-bit value (the metadata's sizes and versions are uint16). */
  public record Uint16(int value) {}

  /**
   * Bytes written as a record's data unchanged: a way to damage one record on purpose.
   *
   * @param bytes the encoded value
   */
  public record Raw(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Raw r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Raw" + Arrays.toString(bytes);
    }
  }

  private static final class Node {
    final Object[] children = new Object[2];
  }

  private record Leaf(Object value) {}

  /** The data section's encoding (spec section "Output Data Section"). */
  private static final class Encoder {
    /** A pointer takes at most five bytes; anything shorter is cheaper to repeat. */
    private static final int WORTH_A_POINTER = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean pointers;
    /** Strings, maps and arrays already written, by value: where their first copy starts. */
    private final Map<Object, Integer> written = new HashMap<>();

    Encoder(boolean pointers) {
      this.pointers = pointers;
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    void value(Object v) {
      boolean shareable = pointers && (v instanceof String || v instanceof Map || v instanceof List);
      if (shareable) {
        Integer first = written.get(v);
        if (first != null) {
          pointer(first);
          return;
        }
      }
      int start = out.size();
      inline(v);
      if (shareable && out.size() - start > WORTH_A_POINTER) {
        written.put(v, start);
      }
    }

    /** Control byte 001SSVVV: SS+1 more bytes, VVV the top bits unless SS is 3 (spec, "Pointer"). */
    private void pointer(int offset) {
      if (offset < 2_048) {
        out.write(0x20 | (offset >> 8));
        writeBigEndian(out, offset, 1);
      } else if (offset < 2_048 + 524_288) {
        int v = offset - 2_048;
        out.write(0x28 | (v >> 16));
        writeBigEndian(out, v, 2);
      } else if (offset < 526_336 + 134_217_728) {
        int v = offset - 526_336;
        out.write(0x30 | (v >> 24));
        writeBigEndian(out, v, 3);
      } else {
        out.write(0x38);
        writeBigEndian(out, offset, 4);
      }
    }

    private void inline(Object v) {
      if (v instanceof String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        control(2, utf8.length);
        out.writeBytes(utf8);
      } else if (v instanceof Double d) {
        control(3, 8);
        writeBigEndian(out, Double.doubleToLongBits(d), 8);
      } else if (v instanceof Uint16 u) {
        unsigned(5, u.value());
      } else if (v instanceof Integer i) {
        if (i >= 0) {
          unsigned(6, i);
        } else {
          control(8, 4);
          writeBigEndian(out, i, 4);
        }
      } else if (v instanceof BigInteger b) {
        unsigned(9, b.longValueExact());
      } else if (v instanceof Boolean b) {
        control(14, b ? 1 : 0);
      } else if (v instanceof Map<?, ?> map) {
        control(7, map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          value((String) e.getKey());
          value(e.getValue());
        }
      } else if (v instanceof List<?> list) {
        control(11, list.size());
        for (Object item : list) {
          value(item);
        }
      } else if (v instanceof Raw raw) {
        out.writeBytes(raw.bytes());
      } else {
        throw new IllegalArgumentException("cannot encode " + v.getClass());
      }
    }

    /** Big-endian with leading zero bytes dropped; the size is the number of bytes. */
    private void unsigned(int type, long value) {
      int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
      control(type, length);
      writeBigEndian(out, value, length);
    }

    /** The control byte: type in the top 3 bits (0 = extended, next byte), size below. */
    private void control(int type, int size) {
      int first = (type <= 7 ? type : 0) << 5;
      byte[] sizeBytes;
      if (size < 29) {
        first |= size;
        sizeBytes = new byte[0];
      } else if (size < 29 + 256) {
        first |= 29;
        sizeBytes = new byte[] {(byte) (size - 29)};
      } else if (size < 285 + 65_536) {
        first |= 30;
        int rest = size - 285;
        sizeBytes = new byte[] {(byte) (rest >> 8), (byte) rest};
      } else {
        first |= 31;
        int rest = size - 65_821;
        sizeBytes = new byte[] {(byte) (rest >> 16), (byte) (rest >> 8), (byte) rest};
      }
      out.write(first);
      if (type > 7) {
        out.write(type - 7);
      }
      out.writeBytes(sizeBytes);
    }
  }
}
