package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TOTP code check compares the presented code with every step of the window, each over the
 * full code length, whether it matches early, late or not at all (security invariant 3): how long
 * a check takes says nothing about which step, if any, matched. The comparison itself is
 * {@link MessageDigest#isEqual}, which the architecture rule on secret-comparing classes enforces.
 */
class TotpCodesConstantTimeTest {
  private static final byte[] SEED = TotpCodesTest.SEED_SHA1;
  private static final long NOW = 1_000;

  /** Records the length of each comparison, then answers as MessageDigest.isEqual would. */
  private static final class CountingComparison implements BiPredicate<byte[], byte[]> {
    final List<Integer> lengths = new ArrayList<>();

    @Override
    public boolean test(byte[] expected, byte[] candidate) {
      lengths.add(Math.max(expected.length, candidate.length));
      assertThat(expected).hasSameSizeAs(candidate);
      return MessageDigest.isEqual(expected, candidate);
    }
  }

  private static TotpCodes engine(int window, CountingComparison compare) {
    return new TotpCodes(TotpSettings.builder().issuer("x").window(window).build(), compare);
  }

  @ParameterizedTest(name = "window {0}")
  @ValueSource(ints = {0, 1, 2, 3})
  void everyStepOfTheWindowIsComparedWhereverTheCodeMatches(int window) {
    TotpCodes reference = engine(window, new CountingComparison());
    List<String> codes = new ArrayList<>();
    for (long step = NOW - window; step <= NOW + window; step++) {
      codes.add(reference.codeAt(SEED, step));
    }
    int n = 0;
    while (codes.contains(String.format("%06d", n))) {
      n++;
    }
    codes.add(String.format("%06d", n)); // matches no step
    for (int i = 0; i < codes.size(); i++) {
      CountingComparison compare = new CountingComparison();
      long matched = engine(window, compare).match(SEED, codes.get(i), NOW, -1);
      // The i-th code matches the i-th step (or an earlier one with the same code); the last none.
      assertThat(matched).isEqualTo(i < 2 * window + 1
          ? NOW - window + codes.indexOf(codes.get(i)) : TotpCodes.NO_MATCH);
      assertThat(compare.lengths).as("code %s", codes.get(i)).hasSize(2 * window + 1)
          .containsOnly(6);
    }
  }

  @Test
  void anAlreadyUsedStepIsComparedLikeAnyOther() {
    CountingComparison compare = new CountingComparison();
    TotpCodes codes = engine(1, compare);
    String current = codes.codeAt(SEED, NOW);
    assertThat(codes.match(SEED, current, NOW, NOW)).isEqualTo(TotpCodes.ALREADY_USED);
    assertThat(compare.lengths).hasSize(3);
  }
}
