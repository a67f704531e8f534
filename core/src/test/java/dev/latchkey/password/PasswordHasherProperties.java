package dev.latchkey.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

class PasswordHasherProperties {

  private final PasswordHasher hasher =
      PasswordHasher.create(TestOptions.TINY_LONG_CAP, new SecureRandom());

  @Property(tries = 30)
  void verifyWhenSamePasswordThenTrueAndWhenOneCodePointChangedThenFalse(
      @ForAll("passwords") String password,
      @ForAll @IntRange(min = 0, max = 63) int position,
      @ForAll("codePoints") int replacement) {
    int[] codePoints = password.codePoints().toArray();
    int at = position % codePoints.length;
    Assume.that(codePoints[at] != replacement);
    codePoints[at] = replacement;
    String changed = new String(codePoints, 0, codePoints.length);
    // A change to a compatibility equivalent (say "ﬁ" for "fi") is not a different password.
    Assume.that(!nfkc(changed).equals(nfkc(password)));

    String hash = hasher.hash(password);

    assertThat(hasher.verify(password, hash)).isTrue();
    assertThat(hasher.verify(changed, hash)).isFalse();
  }

  @Property(tries = 20)
  void verifyWhenCanonicallyOrCompatiblyEquivalentFormThenTrue(
      @ForAll("passwords") String password) {
    String hash = hasher.hash(password);

    assertThat(hasher.verify(Normalizer.normalize(password, Normalizer.Form.NFD), hash)).isTrue();
    assertThat(hasher.verify(Normalizer.normalize(password, Normalizer.Form.NFKD), hash)).isTrue();
  }

  @Property(tries = 50)
  void verifyWhenPasswordLongerThan72BytesThenNeverMatchesBcryptOfItsPrefix(
      @ForAll("longPasswords") String raw, @ForAll("salts") byte[] salt) {
    String password = nfkc(raw);
    byte[] bytes = password.getBytes(UTF_8);
    Assume.that(bytes.length > 72);
    String hashOfPrefix = OpenBSDBCrypt.generate("2b", Arrays.copyOf(bytes, 72), salt, 4);
    // Control: bcrypt itself would accept the long password, which is the hazard.
    assertThat(OpenBSDBCrypt.checkPassword(hashOfPrefix, bytes)).isTrue();

    assertThat(hasher.verify(password, hashOfPrefix)).isFalse();
  }

  @Property(tries = 500)
  void verifyNeverThrowsForArbitraryStrings(@ForAll String password, @ForAll String encodedHash) {
    hasher.verify(password, encodedHash);
    hasher.verifyDummy(password);
    hasher.needsRehash(encodedHash);
  }

  @Property(tries = 500)
  void verifyNeverThrowsForNearlyWellFormedHashes(
      @ForAll String password, @ForAll("nearlyWellFormedHashes") String encodedHash) {
    hasher.verify(password, encodedHash);
    hasher.needsRehash(encodedHash);
  }

  // ---------------------------------------------------------------------------------------------

  @Provide
  @SuppressWarnings("unchecked") // generic varargs of frequencyOf
  Arbitrary<Integer> codePoints() {
    // Mostly ASCII so the strings look like passwords, but the whole of Unicode is in play.
    // Surrogate code points are excluded: hash() rejects them by design.
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(
            1,
            Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)));
  }

  @Provide
  Arbitrary<String> passwords() {
    return codePoints()
        .list()
        .ofMinSize(1)
        .ofMaxSize(64)
        .map(PasswordHasherProperties::fromCodePoints);
  }

  @Provide
  Arbitrary<String> longPasswords() {
    return codePoints()
        .list()
        .ofMinSize(73)
        .ofMaxSize(200)
        .map(PasswordHasherProperties::fromCodePoints);
  }

  @Provide
  Arbitrary<byte[]> salts() {
    return Arbitraries.bytes().array(byte[].class).ofSize(16);
  }

  @Provide
  Arbitrary<String> nearlyWellFormedHashes() {
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<String> argon2 =
        Combinators.combine(
                Arbitraries.of("argon2id", "argon2i", "argon2d", "argon2", "argon2x", ""),
                Arbitraries.of("$v=19", "$v=16", "", "$v=0", "$v=019", "$v=4294967296", "$v="),
                Arbitraries.of(
                    "8", "64", "0", "4194305", "4294967295", "4294967296", "-1", "064", ""),
                Arbitraries.of("1", "2", "0", "101", "4294967296", "x"),
                Arbitraries.of("1", "2", "8", "65", "0", "16777216"),
                Arbitraries.of(
                    "c29tZXNhbHQ", "c29tZXNhbA", "c29tZXNhbHQ=", "", "A", "////////////"),
                Arbitraries.oneOf(
                    Arbitraries.of("Pb9OQA", "Pb9OQB", "Pb9O", "", "=", "+/+/+/+/"), noise))
            .as(
                (type, v, m, t, p, salt, tag) ->
                    "$" + type + v + "$m=" + m + ",t=" + t + ",p=" + p + "$" + salt + "$" + tag);
    Arbitrary<String> bcrypt =
        Combinators.combine(
                Arbitraries.of("2a", "2b", "2y", "2x", "2", "3"),
                Arbitraries.of("04", "4", "03", "21", "31", "32", "99", "0a"),
                Arbitraries.strings()
                    .withChars("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$!")
                    .ofMinLength(50)
                    .ofMaxLength(56))
            .as((version, cost, rest) -> "$" + version + "$" + cost + "$" + rest);
    return Arbitraries.oneOf(argon2, bcrypt);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder sb = new StringBuilder();
    codePoints.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static String nfkc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC);
  }
}
