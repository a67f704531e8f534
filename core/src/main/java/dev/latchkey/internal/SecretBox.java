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
 * <p>Thread-safe: keys are derived once; each thread has its own {@link Cipher} and buffer.
 */
public final class SecretBox {
  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int TAG_BYTES = TAG_BITS / 8;
  /** Nothing we seal is anywhere near this; a longer string is not ours. */
  private static final int MAX_SEALED_LENGTH = 4096;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  /** Base64url character to its 6-bit value, -1 for any other character. */
  private static final byte[] B64URL_VALUE = new byte[128];

  static {
    Arrays.fill(B64URL_VALUE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      B64URL_VALUE[alphabet.charAt(i)] = (byte) i;
    }
  }

  /**
   * One AES-GCM cipher per thread: {@code Cipher.getInstance} walks the providers and verifies the
   * provider jar on every call, which cost more than the decryption itself (the TOTP hot path opens
   * a secret per code check). Every use starts with {@code init} (a fresh nonce when sealing, the
   * stored one when opening) and ends with {@code doFinal}, and a thread uses it for one call at a
   * time, so reuse is safe; GCM's refusal to encrypt twice under one key and nonce is unaffected.
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> {
    try {
      return new Scratch(Cipher.getInstance(TRANSFORMATION));
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory on every Java SE platform.
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  });

  /**
   * What one call needs, per thread: the cipher and a buffer the stored value's payload (nonce,
   * ciphertext and tag, never plaintext) is decoded into, so opening allocates no copy of it. The
   * buffer is zeroed after each use all the same.
   */
  private static final class Scratch {
    final Cipher cipher;
    byte[] payload = new byte[64];
    /** The associated data (header, then the caller's), not secret: an account id, a key id. */
    byte[] aad = new byte[64];

    Scratch(Cipher cipher) {
      this.cipher = cipher;
    }

