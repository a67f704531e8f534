package dev.latchkey.examples;

import dev.latchkey.common.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the key ring comes from. It encrypts TOTP secrets and keys backup-code hashes, so losing it
 * locks every enrolled user out of two-factor sign-in, and leaking it weakens both.
 *
 * <ol>
 *   <li>{@code LATCHKEY_KEYS} (e.g. from a secret manager), when set;
 *   <li>otherwise, with the embedded database only, the file {@code {dataDir}/latchkey-keys},
 *       generated on the first run (owner-only permissions where the file system supports them);
 *   <li>otherwise — an external database with no key ring — start-up fails: a key generated here
 *       would not be shared by the other instances using that database, nor survive a redeploy.
 * </ol>
 */
final class DemoKeys {
  static final String FILE_NAME = "latchkey-keys";
  private static final Logger LOG = LoggerFactory.getLogger(DemoKeys.class);

  private DemoKeys() {}

  static KeyRing load(DemoConfig config, SecureRandom random) {
    if (config.keys() != null) {
      try {
        return KeyRing.parse(config.keys());
      } catch (IllegalArgumentException e) {
        // KeyRing's messages name key ids, never key material.
        throw new IllegalStateException("LATCHKEY_KEYS is not a valid key ring: " + e.getMessage(),
            e);
      }
    }
    if (!config.embeddedDatabase()) {
      throw new IllegalStateException("LATCHKEY_KEYS is not set. With an external database"
          + " (LATCHKEY_JDBC_URL) the key ring must be given, the same on every instance: generate"
          + " one with KeyRing.generate(...).serialize() and store it in your secret manager.");
    }
    Path file = config.dataDir().resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return KeyRing.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
      }
      Files.createDirectories(config.dataDir());
      String id = "k" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
      KeyRing ring = KeyRing.generate(random, id);
      write(file, ring.serialize());
      LOG.info("Generated a new key ring ({}) into {}; back it up with the database, or set"
          + " LATCHKEY_KEYS", ring, file.toAbsolutePath());
      return ring;
    } catch (FileAlreadyExistsException e) {
      // Another instance on the same data directory won the race: use its ring.
      return load(config, random);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The key file " + file + " is not a valid key ring: "
          + e.getMessage(), e);
    }
  }

  private static void write(Path file, String content) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
        : new FileAttribute<?>[0];
    // Created with its permissions in one step: never readable by others, even for a moment.
    Path created = Files.createFile(file, attributes);
    Files.writeString(created, content + "\n", StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING);
  }
}
