package dev.latchkey.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/**
 * Every verification compares the whole Argon2 tag or bcrypt hash, once, whether the password is
 * right or wrong, and the dummy verification for unknown accounts compares too (security invariant
 * 3). The comparison itself is {@link MessageDigest#isEqual}, which the architecture rule on
 * secret-comparing classes enforces; here a counting comparator shows it is always reached.
 */
class PasswordHasherConstantTimeTest {
  /** Records the length of both sides of each comparison, then answers as isEqual would. */
  private static final class CountingComparison implements BiPredicate<byte[], byte[]> {
    final List<List<Integer>> lengths = new ArrayList<>();

    @Override
    public boolean test(byte[] a, byte[] b) {
      lengths.add(List.of(a.length, b.length));
      return MessageDigest.isEqual(a, b);
    }
  }

  private final CountingComparison compare = new CountingComparison();
  private final PasswordHasher hasher =
      PasswordHasher.create(TestOptions.TINY, new SecureRandom(), compare);
  private final int tagLength = TestOptions.TINY.hashLength();

  @Test
  void anArgon2TagIsComparedWholeForARightAndAWrongPassword() {
    String hash = hasher.hash("Correct-horse-9");
    compare.lengths.clear();
    assertThat(hasher.check("Wrong-horse-9", hash)).isInstanceOf(PasswordCheck.Mismatch.class);
    assertThat(hasher.check("Correct-horse-9", hash)).isInstanceOf(PasswordCheck.Match.class);
    assertThat(compare.lengths).containsExactly(List.of(tagLength, tagLength),
        List.of(tagLength, tagLength));
  }

  @Test
  void theDummyVerificationForAnUnknownAccountComparesToo() {
    hasher.verifyDummy("Anything-1");
    assertThat(compare.lengths).containsExactly(List.of(tagLength, tagLength));
  }

  @Test
  void aBcryptHashIsComparedWholeForARightAndAWrongPassword() {
    String legacy = OpenBSDBCrypt.generate("2b", "Correct-horse-9".getBytes(UTF_8), new byte[16], 4);
    assertThat(hasher.check("Wrong-horse-9", legacy)).isInstanceOf(PasswordCheck.Mismatch.class);
    assertThat(hasher.check("Correct-horse-9", legacy)).isInstanceOf(PasswordCheck.Match.class);
    assertThat(compare.lengths).containsExactly(List.of(60, 60), List.of(60, 60));
  }
}
