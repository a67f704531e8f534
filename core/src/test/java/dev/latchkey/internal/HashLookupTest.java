package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The lookup by hash behind API keys, session tokens and sign-in challenges does the same
 * comparison work on a hit, a near-miss and a miss (security invariant 3). The comparison itself is
 * {@link MessageDigest#isEqual}, which the architecture rule on secret-comparing classes enforces;
 * here a counting comparator shows that it is always reached, with arrays of the full length.
 */
class HashLookupTest {
  private static final String HASH = Hashing.sha256Hex("token");
  private static final byte[] WANTED = HASH.getBytes(StandardCharsets.UTF_8);

  /** Records each comparison, then answers as MessageDigest.isEqual would. */
  private static final class CountingComparison implements BiPredicate<byte[], byte[]> {
    final List<byte[][]> calls = new ArrayList<>();

    @Override
    public boolean test(byte[] stored, byte[] wanted) {
      calls.add(new byte[][] {stored.clone(), wanted.clone()});
      return MessageDigest.isEqual(stored, wanted);
    }
  }

  @Test
  void aHitComparesTheStoredHashWithTheWantedOneOnce() {
    CountingComparison compare = new CountingComparison();
    assertThat(HashLookup.find(HASH, Optional::of, row -> row, compare)).contains(HASH);
    assertThat(compare.calls).singleElement().satisfies(c -> {
      assertThat(c[0]).isEqualTo(WANTED);
      assertThat(c[1]).isEqualTo(WANTED);
    });
  }

  @Test
  void aMissComparesTooAgainstADummyOfTheSameLength() {
    CountingComparison compare = new CountingComparison();
    assertThat(HashLookup.find(HASH, h -> Optional.<String>empty(), row -> row, compare)).isEmpty();
    assertThat(compare.calls).singleElement().satisfies(c -> {
      assertThat(c[0]).hasSameSizeAs(WANTED).isNotEqualTo(WANTED);
      assertThat(c[1]).isEqualTo(WANTED);
    });
  }

  @Test
  void aNearMissFromALooseStoreIsComparedOverItsFullLengthAndRefused() {
    CountingComparison compare = new CountingComparison();
    String upper = HASH.toUpperCase(Locale.ROOT);
    assertThat(HashLookup.find(HASH, h -> Optional.of(upper), row -> row, compare)).isEmpty();
    assertThat(compare.calls).singleElement().satisfies(c -> {
      assertThat(c[0]).isEqualTo(upper.getBytes(StandardCharsets.UTF_8));
      assertThat(c[1]).isEqualTo(WANTED);
    });
  }

  @Test
  void aStoredHashEqualOnlyInItsLowBytesIsRefused() {
    // The bytes compared are each character's low byte (one bulk copy); a character above 0xFF
    // with the right low byte must not make a different string match.
    char first = HASH.charAt(0);
    String twin = (char) (first | 0x100) + HASH.substring(1);
    CountingComparison compare = new CountingComparison();
    assertThat(HashLookup.find(HASH, h -> Optional.of(twin), row -> row, compare)).isEmpty();
    assertThat(compare.calls).singleElement().satisfies(c -> assertThat(c[1]).isEqualTo(WANTED));
  }

  @Test
  void aStoredHashOfAnotherLengthIsComparedAsUtf8AndRefused() {
    CountingComparison compare = new CountingComparison();
    String longer = HASH + "0";
    assertThat(HashLookup.find(HASH, h -> Optional.of(longer), row -> row, compare)).isEmpty();
    assertThat(compare.calls).singleElement()
        .satisfies(c -> assertThat(c[0]).isEqualTo(longer.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theComparisonAloneDecides() {
    // A store hit that the comparison refuses is no hit; a comparison that says "equal" on a miss
    // (the dummy) still finds nothing.
    assertThat(HashLookup.find(HASH, Optional::of, row -> row, (a, b) -> false)).isEmpty();
    assertThat(HashLookup.find(HASH, h -> Optional.<String>empty(), row -> row, (a, b) -> true))
        .isEmpty();
  }
}
