package dev.latchkey.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/*
 * Design note. A sealed value is the text  v1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}
 *
 *  - self-describing: the key id says which ring key opens it, so rotation needs no extra column;
 *  - AES-256-GCM with a 12-byte random nonce and a 128-bit tag. Random nonces are safe here: a key
 *    seals one value per enrolment, far below the 2^32 messages at which nonce collisions matter;
 *  - the associated data is  "v1.{keyId}." ‖ caller AD. The header binds version and key id (no
 *    downgrade or relabelling); the caller AD binds the value to its owner (the account id), so a
 *    ciphertext copied onto another account's row fails to open.
 * A '.' cannot occur in a key id, so the header is unambiguous.
 */

/**
 * Authenticated encryption of small secrets under the keys of a ring ({@link KeyMaterial}), one
 * purpose per instance. Not API.
 *
 * <p>Thread-safe: keys are derived once; a {@link Cipher} is created per call.
 */
public final class SecretBox {
  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int TAG_BYTES = TAG_BITS / 8;
  /** Nothing we seal is anywhere near this; a longer string is not ours. */
  private static final int MAX_SEALED_LENGTH = 4096;

  /**
   * One AES-GCM cipher per thread: {@code Cipher.getInstance} walks the providers and verifies the
   * provider jar on every call, which cost more than the decryption itself (the TOTP hot path opens
   * a secret per code check). Every use starts with {@code init} (a fresh nonce when sealing, the
   * stored one when opening) and ends with {@code doFinal}, and a thread uses it for one call at a
   * time, so reuse is safe; GCM's refusal to encrypt twice under one key and nonce is unaffected.
   */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory on every Java SE platform.
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  });

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Map<String, SecretKey> keys;
  /** The associated-data header {@code v1.{keyId}.} of each ring key, made once. */
  private final Map<String, byte[]> headers;
  private final String primaryKeyId;
  private final String purpose;
  private final SecureRandom random;
  private final KeyMaterial material;

  private SecretBox(Map<String, SecretKey> keys, String primaryKeyId, String purpose,
      SecureRandom random, KeyMaterial material) {
    this.keys = keys;
    Map<String, byte[]> h = new LinkedHashMap<>();
    for (String id : keys.keySet()) {
      h.put(id, header(id));
    }
    this.headers = Map.copyOf(h);
    this.primaryKeyId = primaryKeyId;
    this.purpose = purpose;
    this.random = random;
    this.material = material;
  }

  /**
   * A box for one purpose ({@link KeyPurpose}); subkeys of every ring key are derived now. Made by
   * {@link KeyMaterial#secretBox}.
   */
  static SecretBox create(KeyMaterial material, String purpose, SecureRandom random) {
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(random, "random");
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String id : material.keyIds()) {
      byte[] subkey = material.subkey(id, purpose);
      keys.put(id, new SecretKeySpec(subkey, "AES")); // copies the bytes
      Arrays.fill(subkey, (byte) 0);
    }
    return new SecretBox(Map.copyOf(keys), material.primaryKeyId(), purpose, random, material);
  }

  /** Encrypts under the primary key, binding {@code associatedData}. */
  public String seal(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(primaryKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(headers.get(primaryKeyId));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return VERSION + "." + primaryKeyId + "." + B64.encodeToString(out);
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory on every Java SE platform; this is a broken JCE, not bad input.
      throw new IllegalStateException("AES-GCM encryption failed for " + purpose, e);
    }
  }

  /**
   * Decrypts with whichever ring key the value names.
   *
   * @throws RuntimeException the ring's decryption failure (the public {@code DecryptionException})
   *     when the value is malformed, names a key not in the ring, or fails authentication
   *     (tampered, or sealed with other associated data)
   */
  public byte[] open(String sealed, byte[] associatedData) {
    Objects.requireNonNull(associatedData, "associatedData");
    Parsed p = parse(sealed);
    SecretKey key = keys.get(p.keyId);
    if (key == null) {
      throw material.decryptionFailure("Cannot decrypt " + purpose + ": key id '" + p.keyId
          + "' is not in the key ring", null);
    }
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, p.payload, 0, NONCE_BYTES));
      // The header and the caller's data as two AAD updates: GCM authenticates their
      // concatenation, the same bytes as one array would be, without making that array.
      cipher.updateAAD(headers.get(p.keyId));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(p.payload, NONCE_BYTES, p.payload.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw material.decryptionFailure("Cannot decrypt " + purpose + " sealed under key '"
          + p.keyId + "': authentication failed (tampered, or bound to another owner)", null);
    } catch (GeneralSecurityException e) {
      throw material.decryptionFailure("Cannot decrypt " + purpose + " sealed under key '"
          + p.keyId + "'", e);
    }
  }

  /**
   * Whether the value was sealed under a key other than the primary.
   *
   * @throws RuntimeException the ring's decryption failure when the value is malformed
   */
  public boolean needsReencrypt(String sealed) {
    return !parse(sealed).keyId.equals(primaryKeyId);
  }

  /**
   * Opens with any ring key and seals again under the primary (with a fresh nonce).
   *
   * @throws RuntimeException the ring's decryption failure, as {@link #open}
   */
  public String reencrypt(String sealed, byte[] associatedData) {
    byte[] plaintext = open(sealed, associatedData);
    try {
      return seal(plaintext, associatedData);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The id of the key new values are sealed under. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** The start of the associated data: {@code v1.{keyId}.}, binding the value to its key. */
  private static byte[] header(String keyId) {
    return (VERSION + "." + keyId + ".").getBytes(StandardCharsets.US_ASCII);
  }

  private Parsed parse(String sealed) {
    if (sealed == null || sealed.length() > MAX_SEALED_LENGTH) {
      throw malformed();
    }
    int first = sealed.indexOf('.');
    int second = first < 0 ? -1 : sealed.indexOf('.', first + 1);
    if (second < 0 || sealed.indexOf('.', second + 1) >= 0
        || !VERSION.equals(sealed.substring(0, first))) {
      throw malformed();
    }
    String keyId = sealed.substring(first + 1, second);
    if (!isKeyId(keyId)) {
      throw malformed();
    }
    byte[] payload;
    try {
      payload = B64D.decode(sealed.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    if (payload.length < NONCE_BYTES + TAG_BYTES) {
      throw malformed();
    }
    return new Parsed(keyId, payload);
  }

  private RuntimeException malformed() {
    return material.decryptionFailure(
        "Cannot decrypt " + purpose + ": not a v1.{keyId}.{payload} value Latchkey wrote", null);
  }

  private static final class Parsed {
    final String keyId;
    final byte[] payload;

    Parsed(String keyId, byte[] payload) {
      this.keyId = keyId;
      this.payload = payload;
    }
  }

  /** {@code [A-Za-z0-9_-]{1,16}}, by hand: a regex matcher per decryption was measurable. */
  private static boolean isKeyId(String id) {
    if (id.isEmpty() || id.length() > 16) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
