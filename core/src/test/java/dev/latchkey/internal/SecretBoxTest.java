package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.DecryptionException;
import dev.latchkey.common.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final KeyRing K1_ONLY = KeyRing.generate(RANDOM, "k1");
  private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ALICE = "alice".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BOB = "bob".getBytes(StandardCharsets.UTF_8);

  private static SecretBox box(KeyRing ring) {
    return KeyRingAccess.of(ring).secretBox(KeyPurpose.TOTP_SECRET, RANDOM);
  }

  @Test
  void sealThenOpenRoundTripsInTheVersionedFormat() {
    SecretBox box = box(K1_ONLY);
    String sealed = box.seal(SECRET, ALICE);
    assertThat(sealed).matches("v1\\.k1\\.[A-Za-z0-9_-]+");
    // 12-byte nonce + 20-byte ciphertext + 16-byte tag = 48 bytes = 64 base64url characters
    assertThat(sealed.substring("v1.k1.".length())).hasSize(64);
    assertThat(box.open(sealed, ALICE)).isEqualTo(SECRET);
    assertThat(sealed).doesNotContain(new String(SECRET, StandardCharsets.US_ASCII));
  }

  @Test
  void everySealUsesAFreshNonce() {
    SecretBox box = box(K1_ONLY);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      assertThat(seen.add(box.seal(SECRET, ALICE))).isTrue();
    }
  }

  @Test
  void aSecretSealedUnderK1OpensAfterRotatingToPrimaryK2() {
    String sealedUnderK1 = box(K1_ONLY).seal(SECRET, ALICE);
    KeyRing rotated = KeyRing.parse(KeyRing.generate(RANDOM, "k2").serialize() + ","
        + K1_ONLY.serialize());
    SecretBox box = box(rotated);
    assertThat(box.primaryKeyId()).isEqualTo("k2");
    assertThat(box.open(sealedUnderK1, ALICE)).isEqualTo(SECRET);
    assertThat(box.needsReencrypt(sealedUnderK1)).isTrue();
    String resealed = box.reencrypt(sealedUnderK1, ALICE);
    assertThat(resealed).startsWith("v1.k2.");
    assertThat(box.needsReencrypt(resealed)).isFalse();
    assertThat(box.open(resealed, ALICE)).isEqualTo(SECRET);
    // Once k1 is retired, only the re-encrypted value opens.
    SecretBox k2Only = box(KeyRing.parse(rotated.serialize().split(",")[0]));
    assertThat(k2Only.open(resealed, ALICE)).isEqualTo(SECRET);
    assertThatThrownBy(() -> k2Only.open(sealedUnderK1, ALICE))
        .isInstanceOf(DecryptionException.class).hasMessageContaining("key id 'k1' is not in");
  }

  @Test
  void aCiphertextCopiedToAnotherAccountFailsToOpen() {
    SecretBox box = box(K1_ONLY);
    String alices = box.seal(SECRET, ALICE);
    assertThatThrownBy(() -> box.open(alices, BOB)).isInstanceOf(DecryptionException.class)
        .hasMessageContaining("authentication failed");
  }

  @Test
  void anyTamperingFailsToOpen() {
    SecretBox box = box(K1_ONLY);
    String sealed = box.seal(SECRET, ALICE);
    byte[] payload = Base64.getUrlDecoder().decode(sealed.substring(6));
    for (int i = 0; i < payload.length; i++) {
      byte[] t = payload.clone();
      t[i] ^= 0x01;
      String tampered = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      assertThatThrownBy(() -> box.open(tampered, ALICE)).isInstanceOf(DecryptionException.class);
    }
  }

  @Test
  void relabellingTheKeyIdFailsEvenWhenBothKeysAreInTheRing() {
    KeyRing ring = KeyRing.parse(KeyRing.generate(RANDOM, "k2").serialize() + ","
        + K1_ONLY.serialize());
    SecretBox box = box(ring);
    String sealed = box.seal(SECRET, ALICE);
    assertThatThrownBy(() -> box.open(sealed.replace("v1.k2.", "v1.k1."), ALICE))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void anotherPurposeCannotOpenIt() {
    String sealed = box(K1_ONLY).seal(SECRET, ALICE);
    SecretBox other =
        KeyRingAccess.of(K1_ONLY).secretBox(KeyPurpose.BACKUP_CODE_MAC, RANDOM);
    assertThatThrownBy(() -> other.open(sealed, ALICE)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void malformedValuesAreDecryptionExceptionsWithoutTheirContent() {
    SecretBox box = box(K1_ONLY);
    String valid = box.seal(SECRET, ALICE);
    for (String bad : new String[] {null, "", "v1", "v1.k1", "v2.k1.AAAA", "v1..AAAA",
        "v1.k1.AAAA", "v1.k1." + valid.substring(6) + ".x", "v1.k 1." + valid.substring(6),
        "v1.k1.!!!!" + valid.substring(10), "v1.k1." + "A".repeat(5000), "v1.much-too-long-id-x.AAAA"}) {
      assertThatThrownBy(() -> box.open(bad, ALICE)).isInstanceOf(DecryptionException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AAAA"));
    }
    assertThatThrownBy(() -> box.needsReencrypt("garbage"))
        .isInstanceOf(DecryptionException.class);
  }
}
