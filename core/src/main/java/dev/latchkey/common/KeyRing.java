package dev.latchkey.common;

import dev.latchkey.internal.KeyMaterial;
import dev.latchkey.internal.KeyRingAccess;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The master keys that protect stored secrets: AES-256 keys, each with a short id, one of them
 * primary.
 *
 * <p>New ciphertexts and keyed hashes are made with the primary key; older ones name the key they
 * were made with, so they keep working while that key is still in the ring. To rotate, put a new key
 * first and keep the old one after it ({@code k2:NEW,k1:OLD}); re-encrypt at leisure
 * ({@code TotpEnroller.reencrypt}); remove the old key once nothing needs it.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A master key is never used directly. Each purpose (TOTP secret encryption, backup-code MAC)
 *       gets its own 256-bit subkey derived with HKDF-SHA256 and a distinct info string, so one key
 *       never serves two algorithms.
 *   <li>Key material is copied in and never handed out, except by the explicit {@link #serialize()}
 *       meant for writing a key file. {@link #toString()} shows only key ids, and no exception message
 *       ever contains key material.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyRing {
  /** Every master key is exactly this long: 32 bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  static {
    // The services that protect stored secrets reach the keys through dev.latchkey.internal (not
    // exported), only as purpose-bound primitives; no public method here hands out key material
    // other than serialize().
    KeyRingAccess.install(KeyRing::materialOf);
  }

  /** Key id to key, primary first; read only by serialize(). */
  private final Map<String, byte[]> keys;
  private final String primaryKeyId;
  /** The same keys, as the crypto code uses them: subkeys per purpose, never handed out. */
  private final KeyMaterial material;

  private KeyRing(Map<String, byte[]> keys, String primaryKeyId) {
    this.keys = keys;
    this.primaryKeyId = primaryKeyId;
    this.material = KeyMaterial.of(keys, (message, cause) -> cause == null
        ? new DecryptionException(message)
        : new DecryptionException(message, cause));
  }

  /** A builder for a ring assembled in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses the {@code id:base64key,id:base64key} form (the {@code LATCHKEY_KEYS} environment variable);
   * the first entry is the primary key. Ids match {@code [A-Za-z0-9_-]{1,16}}; each key is standard
   * Base64 (padding optional) of exactly 32 bytes. Whitespace around entries is ignored.
   *
   * @throws IllegalArgumentException naming the entry at fault, never its key material
   */
  public static KeyRing parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "Key ring specification is empty; expected id:base64key[,id:base64key…]");
    }
    Builder b = builder();
    String[] entries = spec.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      int position = i + 1;
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("Key ring entry " + position + " is empty");
      }
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "Key ring entry " + position + " has no key id; expected id:base64key");
      }
      String id = entry.substring(0, colon).strip();
      requireValidId(id, "Key ring entry " + position);
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        // Deliberately not chained: the decoder's message may quote the offending characters.
        throw new IllegalArgumentException("Key '" + id + "' is not valid Base64");
      }
      b.add(id, key);
      if (i == 0) {
        b.primary(id);
      }
    }
    return b.build();
  }

  /** A ring holding one fresh random key, which is primary (for a first run). */
  public static KeyRing generate(SecureRandom random, String id) {
    Objects.requireNonNull(random, "random");
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return builder().add(id, key).primary(id).build();
  }

  /**
   * The ring in the form {@link #parse(String)} reads, primary first.
   *
   * <p><b>Contains the key material.</b> Write it only to a protected key file or secret store;
   * never log it.
   */
  public String serialize() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, byte[]> e : keys.entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.getKey()).append(':').append(Base64.getEncoder().encodeToString(e.getValue()));
    }
    return out.toString();
  }

  /** The id of the key new ciphertexts and hashes are made with. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** Every key id, primary first, then in the order they were added. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /** Whether the ring holds a key with this id. */
  public boolean contains(String keyId) {
    return keyId != null && keys.containsKey(keyId);
  }

  /** Key ids only; never key material. */
  @Override
  public String toString() {
    return "KeyRing[primary=" + primaryKeyId + ", keys=" + keys.keySet() + "]";
  }

  /** Only reachable through KeyRingAccess. */
  private static KeyMaterial materialOf(Object ring) {
    if (!(ring instanceof KeyRing)) {
      throw new IllegalArgumentException(
          "Not a KeyRing: " + (ring == null ? "null" : ring.getClass().getName()));
    }
    return ((KeyRing) ring).material;
  }

  private static void requireValidId(String id, String where) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(where + " has an invalid key id"
          + (id == null ? "" : " of length " + id.length())
          + "; ids must match [A-Za-z0-9_-]{1,16}");
    }
  }

  /** Collects keys; {@link #build()} checks there is at least one and that the primary exists. */
  public static final class Builder {
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private String primary;

    private Builder() {}

    /**
     * Adds a master key (copied).
     *
     * @param id {@code [A-Za-z0-9_-]{1,16}}, unique in the ring
     * @param key exactly 32 bytes
     * @throws IllegalArgumentException for a bad or duplicate id or a key of the wrong length
     */
    public Builder add(String id, byte[] key) {
      requireValidId(id, "Key");
      Objects.requireNonNull(key, "key");
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException("Invalid key size " + key.length + " bytes for key '" + id
            + "'; only " + KEY_BYTES + "-byte (AES-256) keys are supported");
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException("Duplicate key id '" + id + "'");
      }
      keys.put(id, key.clone());
      return this;
    }

    /** Names the primary key. Optional when the ring holds exactly one key. */
    public Builder primary(String id) {
      this.primary = Objects.requireNonNull(id, "primary");
      return this;
    }

    /**
     * Builds the ring.
     *
     * @throws IllegalArgumentException when there is no key, or the primary is missing or unknown
     */
    public KeyRing build() {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("A key ring needs at least one key");
      }
      String p = primary;
      if (p == null) {
        if (keys.size() > 1) {
          throw new IllegalArgumentException(
              "No primary key; call primary(id) with one of " + keys.keySet());
        }
        p = keys.keySet().iterator().next();
      }
      if (!keys.containsKey(p)) {
        throw new IllegalArgumentException(
            "Primary key id '" + p + "' is not in the ring; ids are " + keys.keySet());
      }
      Map<String, byte[]> ordered = new LinkedHashMap<>();
      ordered.put(p, keys.get(p).clone());
      List<String> rest = new ArrayList<>(keys.keySet());
      rest.remove(p);
      for (String id : rest) {
        ordered.put(id, keys.get(id).clone());
      }
      return new KeyRing(ordered, p);
    }
  }
}
