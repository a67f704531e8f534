package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link PasswordHasher#check} with a typed password and a stored hash, both untrusted: a
 * hash may come from a tampered or imported row. Tiny Argon2 settings keep each run fast: 64 KiB
 * and one pass, so the stored-hash limits are 256 KiB (4 × 64), 10 passes and 16 lanes; bcrypt is
 * limited to cost 14 whatever the settings, so a bcrypt seed near that limit takes about a second
 * (hence the 10 s per-input timeout). Seeds: {@code PasswordHashFuzzTestInputs/<method>/}.
 */
class PasswordHashFuzzTest {
  private static final PasswordHasher HASHER =
      PasswordHasher.create(TestOptions.TINY, new java.security.SecureRandom());

  /**
   * Input: password 0xFF stored hash. {@code check} never throws (no exception, no
   * {@link Error}) and answers the documented outcome: {@code invalid_password} for a password over
   * the cap or not well-formed; {@code malformed_hash} for an unparsable Argon2 or bcrypt string or
   * one over 1024 characters; {@code excessive_cost} for parameters above the stored-hash limits,
   * before any work; {@code unsupported_scheme} for anything else; otherwise a match or a
   * mismatch, never a failed computation. A match of anything but a current Argon2id hash needs a
   * rehash. The scheme logged for a refused hash is only a short lower-case name. A password the
   * hasher accepts verifies against its own fresh hash without needing a rehash.
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void checkAnswersTheDocumentedOutcomeForAnyStoredHash(byte[] data) {
    List<String> f = FuzzInput.fields(data, 2);
    String password = f.get(0);
    String stored = f.get(1);

    PasswordCheck check = HASHER.check(password, stored);
    String expected = expectedCode(password, stored);
    if (expected == null) {
      assertThat(check).isInstanceOfAny(PasswordCheck.Match.class, PasswordCheck.Mismatch.class);
    } else {
      assertThat(check.code()).isEqualTo(expected);
    }
    if (check instanceof PasswordCheck.Match match) {
      assertThat(match.needsRehash()).isEqualTo(
          stored.startsWith("$2") || HASHER.needsRehash(stored));
    }
    assertThat(PasswordHasher.scheme(stored)).matches("[0-9a-z]{1,12}|\\(unrecognised\\)");
    HASHER.needsRehash(stored); // never throws either

    if (!"invalid_password".equals(expected)) {
      String fresh = HASHER.hash(password);
      assertThat(HASHER.check(password, fresh)).isEqualTo(new PasswordCheck.Match(false));
      assertThat(HASHER.needsRehash(fresh)).isFalse();
    }
  }

  /** The outcome the javadoc promises, or null for "a match or a mismatch". */
  private static String expectedCode(String password, String stored) {
    try {
      PasswordHasher.normaliseWithinCap(password, TestOptions.TINY.maxPasswordLength());
    } catch (IllegalArgumentException tooLongOrMalformed) {
      return "invalid_password";
    }
    if (stored.length() > PasswordHasher.MAX_ENCODED_HASH_LENGTH) {
      return "malformed_hash";
    }
    if (stored.startsWith("$argon2")) {
      Argon2Hash argon2 = Argon2Hash.parse(stored);
      if (argon2 == null) {
        return "malformed_hash";
      }
      return argon2.memoryKib > 256 || argon2.iterations > 10 || argon2.parallelism > 16
          ? "excessive_cost" : null;
    }
    if (stored.startsWith("$2")) {
      BcryptHash bcrypt = BcryptHash.parse(stored);
      if (bcrypt == null) {
        return "malformed_hash";
      }
      return bcrypt.cost > 14 ? "excessive_cost" : null;
    }
    return "unsupported_scheme";
  }
}