    /** The buffer, at least {@code n} bytes long. */
    byte[] payload(int n) {
      if (payload.length < n) {
        payload = new byte[n];
      }
      return payload;
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Map<String, SecretKey> keys;
  /** The associated-data header {@code v1.{keyId}.} of each ring key, made once. */
  private final Map<String, byte[]> headers;
  /**
   * The ring's key ids, keys and headers as parallel arrays, so opening finds the key a value
   * names by comparing in place, without cutting the id out of the value (a ring holds a few keys).
   */
  private final String[] idArray;
  private final SecretKey[] keyArray;
  private final byte[][] headerArray;
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
    this.idArray = keys.keySet().toArray(new String[0]);
    this.keyArray = new SecretKey[idArray.length];
    this.headerArray = new byte[idArray.length][];
    for (int i = 0; i < idArray.length; i++) {
      keyArray[i] = keys.get(idArray[i]);
      headerArray[i] = h.get(idArray[i]);
    }
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
      Cipher cipher = SCRATCH.get().cipher;
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
    Scratch sc = SCRATCH.get();
    int length = parse(sealed, sc);
    byte[] payload = sc.payload;
    try {
      int k = keyIndex(sealed);
      if (k < 0) {
        throw material.decryptionFailure("Cannot decrypt " + purpose + ": key id '"
            + keyId(sealed) + "' is not in the key ring", null);
      }
      Cipher cipher = sc.cipher;
      cipher.init(Cipher.DECRYPT_MODE, keyArray[k],
          new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
      // The header and the caller's data as one AAD update from a per-thread buffer: GCM
      // authenticates their concatenation either way, and the JDK's GCM copies every update into
      // a stream of its own, so one update is one copy fewer (two updates were 8 % of a TOTP check).
      byte[] header = headerArray[k];
      int aadLength = header.length + associatedData.length;
      if (sc.aad.length < aadLength) {
        sc.aad = new byte[aadLength];
      }
      System.arraycopy(header, 0, sc.aad, 0, header.length);
      System.arraycopy(associatedData, 0, sc.aad, header.length, associatedData.length);
      cipher.updateAAD(sc.aad, 0, aadLength);
      return cipher.doFinal(payload, NONCE_BYTES, length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw material.decryptionFailure("Cannot decrypt " + purpose + " sealed under key '"
          + keyId(sealed) + "': authentication failed (tampered, or bound to another owner)", null);
    } catch (GeneralSecurityException e) {
      throw material.decryptionFailure("Cannot decrypt " + purpose + " sealed under key '"
          + keyId(sealed) + "'", e);
    } finally {
      Arrays.fill(payload, 0, length, (byte) 0);
    }
  }

  /**
   * Whether the value was sealed under a key other than the primary.
   *
   * @throws RuntimeException the ring's decryption failure when the value is malformed
   */
  public boolean needsReencrypt(String sealed) {
    Scratch sc = SCRATCH.get();
    Arrays.fill(sc.payload, 0, parse(sealed, sc), (byte) 0);
    return !keyId(sealed).equals(primaryKeyId);
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

  /**
   * Checks that {@code sealed} is {@code v1.{keyId}.{base64url payload}} with a well-formed key id
   * (in the ring or not) and a payload long enough for a nonce and a tag, and decodes the payload
   * into {@code sc}'s buffer, allocating nothing for a value Latchkey wrote.
   *
   * @return the payload's length in bytes
   */
  private int parse(String sealed, Scratch sc) {
    if (sealed == null || sealed.length() > MAX_SEALED_LENGTH) {
      throw malformed();
    }
    int first = sealed.indexOf('.');
    int second = first < 0 ? -1 : sealed.indexOf('.', first + 1);
    if (second < 0 || sealed.indexOf('.', second + 1) >= 0
        || first != VERSION.length() || !sealed.startsWith(VERSION)
        || !isKeyId(sealed, first + 1, second)) {
      throw malformed();
    }
    int length = decode(sealed, second + 1, sc);
    if (length < NONCE_BYTES + TAG_BYTES) {
      Arrays.fill(sc.payload, 0, Math.max(length, 0), (byte) 0);
      throw malformed();
    }
    return length;
  }

  /**
   * Base64url-decodes {@code s} from {@code from} into {@code sc}'s buffer. Unpadded text of
   * the alphabet (all Latchkey writes) is decoded here, exactly as {@link Base64.Decoder} would;
   * anything else (padding, other characters) goes to that decoder, so what is accepted is
   * unchanged.
   *
   * @return the number of bytes, or -1 when the text is not base64url
   */
  private static int decode(String s, int from, Scratch sc) {
    int end = s.length();
    int rest = (end - from) % 4;
    if (rest == 1) {
      return -1; // a last unit of one character holds less than a byte
    }
    byte[] out = sc.payload((end - from) / 4 * 3 + (rest == 0 ? 0 : rest - 1));
    int o = 0;
    int i = from;
    // Four characters to three bytes at a time; a character outside the alphabet is -1, which
    // makes the whole unit negative.
    for (; i + 4 <= end; i += 4) {
      int unit = value(s.charAt(i)) << 18 | value(s.charAt(i + 1)) << 12
          | value(s.charAt(i + 2)) << 6 | value(s.charAt(i + 3));
      if (unit < 0) {
        Arrays.fill(out, 0, o, (byte) 0);
        return decodeOther(s.substring(from), sc);
      }
      out[o] = (byte) (unit >> 16);
      out[o + 1] = (byte) (unit >> 8);
      out[o + 2] = (byte) unit;
      o += 3;
    }
    if (rest > 0) {
      // Two or three characters: one or two bytes; the bits left over are ignored, as the JDK does.
      int unit = value(s.charAt(i)) << 18 | value(s.charAt(i + 1)) << 12
          | (rest == 3 ? value(s.charAt(i + 2)) << 6 : 0);
      if (unit < 0) {
        Arrays.fill(out, 0, o, (byte) 0);
        return decodeOther(s.substring(from), sc);
      }
      out[o++] = (byte) (unit >> 16);
      if (rest == 3) {
        out[o++] = (byte) (unit >> 8);
      }
    }
    return o;
  }

  /** The 6-bit value of a base64url character, or -1. */
  private static int value(char c) {
    return c < 128 ? B64URL_VALUE[c] : -1;
  }

  /** The JDK decoder's verdict on text the fast path does not take (padding, other characters). */
  private static int decodeOther(String text, Scratch sc) {
    byte[] decoded;
    try {
      decoded = B64D.decode(text);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    byte[] out = sc.payload(decoded.length);
    System.arraycopy(decoded, 0, out, 0, decoded.length);
    return decoded.length;
  }

  /** The index of the ring key {@code sealed} (already parsed) names, or -1 when none. */
  private int keyIndex(String sealed) {
    int start = VERSION.length() + 1;
    int length = sealed.indexOf('.', start) - start;
    for (int i = 0; i < idArray.length; i++) {
      String id = idArray[i];
      if (id.length() == length && sealed.regionMatches(start, id, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  /** The key id of {@code sealed} (already parsed), for messages and {@link #needsReencrypt}. */
  private static String keyId(String sealed) {
    int start = VERSION.length() + 1;
    return sealed.substring(start, sealed.indexOf('.', start));
  }

  private RuntimeException malformed() {
    return material.decryptionFailure(
        "Cannot decrypt " + purpose + ": not a v1.{keyId}.{payload} value Latchkey wrote", null);
  }

  /** {@code [A-Za-z0-9_-]{1,16}}, by hand: a regex matcher per decryption was measurable. */
  private static boolean isKeyId(String s, int from, int to) {
    if (to == from || to - from > 16) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
