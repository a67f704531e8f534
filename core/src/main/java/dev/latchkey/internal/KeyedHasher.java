package dev.latchkey.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one purpose's subkeys of a key ring ({@link KeyMaterial}). Not API.
 *
 * <p>Used for values that are random but short enough that a plain hash would be worth attacking
 * offline from a stolen database (backup codes): without the key, which lives outside the database,
 * the hashes are useless. Each stored hash sits beside the id of the key that made it, so rotation
 * only needs the old key kept until those values are replaced.
 *
 * <p>Thread-safe: a {@link Mac} is created per call.
 */
public final class KeyedHasher {
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, SecretKey> keys;
  private final String primaryKeyId;
  private final List<String> keyIds;

  private KeyedHasher(Map<String, SecretKey> keys, String primaryKeyId, List<String> keyIds) {
    this.keys = keys;
    this.primaryKeyId = primaryKeyId;
    this.keyIds = keyIds;
  }

  /**
   * A hasher for one purpose ({@link KeyPurpose}); subkeys of every ring key are derived now. Made
   * by {@link KeyMaterial#keyedHasher}.
   */
  static KeyedHasher create(KeyMaterial material, String purpose) {
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(purpose, "purpose");
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String id : material.keyIds()) {
      byte[] subkey = material.subkey(id, purpose);
      keys.put(id, new SecretKeySpec(subkey, "HmacSHA256")); // copies the bytes
      Arrays.fill(subkey, (byte) 0);
    }
    return new KeyedHasher(Map.copyOf(keys), material.primaryKeyId(), material.keyIds());
  }

  /** The key id new hashes are made with. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** Every key id, primary first. */
  public List<String> keyIds() {
    return keyIds;
  }

  /**
   * Lower-case hex HMAC-SHA-256 (64 characters) of {@code message} under key {@code keyId}.
   *
   * @throws IllegalArgumentException when the ring has no such key
   */
  public String hex(String keyId, byte[] message) {
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException("No key with id '" + keyId + "' in the key ring");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HEX.formatHex(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory on every Java SE platform.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
