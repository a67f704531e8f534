package dev.latchkey.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.function.BiPredicate;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 6238 engine: code generation (java-otp), input normalisation and window matching. Every
 * path that checks a code — confirm, verify, disable — goes through {@link #match}.
 *
 * <p>Thread-safe: java-otp clones its prototype {@code Mac} per call.
 */
final class TotpCodes {
  /** {@link #match} found no step whose code equals the input. */
  static final long NO_MATCH = -1;
  /** {@link #match} found the code, but only at steps already accepted. */
  static final long ALREADY_USED = -2;
  /** Longer input is not a code, however it is spaced; refuse before any work. */
  static final int MAX_INPUT_LENGTH = 64;

  private final TimeBasedOneTimePasswordGenerator generator;
  private final TotpSettings.Algorithm algorithm;
  private final long periodSeconds;
  private final int digits;
  private final int window;
  private final BiPredicate<byte[], byte[]> constantTimeEquals;

  TotpCodes(TotpSettings settings) {
    this(settings, MessageDigest::isEqual);
  }

  /**
   * With the comparison given, so a test can count that every step of the window is compared.
   * Production passes {@link MessageDigest#isEqual} and nothing else.
   */
  TotpCodes(TotpSettings settings, BiPredicate<byte[], byte[]> constantTimeEquals) {
    this.constantTimeEquals = constantTimeEquals;
    this.algorithm = settings.algorithm();
    this.periodSeconds = settings.period().getSeconds();
    this.digits = settings.digits();
    this.window = settings.window();
    this.generator = new TimeBasedOneTimePasswordGenerator(settings.period(), digits,
        algorithm.jcaName());
  }

  /** The time step containing {@code t}: floor(unix seconds / period). */
  long stepAt(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), periodSeconds);
  }

  /** The code for {@code step}, zero-padded to {@code digits} ASCII digits. */
  String codeAt(byte[] secret, long step) {
    try {
      int value = generator.generateOneTimePassword(new SecretKeySpec(secret, algorithm.jcaName()),
          Instant.ofEpochSecond(step * periodSeconds));
      char[] out = new char[digits];
      for (int i = digits - 1; i >= 0; i--) {
        out[i] = (char) ('0' + value % 10);
        value /= 10;
      }
      return new String(out);
    } catch (InvalidKeyException e) {
      // An HMAC accepts any non-empty raw key; this means an empty secret, i.e. a corrupt row.
      throw new IllegalStateException("TOTP secret rejected by " + algorithm.jcaName(), e);
    }
  }

  /**
   * Finds the step in {@code current ± window} whose code equals {@code code} (already normalised),
   * comparing every candidate in constant time and without stopping early.
   *
   * @return the smallest matching step above {@code lastAccepted}; {@link #ALREADY_USED} when the
   *     code matches only steps at or below it; {@link #NO_MATCH} when it matches none
   */
  long match(byte[] secret, String code, long current, long lastAccepted) {
    byte[] candidate = code.getBytes(StandardCharsets.US_ASCII);
    long best = NO_MATCH;
    boolean seen = false;
    for (long step = current - window; step <= current + window; step++) {
      if (step < 0) {
        continue;
      }
      boolean equal = constantTimeEquals.test(
          codeAt(secret, step).getBytes(StandardCharsets.US_ASCII), candidate);
      if (equal) {
        seen = true;
        if (step > lastAccepted && best == NO_MATCH) {
          best = step;
        }
      }
    }
    return best != NO_MATCH ? best : seen ? ALREADY_USED : NO_MATCH;
  }

  /**
   * Strips spaces (ASCII, tab, no-break and thin spaces) and at most one {@code -}, then requires
   * exactly {@code digits} ASCII digits. Unicode digits such as {@code ١٢٣٤٥٦} are not digits here.
   *
   * @return the canonical code, or {@code null} when {@code input} is not one
   */
  String normalize(String input) {
    if (input == null || input.length() > MAX_INPUT_LENGTH) {
      return null;
    }
    char[] out = new char[digits];
    int n = 0;
    boolean dash = false;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\u2009' || c == '\u202f') {
        continue;
      }
      if (c == '-' && !dash) {
        dash = true;
        continue;
      }
      if (c < '0' || c > '9' || n == digits) {
        return null;
      }
      out[n++] = c;
    }
    return n == digits ? new String(out) : null;
  }
}
