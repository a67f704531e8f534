package dev.latchkey.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.Subkeys;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private static final byte[] K1 = filled(1);
  private static final byte[] K2 = filled(2);
  private static final String B64_K1 = Base64.getEncoder().encodeToString(K1);
  private static final String B64_K2 = Base64.getEncoder().encodeToString(K2);

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void parseMakesTheFirstEntryPrimaryAndKeepsTheOrder() {
    KeyRing ring = KeyRing.parse(" k2:" + B64_K2 + " , k1:" + B64_K1 + " ");
    assertThat(ring.primaryKeyId()).isEqualTo("k2");
    assertThat(ring.keyIds()).containsExactly("k2", "k1");
    assertThat(ring.contains("k1")).isTrue();
    assertThat(ring.contains("k3")).isFalse();
    assertThat(ring.contains(null)).isFalse();
  }

  @Test
  void parseAcceptsBase64WithoutPadding() {
    String unpadded = B64_K1.replace("=", "");
    assertThat(KeyRing.parse("k1:" + unpadded).keyIds()).containsExactly("k1");
  }

  @Test
  void serializeThenParseRoundTrips() {
    KeyRing ring = KeyRing.builder().add("old", K1).add("new", K2).primary("new").build();
    assertThat(ring.serialize()).isEqualTo("new:" + B64_K2 + ",old:" + B64_K1);
    KeyRing again = KeyRing.parse(ring.serialize());
    assertThat(again.keyIds()).containsExactly("new", "old");
    assertThat(derive(again, "old", KeyPurpose.TOTP_SECRET))
        .isEqualTo(derive(ring, "old", KeyPurpose.TOTP_SECRET));
  }

  @Test
  void generateMakesOneRandomPrimaryKey() {
    KeyRing a = KeyRing.generate(new SecureRandom(), "k1");
    KeyRing b = KeyRing.generate(new SecureRandom(), "k1");
    assertThat(a.keyIds()).containsExactly("k1");
    assertThat(a.primaryKeyId()).isEqualTo("k1");
    assertThat(a.serialize()).isNotEqualTo(b.serialize());
    assertThat(Base64.getDecoder().decode(a.serialize().substring(3))).hasSize(32);
  }

  @Test
  void toStringShowsIdsButNeverKeys() {
    KeyRing ring = KeyRing.parse("k2:" + B64_K2 + ",k1:" + B64_K1);
    assertThat(ring.toString()).isEqualTo("KeyRing[primary=k2, keys=[k2, k1]]")
        .doesNotContain(B64_K1).doesNotContain(B64_K2);
  }

  @Test
  void parseErrorsNameTheEntryButNeverTheKeyMaterial() {
    String secretLooking = "c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LWlzLXRvby1sb25nLWZvci1hZXM=";
    assertThatThrownBy(() -> KeyRing.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> KeyRing.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> KeyRing.parse("k1:" + B64_K1 + ","))
        .hasMessageContaining("entry 2 is empty");
    assertThatThrownBy(() -> KeyRing.parse(B64_K1))
        .hasMessageContaining("entry 1 has no key id").hasMessageNotContaining(B64_K1);
    assertThatThrownBy(() -> KeyRing.parse("k1:" + secretLooking))
        .hasMessageContaining("Invalid key size 44 bytes for key 'k1'")
        .hasMessageContaining("32-byte")
        .hasMessageNotContaining(secretLooking);
    assertThatThrownBy(() -> KeyRing.parse("k1:not base64 at all!!"))
        .hasMessage("Key 'k1' is not valid Base64");
    assertThatThrownBy(() -> KeyRing.parse("k1:" + B64_K1 + ",k1:" + B64_K2))
        .hasMessage("Duplicate key id 'k1'");
    // A key pasted where the id should be: the id is not echoed, it might be the key.
    assertThatThrownBy(() -> KeyRing.parse(B64_K1.substring(0, 20) + ":" + B64_K1))
        .hasMessageContaining("invalid key id of length 20")
        .hasMessageNotContaining(B64_K1.substring(0, 20));
    assertThatThrownBy(() -> KeyRing.parse("much-too-long-key-id:" + B64_K1))
        .hasMessageContaining("[A-Za-z0-9_-]{1,16}");
  }

  @Test
  void builderValidatesPrimary() {
    assertThatThrownBy(() -> KeyRing.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
    assertThatThrownBy(() -> KeyRing.builder().add("a", K1).add("b", K2).build())
        .hasMessageContaining("call primary(id) with one of [a, b]");
    assertThatThrownBy(() -> KeyRing.builder().add("a", K1).primary("zz").build())
        .hasMessageContaining("'zz' is not in the ring");
    assertThat(KeyRing.builder().add("only", K1).build().primaryKeyId()).isEqualTo("only");
    assertThatThrownBy(() -> KeyRing.builder().add("a", new byte[16]))
        .hasMessageContaining("Invalid key size 16 bytes");
  }

  @Test
  void builderCopiesTheKey() {
    byte[] key = filled(7);
    KeyRing ring = KeyRing.builder().add("k", key).build();
    byte[] before = derive(ring, "k", KeyPurpose.TOTP_SECRET);
    Arrays.fill(key, (byte) 0);
    assertThat(derive(ring, "k", KeyPurpose.TOTP_SECRET)).isEqualTo(before);
  }

  @Test
  void subkeysDifferPerPurposeAndPerKeyAndAreNotTheMasterKey() {
    KeyRing ring = KeyRing.parse("k2:" + B64_K2 + ",k1:" + B64_K1);
    byte[] totp1 = derive(ring, "k1", KeyPurpose.TOTP_SECRET);
    byte[] mac1 = derive(ring, "k1", KeyPurpose.BACKUP_CODE_MAC);
    byte[] totp2 = derive(ring, "k2", KeyPurpose.TOTP_SECRET);
    assertThat(totp1).hasSize(32).isNotEqualTo(mac1).isNotEqualTo(totp2).isNotEqualTo(K1);
    assertThat(derive(ring, "k1", KeyPurpose.TOTP_SECRET)).isEqualTo(totp1);
  }

  @Test
  void subkeyDerivationIsHkdfSha256() {
    // Against an independent RFC 5869 computation: Extract with an all-zero salt, Expand one block.
    KeyRing ring = KeyRing.builder().add("k", K1).build();
    byte[] expected = hkdf(K1, KeyPurpose.TOTP_SECRET);
    assertThat(derive(ring, "k", KeyPurpose.TOTP_SECRET)).isEqualTo(expected);
  }

  private static byte[] derive(KeyRing ring, String id, String info) {
    return Subkeys.derive(ring, id, info);
  }

  /** HKDF-SHA256 with an all-zero salt (what "no salt" means), one output block. */
  private static byte[] hkdf(byte[] ikm, String info) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
