package dev.latchkey.apikey;

import dev.latchkey.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/*
 * Design note. A key reads {prefix}_{environment}_{body}{checksum}, e.g.
 *
 *   lk_live_ccLNxYwesxABp9BL0Mmy6uc6jiSWFxLGF2FU4FtGdqz326nwX
 *   └┘ └──┘ └────── 43 random Base62, ≈256 bits ──────┘└────┘
 *   prefix environment                                 CRC32
 *
 * - The prefix names the product, the environment says which mode the key acts in, so a key pasted
 *   into the wrong place is recognisable at a glance and by secret scanners (the published REGEX).
 * - The body is 43 Base62 characters from the injected SecureRandom: 43 · log2(62) ≈ 256.03 bits,
 *   which meets DESIGN.md's "≥ 256-bit random value" (32 characters would be only ≈ 190.5 bits).
 * - The checksum is CRC32 over every character before it, as 6 fixed-width Base62 digits (62^6 >
 *   2^32). It is not a MAC and protects nothing: it lets the service reject typos and random junk
 *   without a database lookup, and lets scanners discard look-alikes (GitHub's token design). CRC32
 *   detects every single-byte change and every burst of up to 32 bits, so every single-character
 *   substitution and adjacent transposition in the body is caught; the checksum digits themselves
 *   are an injective encoding, so a change there is caught too.
 * - The display hint shows the last four characters, which are checksum digits. Because CRC32 is
 *   linear, they reveal about 24 bits about the body; the body keeps more than 230 unknown bits.
 */

/**
 * The API key format: {@code {prefix}_{environment}_{43 random Base62}{6 Base62 CRC32}}.
 *
 * <p>An instance is immutable and thread-safe. {@link #REGEX} matches keys in the default format
 * ({@code lk}, {@code live}/{@code test}); {@link #regex()} gives the expression for configured
 * names. Publish it so secret scanners can find leaked keys.
 */
public final class ApiKeyFormat {
  /** The default product prefix. */
  public static final String DEFAULT_PREFIX = "lk";
  /** The default environments; the first is the default for new keys. */
  public static final List<String> DEFAULT_ENVIRONMENTS = List.of("live", "test");
  /** Random Base62 characters per key: 43, i.e. ≈ 256.03 bits. */
  public static final int RANDOM_LENGTH = 43;
  /** Base62 characters of the CRC32 checksum at the end of a key. */
  public static final int CHECKSUM_LENGTH = 6;
  /** A regular expression matching exactly the keys of the default format. */
  public static final String REGEX = "lk_(?:live|test)_[0-9A-Za-z]{49}";

  /** What a prefix may look like: 2 to 8 lower-case letters. */
  public static final String PREFIX_SYNTAX = "[a-z]{2,8}";
  /** What an environment name may look like: a lower-case letter, then 1 to 11 letters or digits. */
  public static final String ENVIRONMENT_SYNTAX = "[a-z][a-z0-9]{1,11}";

  private static final Pattern PREFIX = Pattern.compile(PREFIX_SYNTAX);
  private static final Pattern ENVIRONMENT = Pattern.compile(ENVIRONMENT_SYNTAX);
  private static final int MAX_ENVIRONMENTS = 16;
  /** The longest key any format allows: prefix 8, environment 12, two separators, 49 digits. */
  private static final int MAX_KEY_LENGTH = 8 + 1 + 12 + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;

  private static final ThreadLocal<KeyBuffer> KEY_BUFFER = ThreadLocal.withInitial(KeyBuffer::new);
  private static final ApiKeyFormat DEFAULT = of(DEFAULT_PREFIX, DEFAULT_ENVIRONMENTS);

  private final String prefix;
  private final List<String> environments;
  /** The same names as an array: the per-request check walks it without an iterator. */
  private final String[] environmentArray;
  /**
   * Per environment, in the order of {@link #environmentArray}: the whole head of a key
   * ({@code lk_live_}) as ASCII bytes. The check finds the one the key's head names (its length is
   * where the body starts); the key's own bytes of it, equal to these, go into the CRC.
   */
  private final byte[][] heads;
  private final String regex;
  private final Pattern pattern;
  private final int maxLength;

  private ApiKeyFormat(String prefix, List<String> environments) {
    this.prefix = prefix;
    this.environments = environments;
    this.environmentArray = environments.toArray(new String[0]);
    this.heads = new byte[environmentArray.length][];
    for (int i = 0; i < environmentArray.length; i++) {
      heads[i] = (prefix + "_" + environmentArray[i] + "_").getBytes(StandardCharsets.US_ASCII);
    }
    this.regex = buildRegex(prefix, environments);
    this.pattern = Pattern.compile(regex);
    int longestEnv = 0;
    for (String e : environments) {
      longestEnv = Math.max(longestEnv, e.length());
    }
    this.maxLength = prefix.length() + 1 + longestEnv + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;
  }

