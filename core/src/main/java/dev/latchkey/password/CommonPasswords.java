package dev.latchkey.password;

import dev.latchkey.common.LatchkeyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The blocklist of common passwords shipped in the jar ({@value #RESOURCE}, next to this class; its
 * source and licence are in {@code common-passwords.NOTICE}).
 *
 * <p>Loaded once per class loader, on first use, into an unmodifiable {@link HashSet} of NFKC,
 * case-folded entries: about 20,000 strings, some 2 MB of heap, which an application that never
 * builds a policy with the blocklist never pays for. The first {@link
 * PasswordPolicy.Builder#build()} that needs it loads it, so a broken jar fails there, at start-up,
 * and never inside {@code validate}.
 */
final class CommonPasswords {
  /** The resource name, relative to this package. */
  static final String RESOURCE = "common-passwords.txt";

  /** Room for the shipped list without rehashing (20,000 entries at the default load factor). */
  private static final int EXPECTED_SIZE = 32_768;

  private static volatile Set<String> words;

  private CommonPasswords() {}

  /**
   * The shipped list, loading it on the first call.
   *
   * @throws LatchkeyException if the resource is missing or unreadable (a broken jar)
   */
  static Set<String> words() {
    Set<String> w = words;
    if (w == null) {
      synchronized (CommonPasswords.class) {
        w = words;
        if (w == null) {
          w = loadResource();
          words = w;
        }
      }
    }
    return w;
  }

  private static Set<String> loadResource() {
    InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new LatchkeyException(
          "Common-password list dev/latchkey/password/"
              + RESOURCE
              + " is missing from the classpath");
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(reader);
    } catch (IOException e) {
      throw new LatchkeyException(
          "Cannot read the common-password list dev/latchkey/password/" + RESOURCE, e);
    }
  }

  /**
   * Reads one password per line; blank lines and lines starting with {@code #} are skipped. Entries
   * are NFKC-normalised and case-folded the way {@link PasswordPolicy} prepares a candidate, so a
   * lookup is a plain {@code contains}. Lines are not trimmed: a space can be part of a password.
   */
  static Set<String> parse(Reader reader) throws IOException {
    Set<String> set = new HashSet<>(EXPECTED_SIZE);
    BufferedReader lines = new BufferedReader(reader);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      set.add(PasswordText.fold(PasswordText.nfkc(line)));
    }
    return Collections.unmodifiableSet(set);
  }
}
