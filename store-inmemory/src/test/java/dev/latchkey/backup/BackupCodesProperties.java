package dev.latchkey.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class BackupCodesProperties {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0");

  @Property(tries = 30)
  void everyBackupCodeWorksExactlyOnceInAnyOrderAndSpelling(
      @ForAll @IntRange(min = 5, max = 20) int count, @ForAll long seed) {
    // Spent codes are wrong guesses: allow them all, this is about the codes.
    TwoFactorFixture f = TwoFactorFixture.create(KeyRing.generate(new SecureRandom(), "k1"),
        TotpSettings.withIssuer("X"), BackupCodeSettings.builder().count(count).build(),
        TwoFactorFixture::manyAttempts);
    List<String> codes = new ArrayList<>(f.enable("acct").backupCodes().codes());
    Random rnd = new Random(seed);
    Collections.shuffle(codes, rnd);
    int remaining = count;
    for (String code : codes) {
      String spelled = respell(code, rnd);
      assertThat(f.backupCodes().consume("acct", spelled, CLIENT).isConsumed())
          .as(spelled).isTrue();
      remaining--;
      assertThat(f.backupCodes().remaining("acct")).isEqualTo(remaining);
      assertThat(f.backupCodes().consume("acct", respell(code, rnd), CLIENT).isConsumed())
          .isFalse();
    }
    for (String code : codes) {
      assertThat(f.backupCodes().consume("acct", code, CLIENT)).isEqualTo(
          new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.INVALID));
    }
  }

  @Property(tries = 20)
  void regeneratedSetsInvalidateEveryOlderSet(@ForAll @IntRange(min = 1, max = 4) int times) {
    TwoFactorFixture f = TwoFactorFixture.create(TwoFactorFixture::manyAttempts);
    List<List<String>> sets = new ArrayList<>();
    sets.add(f.enable("acct").backupCodes().codes());
    for (int i = 0; i < times; i++) {
      sets.add(((RegenerateResult.Regenerated) f.backupCodes().regenerate("acct")).codes().codes());
    }
    for (int i = 0; i < sets.size() - 1; i++) {
      for (String old : sets.get(i)) {
        assertThat(f.backupCodes().consume("acct", old, CLIENT).isConsumed()).isFalse();
      }
    }
    for (String current : sets.get(sets.size() - 1)) {
      assertThat(f.backupCodes().consume("acct", current, CLIENT).isConsumed()).isTrue();
    }
  }

  @Property(tries = 300)
  void consumeNeverThrowsForAnyString(@ForAll String input) {
    TwoFactorFixture f = SHARED;
    BackupCodeVerification v = f.backupCodes().consume("acct", input, CLIENT);
    assertThat(v).isNotNull();
    assertThat(f.backupCodes().consume("nobody", input, CLIENT)).isNotNull();
  }

  private static final TwoFactorFixture SHARED = enabled();

  private static TwoFactorFixture enabled() {
    TwoFactorFixture f = TwoFactorFixture.create();
    f.enable("acct");
    return f;
  }

  /** The same code as a user might type it: any case, dashes or spaces or neither. */
  private static String respell(String code, Random rnd) {
    String raw = code.replace("-", "");
    StringBuilder out = new StringBuilder();
    String sep = switch (rnd.nextInt(4)) {
      case 0 -> "-";
      case 1 -> " ";
      case 2 -> "";
      default -> " - ";
    };
    for (int i = 0; i < raw.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        out.append(sep);
      }
      char c = raw.charAt(i);
      out.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