  /** The default format: prefix {@code lk}, environments {@code live} and {@code test}. */
  public static ApiKeyFormat defaults() {
    return DEFAULT;
  }

  /**
   * A format with a product prefix and environment names.
   *
   * @param environments one or more distinct names; the first is the default for new keys
   * @throws IllegalArgumentException naming the value when a name breaks its syntax
   */
  public static ApiKeyFormat of(String prefix, Collection<String> environments) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(environments, "environments");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Invalid prefix '" + prefix + "'; must match " + PREFIX_SYNTAX);
    }
    if (environments.isEmpty() || environments.size() > MAX_ENVIRONMENTS) {
      throw new IllegalArgumentException("Invalid number of environments " + environments.size()
          + "; must be 1 to " + MAX_ENVIRONMENTS);
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String env : environments) {
      if (env == null || !ENVIRONMENT.matcher(env).matches()) {
        throw new IllegalArgumentException(
            "Invalid environment '" + env + "'; must match " + ENVIRONMENT_SYNTAX);
      }
      if (!distinct.add(env)) {
        throw new IllegalArgumentException("Duplicate environment '" + env + "'");
      }
    }
    return new ApiKeyFormat(prefix, List.copyOf(new ArrayList<>(distinct)));
  }

  /**
   * The regular expression matching keys with this prefix and these environments, e.g.
   * {@code lk_(?:live|test)_[0-9A-Za-z]{49}}. Names are validated as in {@link #of}.
   */
  public static String regex(String prefix, Collection<String> environments) {
    return of(prefix, environments).regex;
  }

  private static String buildRegex(String prefix, List<String> environments) {
    // Names are plain [a-z0-9] (checked in of()), so they need no quoting inside the alternation.
    return prefix + "_(?:" + String.join("|", environments) + ")_[0-9A-Za-z]{"
        + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}";
  }

  /** The product prefix, e.g. {@code lk}. */
  public String prefix() {
    return prefix;
  }

  /** The environment names, the default first. */
  public List<String> environments() {
    return environments;
  }

  /** The environment new keys get when their spec names none: the first one. */
  public String defaultEnvironment() {
    return environments.get(0);
  }

  /** The regular expression for this format (see {@link #regex(String, Collection)}). */
  public String regex() {
    return regex;
  }

  /** {@link #regex()} compiled, matching a whole key. */
  public Pattern pattern() {
    return pattern;
  }

  /**
   * Whether {@code key} has this format and a correct checksum. Does no lookup, so a {@code true}
   * says nothing about whether the key was ever issued; never throws.
   */
  public boolean isWellFormed(String key) {
    return check(key) == Check.OK;
  }

  @Override
  public String toString() {
    return "ApiKeyFormat[" + regex + "]";
  }

  // ---- engine (package-private) ----

  /** The result of a syntactic check, ordered from worst to fine. */
  enum Check {
    MALFORMED,
    BAD_CHECKSUM,
    OK
  }

  /** A new key in {@code environment} (which must be one of ours). */
  String generate(SecureRandom random, String environment) {
    String head = prefix + "_" + environment + "_" + Base62.random(random, RANDOM_LENGTH);
    return head + checksum(head, head.length());
  }

  /**
   * Checks shape, then checksum, touching each character once; never throws. Length is checked
   * first so a huge input costs nothing.
   */
  Check check(String key) {
    if (key == null) {
      return Check.MALFORMED;
    }
    KeyBuffer buffer = KeyBuffer.get();
    try {
      return check(key, 0, key.length(), buffer);
    } finally {
      buffer.clear();
    }
  }

  /**
   * {@link #check(String)} of {@code s.substring(from, to)}, without making the substring, leaving
   * the bytes of a key that passed in {@code buffer} (the caller clears it in a {@code finally},
   * after hashing them). The rejection path throws nothing, touches no store and allocates one
   * array (the string's bytes, zeroed before returning: a bulk copy is faster than reading the
   * characters one by one, 117 → 90 ns per rejection): the head compared with the format's names,
   * one pass of table lookups over the body, the CRC32 over those bytes, the checksum digits
   * compared as a number.
   */
  Check check(String s, int from, int to, KeyBuffer buffer) {
    int n = to - from;
    int bodyStart = to - RANDOM_LENGTH - CHECKSUM_LENGTH; // in s
    int p = prefix.length();
    if (n < p + 1 + 2 + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH || n > maxLength
        || !s.startsWith(prefix, from) || s.charAt(from + p) != '_'
        || s.charAt(bodyStart - 1) != '_') {
      return Check.MALFORMED;
    }
    byte[] head = head(s, from + p + 1, bodyStart - 1);
    if (head == null) {
      return Check.MALFORMED;
    }
    int h = head.length; // == bodyStart - from: the head matched character for character
    // One bulk encoding instead of a charAt per character (which was half of a rejection's time):
    // ISO-8859-1 copies a Latin-1 string's bytes as they are and writes '?' for any character
    // above 0xFF, which the table refuses like everything else outside Base62, so the check stays
    // exact. The whole string when it is about the key's size (a key, or "Bearer " and a key), so
    // no substring is made; only the key's own characters of anything longer. The copy holds the
    // key: it is zeroed before returning, on every path.
    boolean whole = s.length() <= 2 * maxLength;
    byte[] raw = (whole ? s : s.substring(from, to)).getBytes(StandardCharsets.ISO_8859_1);
    int base = whole ? from : 0;
    try {
      // The body and checksum: a table lookup per byte (the characters of a key are random, so a
      // branch per character class would mispredict about every other one), the OR of the values
      // tested once at the end. The head's bytes in raw are the format's own (matched above), so
      // the CRC runs over raw as it is, and only a key that passes is copied into the buffer.
      int invalid = 0;
      for (int j = base + h, end = base + n; j < end; j++) {
        invalid |= Base62.valueOrNegative(raw[j]); // negative for any non-digit, ASCII or not
      }
      if (invalid < 0) {
        return Check.MALFORMED;
      }
      int headLength = n - CHECKSUM_LENGTH;
      // Not secret (anyone can compute it), so a plain comparison is fine here. Base62.encodeFixed
      // is injective below 62^6, so equal numbers mean equal digits.
      long expected = Base62.decodeChecksum(raw, base + headLength);
      CRC32 crc = buffer.crc;
      crc.reset();
      crc.update(raw, base, headLength); // intrinsic, no allocation
      if (crc.getValue() != expected) {
        return Check.BAD_CHECKSUM;
      }
      buffer.length = n; // before writing: clear() then zeroes it
      System.arraycopy(raw, base, buffer.bytes, 0, n);
      return Check.OK;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The head bytes of the environment {@code s[from, to)} names, or {@code null} for none. */
  private byte[] head(String s, int from, int to) {
    String[] envs = environmentArray;
    for (int i = 0; i < envs.length; i++) {
      String env = envs[i];
      if (env.length() == to - from && s.startsWith(env, from)) {
        return heads[i];
      }
    }
    return null;
  }

  /** {@code lk_live_…a1B2}: enough to recognise a key in a list, useless to an attacker. */
  String hint(String key) {
    int envEnd = key.length() - RANDOM_LENGTH - CHECKSUM_LENGTH;
    return key.substring(0, envEnd) + "\u2026" + key.substring(key.length() - 4);
  }

  private static String checksum(String s, int length) {
    KeyBuffer buffer = KeyBuffer.get();
    try {
      byte[] buf = buffer.bytes;
      buffer.length = length;
      for (int i = 0; i < length; i++) {
        buf[i] = (byte) s.charAt(i); // generated: ASCII only
      }
      CRC32 crc = buffer.crc;
      crc.reset();
      crc.update(buf, 0, length);
      return Base62.encodeFixed(crc.getValue(), CHECKSUM_LENGTH);
    } finally {
      buffer.clear();
    }
  }

  /**
   * Per thread: the bytes of the key being checked (a copy of a secret, so {@link #clear()}ed in a
   * {@code finally} by whoever filled it), with the CRC32 the check runs over them and the SHA-256
   * that hashes them once they pass, so a key is read from its string once. The digest and its hex
   * are hashes, not secrets. A thread uses the buffer for one key at a time, and no code outside
   * this package runs between filling and clearing it.
   */
  static final class KeyBuffer {
    final byte[] bytes = new byte[MAX_KEY_LENGTH];
    final CRC32 crc = new CRC32();
    final MessageDigest sha256 = Hashing.newSha256();
    /** The SHA-256 of the last key hashed. */
    final byte[] digest = new byte[Hashing.SHA256_LENGTH];
    /** Room for the digest's hex, before the string copies it. */
    final byte[] hex = new byte[2 * Hashing.SHA256_LENGTH];
    /** How many leading bytes of {@link #bytes} hold key material: what {@link #clear()} zeroes. */
    int length;

    static KeyBuffer get() {
      return KEY_BUFFER.get();
    }

    /** SHA-256 of the key's bytes into {@link #digest}, which it returns. */
    byte[] sha256() {
      Hashing.sha256(sha256, bytes, length, digest);
      return digest;
    }

    /** Zeroes the key's bytes. */
    void clear() {
      Arrays.fill(bytes, 0, length, (byte) 0);
      length = 0;
    }
  }
}
