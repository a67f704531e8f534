package dev.latchkey.password;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed bcrypt string, {@code $2b$10$<22-char salt><31-char tag>}, in the OpenBSD format.
 *
 * <p>Only {@code 2a}, {@code 2b} and {@code 2y} are accepted: they compute the same function for
 * passwords up to 72 bytes, which is all this library verifies. {@code 2x} (crypt_blowfish's
 * sign-extension bug) and the original {@code 2} are refused as malformed.
 */
final class BcryptHash {
  private static final String ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORMAT =
      Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{22})[./A-Za-z0-9]{31}");

  /** bcrypt's own bounds on the cost exponent. */
  private static final int MIN_COST = 4;

  private static final int MAX_FORMAT_COST = 31;

  /** Above this a single check holds a hashing permit too long: refuse instead. */
  static final int MAX_COST = PasswordHashingSettings.MAX_STORED_BCRYPT_COST;

  final String version;
  final int cost;
  private final byte[] salt;

  private BcryptHash(String version, int cost, byte[] salt) {
    this.version = version;
    this.cost = cost;
    this.salt = salt;
  }

  /** Parses {@code encoded}; {@code null} when it is not a well-formed bcrypt string. */
  static BcryptHash parse(String encoded) {
    Matcher m = FORMAT.matcher(encoded);
    if (!m.matches()) {
      return null;
    }
    int cost = Integer.parseInt(m.group(2));
    if (cost < MIN_COST || cost > MAX_FORMAT_COST) {
      return null;
    }
    return new BcryptHash(m.group(1), cost, decodeSalt(m.group(3)));
  }

  /** Describes the cost if it is above what a verifier should spend, else {@code null}. */
  String excessiveParameter() {
    return cost > MAX_COST ? "cost " + cost + " above " + MAX_COST : null;
  }

  /** A copy of the 16-byte salt. */
  byte[] salt() {
    return salt.clone();
  }

  /** Never the salt or tag. */
  @Override
  public String toString() {
    return "BcryptHash[" + version + " cost=" + cost + "]";
  }

  /**
   * Decodes the 22-character salt: bcrypt's Base64 has its own alphabet but the usual bit order,
   * and the last character contributes only its top two bits to the 16th byte. The other four bits
   * are dropped here; re-encoding during verification then makes a non-canonical salt fail to
   * match, as it does in OpenBSD.
   */
  private static byte[] decodeSalt(String text) {
    byte[] out = new byte[16];
    int acc = 0;
    int bits = 0;
    int o = 0;
    for (int i = 0; i < text.length() && o < out.length; i++) {
      // The pattern has already restricted the characters to the alphabet.
      acc = (acc << 6) | ALPHABET.indexOf(text.charAt(i));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >>> bits);
        acc &= (1 << bits) - 1;
      }
    }
    return out;
  }
}
