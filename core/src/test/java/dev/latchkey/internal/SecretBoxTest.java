package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.DecryptionException;
import dev.latchkey.common.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.lang.reflect.Field;
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
  @Test
  void paddedOrUnpaddedBase64OpensAsTheJdkDecoderWouldAndNothingElseDoes() {
    SecretBox box = box(K1_ONLY);
    // 21 bytes: a 49-byte payload, 66 characters unpadded, so "==" is valid padding.
    byte[] secret = "123456789012345678901".getBytes(StandardCharsets.US_ASCII);
    String sealed = box.seal(secret, ALICE);
    assertThat(sealed.length() - 6).isEqualTo(66);
    assertThat(box.open(sealed, ALICE)).isEqualTo(secret);
    assertThat(box.open(sealed + "==", ALICE)).isEqualTo(secret);
    for (String bad : new String[] {sealed + "=", sealed + "A", sealed + "AAA=",
        sealed.substring(0, 20) + "\u00e9" + sealed.substring(21),
        sealed.substring(0, 20) + "\u0141" + sealed.substring(21),
        sealed.substring(0, 20) + "+" + sealed.substring(21),
        sealed.substring(0, 20) + "=" + sealed.substring(21)}) {
      assertThatThrownBy(() -> box.open(bad, ALICE)).isInstanceOf(DecryptionException.class);
    }
  }

  @Test
  void everyLengthOfTheLastBase64UnitDecodes() {
    SecretBox box = box(K1_ONLY);
    for (int n = 1; n <= 40; n++) {
      byte[] secret = new byte[n];
      RANDOM.nextBytes(secret);
      String sealed = box.seal(secret, ALICE);
      assertThat(box.open(sealed, ALICE)).isEqualTo(secret);
      // A character outside the alphabet in the last unit, whatever its length.
      String broken = sealed.substring(0, sealed.length() - 1) + "*";
      assertThatThrownBy(() -> box.open(broken, ALICE)).isInstanceOf(DecryptionException.class);
    }
  }

  @Test
  void theThreadsBuffersHoldNothingAfterOpeningOrFailing() throws Exception {
    SecretBox box = box(K1_ONLY);
    String sealed = box.seal(SECRET, ALICE);
    assertThat(box.open(sealed, ALICE)).isEqualTo(SECRET);
    assertThat(threadPayloadBuffer()).containsOnly(0);
    assertThatThrownBy(() -> box.open(sealed, BOB)).isInstanceOf(DecryptionException.class);
    assertThat(threadPayloadBuffer()).containsOnly(0);
    assertThatThrownBy(() -> box.open("v1.k9." + sealed.substring(6), ALICE))
        .isInstanceOf(DecryptionException.class).hasMessageContaining("key id 'k9' is not in");
    assertThat(threadPayloadBuffer()).containsOnly(0);
    assertThatThrownBy(() -> box.open(sealed.substring(0, 30), ALICE))
        .isInstanceOf(DecryptionException.class);
    assertThat(threadPayloadBuffer()).containsOnly(0);
    assertThat(box.needsReencrypt(sealed)).isFalse();
    assertThat(threadPayloadBuffer()).containsOnly(0);
  }

  @Test
  void theThreadsCipherServesEveryKeyAndRecoversFromAFailure() {
    // Key ids that are prefixes of each other: the in-place lookup compares whole ids.
    KeyRing ring = KeyRing.parse(KeyRing.generate(RANDOM, "k10").serialize() + ","
        + K1_ONLY.serialize());
    SecretBox both = box(ring);
    SecretBox k1 = box(K1_ONLY);
    String underK1 = k1.seal(SECRET, ALICE);
    String underK10 = both.seal(SECRET, BOB);
    assertThat(underK10).startsWith("v1.k10.");
    for (int i = 0; i < 3; i++) {
      assertThat(both.open(underK1, ALICE)).isEqualTo(SECRET);
      assertThat(both.open(underK10, BOB)).isEqualTo(SECRET);
      assertThat(k1.open(underK1, ALICE)).isEqualTo(SECRET);
      assertThatThrownBy(() -> k1.open(underK10, BOB)).isInstanceOf(DecryptionException.class)
          .hasMessageContaining("key id 'k10' is not in");
      assertThatThrownBy(() -> both.open(underK10.replace("v1.k10.", "v1.k1."), BOB))
          .isInstanceOf(DecryptionException.class).hasMessageContaining("authentication failed");
      assertThatThrownBy(() -> both.open("v1.k." + underK1.substring(6), ALICE))
          .isInstanceOf(DecryptionException.class).hasMessageContaining("key id 'k' is not in");
      // The same key under another purpose: same id, another subkey.
      assertThatThrownBy(() -> KeyRingAccess.of(K1_ONLY).secretBox(KeyPurpose.BACKUP_CODE_MAC,
          RANDOM).open(underK1, ALICE)).isInstanceOf(DecryptionException.class);
    }
  }

  /** This thread's decoding buffer, read through the private per-thread scratch. */
  private static byte[] threadPayloadBuffer() throws Exception {
    Field scratchField = SecretBox.class.getDeclaredField("SCRATCH");
    scratchField.setAccessible(true);
    Object scratch = ((ThreadLocal<?>) scratchField.get(null)).get();
    Field payload = scratch.getClass().getDeclaredField("payload");
    payload.setAccessible(true);
    return (byte[]) payload.get(scratch);
  }
}
