package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HMAC of a TOTP check is HMAC as the JDK computes it, for every algorithm, for keys shorter
 * than, as long as and longer than a block, and forgetting the key leaves nothing of it behind.
 */
class KeyedHmacTest {
  private static final int[] KEY_LENGTHS = {1, 10, 20, 32, 63, 64, 65, 100, 127, 128, 129, 300};

  @ParameterizedTest(name = "{0}")
  @EnumSource(TotpSettings.Algorithm.class)
  void everyOutputEqualsTheJdksHmac(TotpSettings.Algorithm algorithm) throws Exception {
    Random random = new Random(42);
    KeyedHmac hmac = new KeyedHmac(algorithm);
    Mac jdk = Mac.getInstance(algorithm.jcaName());
    byte[] out = new byte[hmac.length()];
    assertThat(hmac.length()).isEqualTo(jdk.getMacLength());
    for (int keyLength : KEY_LENGTHS) {
      for (int round = 0; round < 5; round++) {
        byte[] key = new byte[keyLength];
        random.nextBytes(key);
        byte[] keyCopy = key.clone();
        jdk.init(new SecretKeySpec(key, algorithm.jcaName()));
        hmac.key(key);
        assertThat(key).as("the caller's key is left alone").isEqualTo(keyCopy);
        // Several messages per key, as the steps of a window.
        for (int m = 0; m < 4; m++) {
          byte[] message = new byte[m == 3 ? 200 : 8];
          random.nextBytes(message);
          hmac.mac(message, out);
          assertThat(out).as("key length %d", keyLength).isEqualTo(jdk.doFinal(message));
        }
        hmac.forget();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TotpSettings.Algorithm.class)
  void forgettingLeavesNothingDerivedFromTheKey(TotpSettings.Algorithm algorithm)
      throws Exception {
    KeyedHmac hmac = new KeyedHmac(algorithm);
    hmac.key(TotpCodesTest.SEED_SHA1);
    hmac.mac(new byte[8], new byte[hmac.length()]);
    assertThat((byte[]) field(hmac, "innerPad")).as("keyed").isNotEqualTo(
        new byte[((byte[]) field(hmac, "innerPad")).length]);
    // Cut short after feeding the pad: forget must reset the digest too.
    ((MessageDigest) field(hmac, "digest")).update((byte[]) field(hmac, "innerPad"));
    hmac.forget();
    assertThat((byte[]) field(hmac, "innerPad")).containsOnly(0);
    assertThat((byte[]) field(hmac, "outerPad")).containsOnly(0);
    // The digest is back to its initial state: hashing nothing gives the hash of nothing.
    MessageDigest digest = (MessageDigest) field(hmac, "digest");
    assertThat(digest.digest())
        .isEqualTo(MessageDigest.getInstance(digest.getAlgorithm()).digest());
  }

  @Test
  void anEmptyKeyIsRefused() {
    KeyedHmac hmac = new KeyedHmac(TotpSettings.Algorithm.SHA1);
    assertThatThrownBy(() -> hmac.key(new byte[0])).isInstanceOf(IllegalStateException.class);
  }

  private static Object field(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
