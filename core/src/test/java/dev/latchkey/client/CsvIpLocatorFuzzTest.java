package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.common.LatchkeyException;
import dev.latchkey.fuzz.FuzzInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the IP-range CSV loaders with whole files (a host downloads them from a vendor, so they
 * are input the library does not control), then looks addresses up in what was loaded. A file
 * whose bytes start with the gzip magic number is named {@code .gz}, so the decompressing path is
 * fuzzed too. Seeds: {@code CsvIpLocatorFuzzTestInputs/<method>/}.
 */
class CsvIpLocatorFuzzTest {
  private static final Path DIR = tempDir();

  /**
   * Input: DB-IP file 0xFF addresses to look up, one a line. Loading either answers or throws
   * {@link LatchkeyException} (nothing else, whatever the bytes); every lookup then answers
   * without throwing, and what it answers is a non-empty public location of cleaned, bounded
   * components whose English label is at most 64 characters.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void dbIpLiteLoadsAnyFileOrRefusesIt(byte[] data) {
    List<byte[]> f = FuzzInput.rawFields(data, 2);
    Path file = write("dbip", f.get(0));
    CsvIpLocator locator;
    try {
      locator = CsvIpLocator.dbIpLite(file);
    } catch (LatchkeyException refused) {
      return;
    }
    lookUp(locator, FuzzInput.text(f.get(1)));
  }

  /**
   * Input: GeoLite2 locations file 0xFF blocks file 0xFF addresses to look up, one a line. The
   * same contract as for DB-IP: {@link LatchkeyException} or a locator whose answers are clean.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void geoLite2LoadsAnyFilesOrRefusesThem(byte[] data) {
    List<byte[]> f = FuzzInput.rawFields(data, 3);
    Path locations = write("locations", f.get(0));
    Path blocks = write("blocks", f.get(1));
    CsvIpLocator locator;
    try {
      locator = CsvIpLocator.geoLite2(locations, blocks);
    } catch (LatchkeyException refused) {
      return;
    }
    lookUp(locator, FuzzInput.text(f.get(2)));
  }

  private static void lookUp(CsvIpLocator locator, String addresses) {
    assertThat(locator.toString()).startsWith("CsvIpLocator[");
    for (String address : FuzzInput.lines(addresses)) {
      Optional<Location> found = locator.locate(address);
      if (IpAddresses.parse(address).isEmpty()) {
        assertThat(found).isEmpty();
      }
      found.ifPresent(location -> {
        assertThat(location.scope()).isEqualTo(AddressScope.PUBLIC);
        assertThat(location.isEmpty()).isFalse();
        for (String part : new String[] {location.city(), location.region(),
            location.countryCode()}) {
          assertThat(part.length()).isLessThanOrEqualTo(Location.MAX_COMPONENT_LENGTH);
          assertThat(part).isEqualTo(part.strip());
          assertThat(part.chars().noneMatch(Character::isISOControl)).isTrue();
        }
        assertThat(ClientLabels.english().location(location).length())
            .isLessThanOrEqualTo(EnglishClientLabels.MAX_LOCATION_LENGTH);
      });
    }
  }

  /** Overwrites one file per name; gzip content gets a .gz name. */
  private static Path write(String name, byte[] content) {
    boolean gzip = content.length >= 2 && content[0] == (byte) 0x1f && content[1] == (byte) 0x8b;
    Path file = DIR.resolve(name + (gzip ? ".csv.gz" : ".csv"));
    try {
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Under the build directory (the working directory is the module's), so a clean removes it. */
  private static Path tempDir() {
    try {
      return Files.createDirectories(Path.of("target", "fuzz-files"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
