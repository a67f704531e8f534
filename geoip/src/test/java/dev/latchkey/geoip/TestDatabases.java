package dev.latchkey.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;

/** The small databases the tests write, and the helpers to replace and capture. */
final class TestDatabases {
  private TestDatabases() {}

  /** A GeoLite2-City database: London, Tokyo, and records exercising the fallbacks. */
  static MmdbWriter geoLite2() {
    return MmdbWriter.ipv6("GeoLite2-City")
        .insert("81.2.69.0/24", MmdbWriter.geoLite2City("London", "ENG", "England", "GB"))
        .insert("81.2.69.160/27", MmdbWriter.geoLite2City("Kensington", "ENG", "England", "GB"))
        .insert("2001:218::/32", MmdbWriter.geoLite2City("Tokyo", "13", "Tokyo", "JP"))
        // a subdivision with a code and no name; no city
        .insert("175.16.199.0/24", MmdbWriter.geoLite2City(null, "22", null, "CN"))
        // only the registered country (anycast, satellite)
        .insert("202.196.224.0/20", Map.of("registered_country",
            Map.of("iso_code", "PH")))
        // a network MaxMind cannot place at all
        .insert("203.0.113.0/24", Map.of("traits",
            Map.of("is_anycast", true)));
  }

  /** A DB-IP City Lite database: Linköping, Berlin, and DB-IP's "ZZ". */
  static MmdbWriter dbIp() {
    return MmdbWriter.ipv6("DBIP-City-Lite")
        .insert("89.160.20.0/24", MmdbWriter.dbIpCityLite("Linköping", "Östergötland", "SE"))
        .insert("2a02:cf40::/29", MmdbWriter.dbIpCityLite("Berlin", "Land Berlin", "DE"))
        .insert("192.0.2.0/24", MmdbWriter.dbIpCityLite(null, null, "ZZ"));
  }

  /** One network, one city: for telling two versions of a file apart. */
  static MmdbWriter single(String city) {
    return MmdbWriter.ipv6("GeoLite2-City")
        .insert("81.2.69.0/24", MmdbWriter.geoLite2City(city, null, null, "GB"))
        .insert("2001:218::/32", MmdbWriter.geoLite2City(city, null, null, "GB"));
  }

  /** Replaces {@code target} as geoipupdate does: a new file beside it, renamed over it. */
  static void replaceAtomically(Path target, byte[] content) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), "incoming", ".mmdb");
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What slf4j-simple printed while {@code action} ran (it writes to the current System.err). */
  static <T> String stderrOf(Supplier<T> action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.get();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
