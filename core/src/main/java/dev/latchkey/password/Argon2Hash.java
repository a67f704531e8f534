package dev.latchkey.password;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A parsed Argon2 PHC string, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}.
 *
 * <p>Parsing follows the reference implementation's decoder ({@code encoding.c}): the parameters
 * come in the order m, t, p; numbers are decimal without leading zeros and fit in 32 unsigned bits;
 * salt and tag are standard Base64 without padding and must be canonical (no stray low bits); a
 * missing {@code v=} means version 0x10; m must be at least 8 × p, the salt at least 8 bytes and
 * the tag at least 4 bytes. Anything else is malformed.
 *
 * <p>Parsing checks form only. Whether the parameters are affordable to verify is a separate
 * question ({@link #excessiveParameter()}), so that a hash with absurd cost is reported as such
 * rather than as garbage. Not a record: the salt and tag must not show up in a generated {@code
 * toString}.
 */
final class Argon2Hash {
  static final int VERSION_10 = Argon2Parameters.ARGON2_VERSION_10;
  static final int VERSION_13 = Argon2Parameters.ARGON2_VERSION_13;

  private static final int MIN_SALT_BYTES = 8;
  private static final int MIN_TAG_BYTES = 4;

  // Each number: "0" or up to ten digits without a leading zero; range-checked after parsing.
  private static final String NUMBER = "(0|[1-9][0-9]{0,9})";
  private static final String B64 = "([A-Za-z0-9+/]+)";
  private static final Pattern PHC =
      Pattern.compile(
          "\\$(argon2id|argon2i|argon2d)(?:\\$v="
              + NUMBER
              + ")?\\$m="
              + NUMBER
              + ",t="
              + NUMBER
              + ",p="
              + NUMBER
              + "\\$"
              + B64
              + "\\$"
              + B64);

  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  final String typeName;
  final int type;
  final int version;
  final long memoryKib;
  final long iterations;
  final long parallelism;
  private final byte[] salt;
  private final byte[] tag;

  private Argon2Hash(
      String typeName,
      int version,
      long memoryKib,
      long iterations,
      long parallelism,
      byte[] salt,
      byte[] tag) {
    this.typeName = typeName;
    this.type = typeOf(typeName);
    this.version = version;
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.salt = salt;
    this.tag = tag;
  }

  /** Parses {@code encoded}; {@code null} when it is not a well-formed Argon2 PHC string. */
  static Argon2Hash parse(String encoded) {
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return null;
    }
    long version = m.group(2) == null ? VERSION_10 : Long.parseLong(m.group(2));
    long memory = Long.parseLong(m.group(3));
    long iterations = Long.parseLong(m.group(4));
    long parallelism = Long.parseLong(m.group(5));
    if (version != VERSION_10 && version != VERSION_13) {
      return null;
    }
    if (!inUint32(memory) || !inUint32(iterations) || !inUint32(parallelism)) {
      return null;
    }
    // Argon2's own lower bounds (RFC 9106 §3.1): at least one lane and pass, 8 KiB per lane.
    if (parallelism < 1 || iterations < 1 || memory < 8 * parallelism) {
      return null;
    }
    byte[] salt = decodeCanonical(m.group(6));
    byte[] tag = decodeCanonical(m.group(7));
    if (salt == null || tag == null || salt.length < MIN_SALT_BYTES || tag.length < MIN_TAG_BYTES) {
      return null;
    }
    return new Argon2Hash(m.group(1), (int) version, memory, iterations, parallelism, salt, tag);
  }

  /** The PHC string for an Argon2id, version 0x13 tag, as the reference CLI prints it. */
  static String encodeArgon2id(
      int memoryKib, int iterations, int parallelism, byte[] salt, byte[] tag) {
    return "$argon2id$v="
        + VERSION_13
        + "$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + ENCODER.encodeToString(salt)
        + "$"
        + ENCODER.encodeToString(tag);
  }

  /**
   * Describes the first parameter above what a verifier with {@code limits} should be made to
   * spend, or {@code null} when all are affordable. Every hash made with {@code limits} itself is
   * within them.
   */
  String excessiveParameter(PasswordHashingSettings limits) {
    if (memoryKib > limits.maxStoredMemoryKib()) {
      return "memory " + memoryKib + " KiB above " + limits.maxStoredMemoryKib() + " KiB";
    }
    if (iterations > limits.maxStoredIterations()) {
      return "iterations " + iterations + " above " + limits.maxStoredIterations();
    }
    if (parallelism > limits.maxStoredParallelism()) {
      return "parallelism " + parallelism + " above " + limits.maxStoredParallelism();
    }
    return null;
  }

  /** A copy of the salt. */
  byte[] salt() {
    return salt.clone();
  }

  /** A copy of the expected tag. */
  byte[] tag() {
    return tag.clone();
  }

  int saltLength() {
    return salt.length;
  }

  int tagLength() {
    return tag.length;
  }

  /** Never the salt or tag. */
  @Override
  public String toString() {
    return "Argon2Hash["
        + typeName
        + " v="
        + version
        + " m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "]";
  }

  private static int typeOf(String name) {
    switch (name) {
      case "argon2id":
        return Argon2Parameters.ARGON2_id;
      case "argon2i":
        return Argon2Parameters.ARGON2_i;
      case "argon2d":
        return Argon2Parameters.ARGON2_d;
      default:
        throw new IllegalArgumentException("not an Argon2 type");
    }
  }

  private static boolean inUint32(long value) {
    return value <= 0xFFFF_FFFFL;
  }

  /**
   * Decodes unpadded standard Base64, or {@code null}. The JDK decoder tolerates non-zero trailing
   * bits; the reference decoder does not, so re-encoding must give back the input.
   */
  private static byte[] decodeCanonical(String text) {
    if (text.length() % 4 == 1) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
  }
}
