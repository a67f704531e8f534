package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pure-Java engine against the RFC 9106 test vectors (§5: Argon2d, Argon2i, Argon2id with
 * secret and associated data), and the engine choice. latchkey-argon2-native runs the same vectors
 * against libargon2 and checks that each engine verifies the other's PHC strings.
 */
class Argon2EngineTest {
  static final byte[] PASSWORD = filled(32, 0x01);
  static final byte[] SALT = filled(16, 0x02);
  static final byte[] SECRET = filled(8, 0x03);
  static final byte[] AD = filled(12, 0x04);

  static byte[] filled(int n, int value) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) value);
    return out;
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty(Argon2Engines.PROPERTY);
  }

  /** RFC 9106 §5.1–5.3: m=32 KiB, t=3, p=4, tag 32 bytes, version 0x13. */
  @ParameterizedTest(name = "type {0}")
  @CsvSource({
      "0, 512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
      "1, c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
      "2, 0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"})
  void bouncyCastleMatchesRfc9106(int type, String expectedHex) {
    byte[] tag = BouncyCastleArgon2.INSTANCE.compute(type, 0x13, 32, 3, 4, SALT, PASSWORD, SECRET,
        AD, 32);
    assertThat(HexFormat.of().formatHex(tag)).isEqualTo(expectedHex);
  }

  @Test
  void withoutTheNativeModuleAutoAndJavaPickBouncyCastleAndNativeIsAnError() {
    assertThat(Argon2Engines.selected()).isSameAs(BouncyCastleArgon2.INSTANCE);
    System.setProperty(Argon2Engines.PROPERTY, "java");
    assertThat(PasswordHasher.create(PasswordHashingSettings.defaults(), new SecureRandom())
        .engineName()).isEqualTo("bouncycastle");
    System.setProperty(Argon2Engines.PROPERTY, "native");
    assertThatThrownBy(Argon2Engines::selected).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("latchkey-argon2-native");
    System.setProperty(Argon2Engines.PROPERTY, "fast");
    assertThatThrownBy(Argon2Engines::selected).hasMessageContaining("auto, java or native");
  }
}
