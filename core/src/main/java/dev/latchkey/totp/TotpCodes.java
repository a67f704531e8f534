package dev.latchkey.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiPredicate;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 6238 engine: code generation (java-otp), input normalisation and window matching. Every
 * path that checks a code — confirm, verify, disable — goes through {@link #match}.
 *
 * <p>Thread-safe: java-otp clones its prototype {@code Mac} per call, and {@link #match} keeps its
 * {@link KeyedHmac} and buffers per thread.
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
  /** 10^digits. */
  private final int modulus;
  private final ThreadLocal<Scratch> scratch;

  /**
   * What one {@link #match} needs, per thread: the HMAC (keyed once per check, see
   * {@link KeyedHmac}) and the buffers for the counter, the HMAC output and the digits, so a check
   * allocates no arrays. The HMAC output is zeroed after each step and the HMAC forgets its key
   * after each check, so nothing derived from a secret stays in them between calls.
   */
  private static final class Scratch {
    final KeyedHmac mac;
    final byte[] counter = new byte[8];
    final byte[] hmac;
    final byte[] expected;
    final byte[] candidate;

    Scratch(KeyedHmac mac, int digits) {
      this.mac = mac;
      this.hmac = new byte[mac.length()];
      this.expected = new byte[digits];
      this.candidate = new byte[digits];
    }
  }

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
    this.modulus = (int) Math.pow(10, digits);
    TotpSettings.Algorithm alg = algorithm;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(new KeyedHmac(alg), digits));
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
    Scratch sc = scratch.get();
    byte[] candidate = candidateBytes(code, sc.candidate);
    byte[] expected = sc.expected;
    long best = NO_MATCH;
    boolean seen = false;
    // One thread-local HMAC, keyed once per check. The result equals codeAt (the tests compare
    // them).
    KeyedHmac mac = sc.mac;
    try {
      mac.key(secret);
      for (long step = current - window; step <= current + window; step++) {
        if (step < 0) {
          continue;
        }
        digitsOf(hotp(mac, sc, step), expected);
        boolean equal = constantTimeEquals.test(expected, candidate);
        if (equal) {
          seen = true;
          if (step > lastAccepted && best == NO_MATCH) {
            best = step;
          }
        }
      }
    } finally {
      Arrays.fill(expected, (byte) 0);
      Arrays.fill(sc.candidate, (byte) 0);
      mac.forget();
    }
    return best != NO_MATCH ? best : seen ? ALREADY_USED : NO_MATCH;
  }

  /**
   * The code's ASCII bytes, in {@code buffer} when it has the buffer's length (every normalised
   * code), otherwise in a new array (which then never equals a code of {@link #digits} digits).
   */
  private static byte[] candidateBytes(String code, byte[] buffer) {
    if (code.length() != buffer.length) {
      return code.getBytes(StandardCharsets.US_ASCII);
    }
    for (int i = 0; i < buffer.length; i++) {
      char c = code.charAt(i);
      buffer[i] = c < 0x80 ? (byte) c : (byte) '?'; // what getBytes(US_ASCII) does
    }
    return buffer;
  }

  /** RFC 4226 HOTP of {@code step} (dynamic truncation), reduced to {@link #digits} digits. */
  private int hotp(KeyedHmac mac, Scratch sc, long step) {
    byte[] counter = sc.counter;
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) (step >>> (8 * (7 - i)));
    }
    byte[] h = sc.hmac;
    mac.mac(counter, h);
    int offset = h[h.length - 1] & 0x0f;
    int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
        | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
    Arrays.fill(h, (byte) 0);
    return binary % modulus;
  }

  /** {@code value} as {@link #digits} ASCII digits, zero-padded, into {@code out}. */
  private void digitsOf(int value, byte[] out) {
    int v = value;
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

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
