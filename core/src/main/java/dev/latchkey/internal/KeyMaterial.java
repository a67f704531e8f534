package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/*
 * Design note. The public KeyRing (dev.latchkey.common) holds one of these and nothing in an exported
 * package ever hands out master keys or subkeys: services reach the keys only as a purpose-bound
 * SecretBox or KeyedHasher, through KeyRingAccess.
 *
 * The dependency points one way, common -> internal: KeyRing wraps this class. So nothing in this
 * package may name a type of dev.latchkey.common (that would be a package cycle). Two consequences:
 *  - the exception a failed decryption throws (the public DecryptionException) comes in as a
 *    factory from the ring that made this material;
 *  - KeyRingAccess reads a ring typed as Object.
 */

/**
 * The master keys of one key ring, and the only code that turns them into purpose-bound primitives.
 * Not API.
 *
 * <p>A master key is never used directly: each purpose ({@link KeyPurpose}) gets a 256-bit subkey
 * derived with HKDF-SHA256 (no salt, the purpose as info), so one key never serves two algorithms.
 * Subkeys stay inside this package, held by the {@link SecretBox} or {@link KeyedHasher} made for
 * that purpose.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows key ids only.
 */
public final class KeyMaterial {
  /** Master keys and subkeys are this long: 32 bytes (AES-256, HMAC-SHA-256). */
  static final int KEY_BYTES = 32;

  /** Makes the exception a failed decryption throws. */
  @FunctionalInterface
  public interface DecryptionFailure {
    /**
     * The exception for a value that cannot be decrypted.
     *
     * @param message names the key id and the kind of failure, never key material or plaintext
     * @param cause the underlying failure, or {@code null}
     */
    RuntimeException create(String message, Throwable cause);
  }

  /** Key id to master key, primary first. Never leaves this package. */
  private final Map<String, byte[]> keys;
  private final String primaryKeyId;
  private final List<String> keyIds;
  private final DecryptionFailure decryptionFailure;

  private KeyMaterial(Map<String, byte[]> keys, DecryptionFailure decryptionFailure) {
    this.keys = keys;
    this.keyIds = List.copyOf(keys.keySet());
    this.primaryKeyId = keyIds.get(0);
    this.decryptionFailure = decryptionFailure;
  }

  /**
   * Holds copies of already validated master keys.
   *
   * @param keysPrimaryFirst key id to 32-byte master key, in ring order, the primary first
   * @param decryptionFailure what {@link SecretBox#open} throws
   * @throws IllegalArgumentException when there is no key or a key is not 32 bytes
   */
  public static KeyMaterial of(Map<String, byte[]> keysPrimaryFirst,
      DecryptionFailure decryptionFailure) {
    Objects.requireNonNull(keysPrimaryFirst, "keysPrimaryFirst");
    Objects.requireNonNull(decryptionFailure, "decryptionFailure");
    if (keysPrimaryFirst.isEmpty()) {
      throw new IllegalArgumentException("Key material needs at least one key");
    }
    Map<String, byte[]> copy = new LinkedHashMap<>();
    keysPrimaryFirst.forEach((id, key) -> {
      Objects.requireNonNull(id, "key id");
      if (key == null || key.length != KEY_BYTES) {
        throw new IllegalArgumentException("Key '" + id + "' is not " + KEY_BYTES + " bytes");
      }
      copy.put(id, key.clone());
    });
    return new KeyMaterial(copy, decryptionFailure);
  }

  /** The id of the key new ciphertexts and hashes are made with. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** Every key id, primary first. */
  public List<String> keyIds() {
    return keyIds;
  }

  /** Authenticated encryption for one purpose; the subkeys of every ring key are derived now. */
  public SecretBox secretBox(String purpose, SecureRandom random) {
    return SecretBox.create(this, purpose, random);
  }

  /** HMAC-SHA-256 for one purpose; the subkeys of every ring key are derived now. */
  public KeyedHasher keyedHasher(String purpose) {
    return KeyedHasher.create(this, purpose);
  }

  /**
   * HKDF-SHA256(master key {@code keyId}, no salt, {@code info}) → 32 bytes, a fresh array the
   * caller owns. Package-private: subkeys never leave this package.
   *
   * @throws IllegalArgumentException when there is no key with that id
   */
  byte[] subkey(String keyId, String info) {
    Objects.requireNonNull(info, "info");
    byte[] master = keys.get(keyId);
    if (master == null) {
      throw new IllegalArgumentException("No key with id '" + keyId + "' in " + this);
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(master, null, info.getBytes(StandardCharsets.UTF_8)));
    byte[] out = new byte[KEY_BYTES];
    hkdf.generateBytes(out, 0, out.length);
    return out;
  }

  /** The exception for a value that cannot be decrypted; {@code cause} may be {@code null}. */
  RuntimeException decryptionFailure(String message, Throwable cause) {
    return decryptionFailure.create(message, cause);
  }

  /** Key ids only; never key material. */
  @Override
  public String toString() {
    return "KeyMaterial[primary=" + primaryKeyId + ", keys=" + keyIds + "]";
  }
}
