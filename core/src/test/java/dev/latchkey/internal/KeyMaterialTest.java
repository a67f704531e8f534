package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.DecryptionException;
import dev.latchkey.common.KeyRing;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aRingHandsItsMaterialOnlyThroughTheDoor() {
    KeyRing ring = KeyRing.generate(RANDOM, "k1");
    KeyMaterial material = KeyRingAccess.of(ring);
    assertThat(material.primaryKeyId()).isEqualTo("k1");
    assertThat(material.keyIds()).containsExactly("k1");
    assertThat(KeyRingAccess.of(ring)).isSameAs(material);
    assertThatThrownBy(() -> KeyRingAccess.of("k1:AAAA"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a KeyRing");
    assertThatThrownBy(() -> KeyRingAccess.install(r -> material))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noPublicMethodHandsOutKeyBytes() {
    // (SecretBox.open returns plaintext, which is its job; the holders of keys return none.)
    for (Class<?> type : new Class<?>[] {KeyMaterial.class, KeyRingAccess.class}) {
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          assertThat(m.getReturnType()).as(type.getSimpleName() + "." + m.getName())
              .isNotEqualTo(byte[].class);
        }
      }
    }
    // KeyRing's only way out for key bytes is serialize(), meant for writing a key file.
    assertThat(Arrays.stream(KeyRing.class.getMethods())
        .filter(m -> m.getReturnType() == byte[].class)).isEmpty();
  }

  @Test
  void failuresToOpenAreTheRingsDecryptionException() {
    SecretBox box = KeyRingAccess.of(KeyRing.generate(RANDOM, "k1"))
        .secretBox(KeyPurpose.TOTP_SECRET, RANDOM);
    assertThatThrownBy(() -> box.open("v1.k9.AAAA", new byte[0]))
        .isExactlyInstanceOf(DecryptionException.class);
  }

  @Test
  void copiesTheKeysAndShowsOnlyIds() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 5);
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("k2", key);
    KeyMaterial material = KeyMaterial.of(keys, (message, cause) -> new IllegalStateException());
    byte[] before = material.subkey("k2", KeyPurpose.TOTP_SECRET);
    Arrays.fill(key, (byte) 0);
    assertThat(material.subkey("k2", KeyPurpose.TOTP_SECRET)).isEqualTo(before);
    assertThat(material.toString()).isEqualTo("KeyMaterial[primary=k2, keys=[k2]]");
    assertThatThrownBy(() -> material.subkey("k1", KeyPurpose.TOTP_SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k1'");
    assertThatThrownBy(() -> KeyMaterial.of(Map.of("k", new byte[16]), (m, c) -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }
}
