package dev.latchkey.apikey;

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

  private static final class CrcScratch {
    final CRC32 crc = new CRC32();
    final byte[] buffer = new byte[MAX_KEY_LENGTH];
  }

  private static final ThreadLocal<CrcScratch> CRC_SCRATCH =
      ThreadLocal.withInitial(CrcScratch::new);
  private static final ApiKeyFormat DEFAULT = of(DEFAULT_PREFIX, DEFAULT_ENVIRONMENTS);

  private final String prefix;
  private final List<String> environments;
  /** The same names as an array: the per-request check walks it without an iterator. */
  private final String[] environmentArray;
  private final String regex;
  private final Pattern pattern;
  private final int maxLength;

  private ApiKeyFormat(String prefix, List<String> environments) {
    this.prefix = prefix;
    this.environments = environments;
    this.environmentArray = environments.toArray(new String[0]);
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
   * Checks shape, then checksum, touching each character a bounded number of times; never throws.
   * Length is checked first so a huge input costs nothing.
   */
  Check check(String key) {
    return key == null ? Check.MALFORMED : check(key, 0, key.length());
  }

  /**
   * {@link #check(String)} of {@code s.substring(from, to)}, without making the substring: the
   * rejection path of a bad header allocates nothing and touches no store (one pass over the
   * characters that checks the alphabet and fills a per-thread buffer, the CRC32 over that buffer,
   * the checksum digits compared as a number).
   */
  Check check(String s, int from, int to) {
    int n = to - from;
    int bodyAndSum = RANDOM_LENGTH + CHECKSUM_LENGTH;
    if (n < prefix.length() + 1 + 2 + 1 + bodyAndSum || n > maxLength) {
      return Check.MALFORMED;
    }
    if (!s.startsWith(prefix, from) || s.charAt(from + prefix.length()) != '_') {
      return Check.MALFORMED;
    }
    int envStart = from + prefix.length() + 1;
    int envEnd = to - bodyAndSum - 1;
    if (s.charAt(envEnd) != '_' || !isEnvironment(s, envStart, envEnd)) {
      return Check.MALFORMED;
    }
    // One branch-free pass over the body and checksum: a table lookup per character, and the
    // bytes for the CRC written as it goes. The characters of a key are random, so a branch per
    // character class (0-9, A-Z, a-z) mispredicts about every other character; that, not the
    // CRC, was most of this path's cost (JFR, see benchmarks/README.md).
    CrcScratch scratch = CRC_SCRATCH.get();
    byte[] buf = scratch.buffer;
    int len = 0;
    for (int i = from; i <= envEnd; i++) {
      buf[len++] = (byte) s.charAt(i); // prefix, environment, separators: checked ASCII above
    }
    int invalid = 0;
    for (int i = envEnd + 1; i < to; i++) {
      char c = s.charAt(i);
      invalid |= Base62.valueOrNegative(c); // negative for any non-digit, ASCII or not
      buf[len++] = (byte) c;
    }
    if (invalid < 0) {
      Arrays.fill(buf, 0, len, (byte) 0);
      return Check.MALFORMED;
    }
    int headLength = len - CHECKSUM_LENGTH;
    // Not secret (anyone can compute it), so a plain comparison is fine here. Base62.encodeFixed
    // is injective below 62^6, so equal numbers mean equal digits.
    long expected = Base62.decode(buf, headLength, len);
    long actual = crc32(scratch, headLength);
    Arrays.fill(buf, 0, len, (byte) 0);
    return actual == expected ? Check.OK : Check.BAD_CHECKSUM;
  }

  private boolean isEnvironment(String s, int from, int to) {
    for (String env : environmentArray) {
      if (env.length() == to - from && s.startsWith(env, from)) {
        return true;
      }
    }
    return false;
  }

  /** {@code lk_live_…a1B2}: enough to recognise a key in a list, useless to an attacker. */
  String hint(String key) {
    int envEnd = key.length() - RANDOM_LENGTH - CHECKSUM_LENGTH;
    return key.substring(0, envEnd) + "\u2026" + key.substring(key.length() - 4);
  }

  private static String checksum(String s, int length) {
    CrcScratch scratch = CRC_SCRATCH.get();
    byte[] buf = scratch.buffer;
    for (int i = 0; i < length; i++) {
      buf[i] = (byte) s.charAt(i); // generated: ASCII only
    }
    long crc = crc32(scratch, length);
    Arrays.fill(buf, 0, length, (byte) 0);
    return Base62.encodeFixed(crc, CHECKSUM_LENGTH);
  }

  /**
   * CRC32 of the first {@code n} bytes of the per-thread buffer, which the caller filled with the
   * characters of a key (ASCII only, one byte each; never longer than {@link #MAX_KEY_LENGTH}) and
   * zeroes afterwards like every other copy of a secret. The intrinsic {@link CRC32} runs over it
   * without an allocation.
   */
  private static long crc32(CrcScratch scratch, int n) {
    CRC32 crc = scratch.crc;
    crc.reset();
    crc.update(scratch.buffer, 0, n);
    return crc.getValue();
  }
}
