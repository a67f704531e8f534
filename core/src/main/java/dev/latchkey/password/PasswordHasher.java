package dev.latchkey.password;

import dev.latchkey.common.LatchkeyException;
import dev.latchkey.internal.Instrumentation;
import dev.latchkey.internal.Text;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes passwords with Argon2id and verifies them against stored hashes.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>New hashes are Argon2id (RFC 9106), version 0x13, with the cost of the {@link
 *       PasswordHashingSettings} and a fresh random salt per call, encoded as the PHC string the
 *       reference {@code argon2} CLI prints. The string carries its own parameters, so hashes stay
 *       verifiable when the options change; {@link #needsRehash(String)} says when to upgrade one.
 *   <li>Passwords are normalised to Unicode NFKC before hashing and verifying, so the same password
 *       typed on different keyboards or input methods verifies, and are rejected when they are
 *       longer than {@link PasswordHashingSettings#maxPasswordLength()} code points <em>before</em>
 *       any hashing work is done. Strings that are not well-formed UTF-16 (an unpaired surrogate)
 *       are rejected, because their UTF-8 encoding would be lossy.
 *   <li>Tags are compared in constant time ({@link MessageDigest#isEqual}). The time a verification
 *       takes depends on the stored hash's parameters, never on how much of the password is right.
 *   <li>Legacy bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}) are verified but never
 *       produced, against the password as typed and then its NFKC form (systems that made them
 *       rarely normalised). A password longer than bcrypt's 72-byte limit never matches a bcrypt
 *       hash: bcrypt would silently compare only its first 72 bytes.
 *   <li>{@link #check} answers a typed {@link PasswordCheck} for every input — {@code null},
 *       garbage, an unsupported scheme, a password over the cap are {@link PasswordCheck.Refused}
 *       — and refuses stored hashes whose cost would let one row exhaust the server: Argon2 above
 *       {@link PasswordHashingSettings#maxStoredMemoryKib()} (4 × the configured memory, at most
 *       256 MiB, by default), 10 passes or 16 lanes; bcrypt above cost 14. It never throws an
 *       {@link Error}.
 *   <li>At most {@link PasswordHashingSettings#maxConcurrentHashes()} hash computations run at once;
 *       further callers wait. This bounds the memory Argon2 can take, not just the CPU.
 *   <li>No password, salt, tag or encoded hash is logged, put in an exception message or shown by
 *       {@link #toString()}. Warnings about unusable stored hashes name only the scheme.
 *   <li>{@link #verifyDummy(CharSequence)} costs what a verification against a current hash costs,
 *       so a sign-in for an unknown account can take as long as one for a known account.
 * </ul>
 *
 * <p>Metrics: {@link #hash} is reported to the {@link LatchkeyMetrics} hook as
 * {@link Operation#PASSWORD_HASH}, {@link #check} (and so {@link #verify} and {@link #verifyDummy},
 * which answer like a mismatch) as {@link Operation#PASSWORD_VERIFY}, each timed over the whole
 * call; every wait for a hashing permit is reported on its own as
 * {@link Operation#HASH_PERMIT_WAIT}.
 *
 * <p>It does not limit attempts (that is the caller's job, per account and per client), does not
 * judge password strength, and cannot erase the caller's {@code String}: it zeroes only the byte
 * copies it makes.
 *
 * <p>Instances are immutable apart from the concurrency bound and are safe to share between
 * threads; one per application is the intended use.
 */
public final class PasswordHasher {
  /*
   * Design notes.
   *
   * Normalisation and the length cap. The cap is on code points after NFKC, but NFKC of a huge
   * input is itself work, so a cheap check of the raw UTF-16 length comes first. The longest
   * canonical decomposition of any character is four code points (U+1F82), at most eight UTF-16
   * units, so composition shrinks a string at most eightfold: a raw string longer than
   * MAX_RAW_UNITS_PER_CODE_POINT (16) × cap cannot normalise to within the cap. The exact check
   * follows normalisation. Both happen before a permit is taken.
   *
   * The dummy hash. verifyDummy runs verify() against an Argon2id string with the configured
   * parameters and a random salt and tag. The tag need not be a real Argon2 output, since nothing
   * can be learned from a comparison whose result is discarded, so it costs no Argon2 run to make
   * and is built eagerly: the first unknown-account sign-in is not slower than the rest.
   *
   * Failures. Bad input is an expected outcome and becomes false; the only exception verify throws
   * is LatchkeyException when the thread is interrupted while waiting for a permit, because
   * swallowing an interrupt would break the caller's cancellation.
   */

  private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

  /** See the design note: twice the most that NFKC composition can shrink a string by. */
  static final int MAX_RAW_UNITS_PER_CODE_POINT = 16;

  /**
   * bcrypt reads at most this many bytes of password. Longer passwords are refused rather than
   * truncated.
   */
  static final int BCRYPT_MAX_PASSWORD_BYTES = 72;

  /** Longer encoded hashes are refused before parsing; a real one is under 200 characters. */
  static final int MAX_ENCODED_HASH_LENGTH = 1024;

  private static final Pattern SCHEME = Pattern.compile("\\$([0-9a-z]{1,12})\\$");

  private static final PasswordCheck MISMATCH = new PasswordCheck.Mismatch();
  private static final PasswordCheck REFUSED_INVALID_PASSWORD =
      new PasswordCheck.Refused(PasswordCheck.Reason.INVALID_PASSWORD);

  private final PasswordHashingSettings options;
  private final SecureRandom random;
  private final Semaphore permits;
  private final String dummyHash;
  private final BiPredicate<byte[], byte[]> constantTimeEquals;
  private final Instrumentation metrics;
  private final Argon2Engine engine;

  private PasswordHasher(PasswordHashingSettings options, SecureRandom random,
      BiPredicate<byte[], byte[]> constantTimeEquals, LatchkeyMetrics metrics) {
    this(options, random, constantTimeEquals, metrics, Argon2Engines.selected());
  }

  private PasswordHasher(PasswordHashingSettings options, SecureRandom random,
      BiPredicate<byte[], byte[]> constantTimeEquals, LatchkeyMetrics metrics,
      Argon2Engine engine) {
    this.engine = engine;
    this.options = options;
    this.random = random;
    this.constantTimeEquals = constantTimeEquals;
    this.metrics = Instrumentation.of(metrics);
    // Fair, so a burst of sign-ins cannot starve an earlier caller.
    this.permits = new Semaphore(options.maxConcurrentHashes(), true);
    byte[] dummySalt = new byte[options.saltLength()];
    byte[] dummyTag = new byte[options.hashLength()];
    random.nextBytes(dummySalt);
    random.nextBytes(dummyTag);
    this.dummyHash =
        Argon2Hash.encodeArgon2id(
            options.memoryKib(), options.iterations(), options.parallelism(), dummySalt, dummyTag);
  }

  /**
   * A hasher with the given options, drawing salts from {@code random}. Host apps normally get one
   * from {@code Latchkey.passwordHasher()}, which shares the builder's {@link SecureRandom}; there is
   * no overload that makes its own, so every salt comes from the one injected source. It must be a
   * cryptographically strong generator.
   */
  public static PasswordHasher create(PasswordHashingSettings options, SecureRandom random) {
    return create(options, random, LatchkeyMetrics.none());
  }

  /**
   * As {@link #create(PasswordHashingSettings, SecureRandom)}, reporting hashes, verifications and
   * permit waits to {@code metrics}. This is the wiring {@code Latchkey} uses.
   */
  public static PasswordHasher create(PasswordHashingSettings options, SecureRandom random,
      LatchkeyMetrics metrics) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(random, "random");
    return new PasswordHasher(options, random, MessageDigest::isEqual, metrics);
  }

  /**
   * With the comparison given, so a test can see that every verification compares the whole tag
   * or hash. Production passes {@link MessageDigest#isEqual} and nothing else.
   */
  static PasswordHasher create(PasswordHashingSettings options, SecureRandom random,
      BiPredicate<byte[], byte[]> constantTimeEquals) {
    return new PasswordHasher(options, random, constantTimeEquals, LatchkeyMetrics.none());
  }

  /** With the engine given: the tests run every check on both engines. */
  static PasswordHasher create(PasswordHashingSettings options, SecureRandom random,
      Argon2Engine engine) {
    return new PasswordHasher(options, random, MessageDigest::isEqual, LatchkeyMetrics.none(),
        Objects.requireNonNull(engine, "engine"));
  }

  /** The Argon2 engine: {@code bouncycastle}, or {@code libargon2} with the native module. */
  String engineName() {
    return engine.name();
  }

  /** The options this hasher was created with. */
  public PasswordHashingSettings options() {
    return options;
  }

  /**
   * Hashes {@code password} with Argon2id under a fresh random salt.
   *
   * <p>The empty password is hashed like any other; whether it is acceptable is password policy,
   * decided before this call.
   *
   * @return a PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>}, with salt and
   *     tag in standard Base64 without padding
   * @throws NullPointerException if {@code password} is null
   * @throws IllegalArgumentException if the password is longer than the cap after NFKC, or is not
   *     well-formed UTF-16; the message never contains the password
   * @throws LatchkeyException if the thread is interrupted while waiting for a hashing permit (the
   *     interrupt flag is restored)
   */
  public String hash(CharSequence password) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      String encoded = hashNow(password);
      outcome = Outcome.HASHED;
      return encoded;
    } catch (IllegalArgumentException overCapOrMalformed) {
      outcome = Outcome.INVALID_PASSWORD;
      throw overCapOrMalformed;
    } finally {
      metrics.stop(Operation.PASSWORD_HASH, outcome, start);
    }
  }

  private String hashNow(CharSequence password) {
    Objects.requireNonNull(password, "password");
    String normalised = normaliseWithinCap(password, options.maxPasswordLength());
    byte[] salt = new byte[options.saltLength()];
    random.nextBytes(salt);
    byte[] passwordBytes = normalised.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] tag =
          withPermit(
              () ->
                  argon2(
                      Argon2Parameters.ARGON2_id,
                      Argon2Hash.VERSION_13,
                      options.memoryKib(),
                      options.iterations(),
                      options.parallelism(),
                      salt,
                      passwordBytes,
                      options.hashLength()));
      if (tag == null) {
        throw new LatchkeyException("Argon2 computation failed");
      }
      return Argon2Hash.encodeArgon2id(
          options.memoryKib(), options.iterations(), options.parallelism(), salt, tag);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /**
   * Checks {@code password} against a stored hash: Argon2id, Argon2i or Argon2d in PHC format
   * (version 0x13, or 0x10 when {@code v=} is given as 16 or missing), or bcrypt ({@code $2a$},
   * {@code $2b$}, {@code $2y$}).
   *
   * <p>Refuses without computing anything when either argument is null, the password is over the
   * length cap or not well-formed, the hash is malformed or of an unsupported scheme, or its cost is
   * above the {@linkplain PasswordHashingSettings#maxStoredMemoryKib() stored-hash limits} (by
   * default four times the configured memory and never above 256 MiB, 10 passes, 16 lanes, bcrypt
   * cost 14). Unusable stored hashes are logged as warnings naming only their scheme. Never throws an
   * {@link Error}: an out-of-memory during the computation is a {@link PasswordCheck.Refused}.
   *
   * <p>Argon2 hashes are checked against the NFKC form of the password only (that is what {@link
   * #hash} stores). A bcrypt hash may come from a system that did not normalise, so bcrypt is checked
   * against the password's UTF-8 bytes as given first and against its NFKC form second; a match
   * always {@linkplain PasswordCheck.Match#needsRehash() needs a rehash}, which stores Argon2id of
   * the NFKC form. For bcrypt, a form over 72 UTF-8 bytes never matches.
   *
   * @throws LatchkeyException only if the thread is interrupted while waiting for a hashing permit
   *     (the interrupt flag is restored); never for any argument
   */
  public PasswordCheck check(CharSequence password, String encodedHash) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      PasswordCheck result = checkNow(password, encodedHash);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.PASSWORD_VERIFY, outcome, start);
    }
  }

  private static Outcome outcomeOf(PasswordCheck result) {
    if (result instanceof PasswordCheck.Refused refused) {
      return switch (refused.reason()) {
        case INVALID_PASSWORD -> Outcome.INVALID_PASSWORD;
        case MALFORMED_HASH -> Outcome.MALFORMED_HASH;
        case UNSUPPORTED_SCHEME -> Outcome.UNSUPPORTED_SCHEME;
        case EXCESSIVE_COST -> Outcome.EXCESSIVE_COST;
        case COMPUTATION_FAILED -> Outcome.COMPUTATION_FAILED;
      };
    }
    return result instanceof PasswordCheck.Match ? Outcome.MATCH : Outcome.MISMATCH;
  }

  private PasswordCheck checkNow(CharSequence password, String encodedHash) {
    if (password == null || encodedHash == null) {
      return REFUSED_INVALID_PASSWORD;
    }
    String normalised;
    try {
      normalised = normaliseWithinCap(password, options.maxPasswordLength());
    } catch (IllegalArgumentException tooLongOrMalformed) {
      return REFUSED_INVALID_PASSWORD;
    }
    if (encodedHash.length() > MAX_ENCODED_HASH_LENGTH) {
      log.warn(
          "Refusing to verify against a stored {} hash: encoded form too long",
          scheme(encodedHash));
      return new PasswordCheck.Refused(PasswordCheck.Reason.MALFORMED_HASH);
    }
    if (encodedHash.startsWith("$argon2")) {
      return checkArgon2(normalised, encodedHash);
    }
    if (encodedHash.startsWith("$2")) {
      return checkBcrypt(password.toString(), normalised, encodedHash);
    }
    log.warn(
        "Refusing to verify against a stored hash of unsupported scheme {}", scheme(encodedHash));
    return new PasswordCheck.Refused(PasswordCheck.Reason.UNSUPPORTED_SCHEME);
  }

  /**
   * Whether {@code password} matches the stored hash: {@link #check} answered {@link
   * PasswordCheck.Match}. Every refusal is {@code false}.
   *
   * @throws LatchkeyException only if the thread is interrupted while waiting for a hashing permit
   */
  public boolean verify(CharSequence password, String encodedHash) {
    return check(password, encodedHash) instanceof PasswordCheck.Match;
  }

  /**
   * Does the work of {@link #verify} against a hash with the configured parameters, and discards
   * the result. Call it when the account does not exist, so that rejecting an unknown account takes
   * as long as rejecting a wrong password for a known one. Inputs that {@code verify} would reject
   * without hashing (null, over the cap) are treated the same way here.
   *
   * @throws LatchkeyException only if the thread is interrupted while waiting for a hashing permit
   *     (the interrupt flag is restored)
   */
  public void verifyDummy(CharSequence password) {
    verify(password, dummyHash);
  }

  /**
   * Whether a stored hash should be replaced by {@link #hash} of the password (after a successful
   * {@link #verify}, when the plaintext is at hand).
   *
   * @return {@code false} only for an Argon2id, version 0x13 hash whose memory, iterations,
   *     parallelism, salt length and tag length are each at least the configured ones and within
   *     the verification limits; {@code true} for everything else, including bcrypt,
   *     Argon2i/Argon2d, {@code null} and garbage
   */
  public boolean needsRehash(String encodedHash) {
    if (encodedHash == null || encodedHash.length() > MAX_ENCODED_HASH_LENGTH) {
      return true;
    }
    Argon2Hash h = Argon2Hash.parse(encodedHash);
    if (h == null
        || h.type != Argon2Parameters.ARGON2_id
        || h.version != Argon2Hash.VERSION_13
        || h.excessiveParameter(options) != null) {
      return true;
    }
    return h.memoryKib < options.memoryKib()
        || h.iterations < options.iterations()
        || h.parallelism < options.parallelism()
        || h.saltLength() < options.saltLength()
        || h.tagLength() < options.hashLength();
  }

  /** The parameters only. */
  @Override
  public String toString() {
    return "PasswordHasher[argon2id m="
        + options.memoryKib()
        + " KiB, t="
        + options.iterations()
        + ", p="
        + options.parallelism()
        + ", salt="
        + options.saltLength()
        + " B, hash="
        + options.hashLength()
        + " B, maxPasswordLength="
        + options.maxPasswordLength()
        + ", maxConcurrentHashes="
        + options.maxConcurrentHashes()
        + ", engine="
        + engine.name()
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * NFKC-normalises {@code password} and checks it against the cap, cheapest check first.
   *
   * @throws IllegalArgumentException "password longer than N characters" when over the cap, or a
   *     message saying it is not well-formed; never containing the password
   */
  static String normaliseWithinCap(CharSequence password, int maxCodePoints) {
    // Before normalising: bounds the normaliser's work on a hostile megabyte.
    if (password.length() > (long) maxCodePoints * MAX_RAW_UNITS_PER_CODE_POINT) {
      throw tooLong(maxCodePoints);
    }
    String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
    if (!Text.isWellFormedUtf16(normalised)) {
      // UTF-8 would turn it into '?', making distinct passwords hash alike.
      throw new IllegalArgumentException(
          "password is not well-formed UTF-16 (unpaired surrogate)");
    }
    int codePoints = normalised.codePointCount(0, normalised.length());
    if (codePoints > maxCodePoints) {
      throw tooLong(maxCodePoints);
    }
    return normalised;
  }

  /** Lets tests hold permits to observe that over-long input never waits for one. */
  Semaphore permits() {
    return permits;
  }

  private static IllegalArgumentException tooLong(int maxCodePoints) {
    return new IllegalArgumentException("password longer than " + maxCodePoints + " characters");
  }

  private PasswordCheck checkArgon2(String normalised, String encodedHash) {
    Argon2Hash stored = Argon2Hash.parse(encodedHash);
    if (stored == null) {
      log.warn("Refusing to verify against a malformed stored {} hash", scheme(encodedHash));
      return new PasswordCheck.Refused(PasswordCheck.Reason.MALFORMED_HASH);
    }
    String excessive = stored.excessiveParameter(options);
    if (excessive != null) {
      // The parameters are the hash's, not a secret; still, name the scheme and the limit only.
      log.warn("Refusing to verify against a stored {} hash: {}", stored.typeName, excessive);
      return new PasswordCheck.Refused(PasswordCheck.Reason.EXCESSIVE_COST);
    }
    byte[] passwordBytes = normalised.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] expected = stored.tag();
      byte[] actual =
          withPermit(
              () ->
                  argon2(
                      stored.type,
                      stored.version,
                      (int) stored.memoryKib,
                      (int) stored.iterations,
                      (int) stored.parallelism,
                      stored.salt(),
                      passwordBytes,
                      expected.length));
      if (actual == null) {
        return new PasswordCheck.Refused(PasswordCheck.Reason.COMPUTATION_FAILED);
      }
      return constantTimeEquals.test(actual, expected)
          ? new PasswordCheck.Match(needsRehash(encodedHash))
          : MISMATCH;
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  private PasswordCheck checkBcrypt(String raw, String normalised, String encodedHash) {
    BcryptHash stored = BcryptHash.parse(encodedHash);
    if (stored == null) {
      log.warn(
          "Refusing to verify against a malformed or unsupported stored {} hash",
          scheme(encodedHash));
      return new PasswordCheck.Refused(PasswordCheck.Reason.MALFORMED_HASH);
    }
    String excessive = stored.excessiveParameter();
    if (excessive != null) {
      log.warn("Refusing to verify against a stored {} hash: {}", stored.version, excessive);
      return new PasswordCheck.Refused(PasswordCheck.Reason.EXCESSIVE_COST);
    }
    // Legacy systems hashed what the user typed; ours hashes NFKC. Try the raw form first, then
    // the normalised one when it differs (raw passed the same cap and well-formedness checks).
    PasswordCheck first = bcryptMatches(raw, stored, encodedHash);
    if (first != MISMATCH || raw.equals(normalised)) {
      return first;
    }
    return bcryptMatches(normalised, stored, encodedHash);
  }

  private PasswordCheck bcryptMatches(String form, BcryptHash stored, String encodedHash) {
    byte[] passwordBytes = form.getBytes(StandardCharsets.UTF_8);
    try {
      // bcrypt would compare only the first 72 bytes; a longer password must not match its prefix.
      if (passwordBytes.length > BCRYPT_MAX_PASSWORD_BYTES) {
        return MISMATCH;
      }
      String recomputed =
          withPermit(
              () -> {
                try {
                  return OpenBSDBCrypt.generate(
                      stored.version, passwordBytes, stored.salt(), stored.cost);
                } catch (RuntimeException | OutOfMemoryError e) {
                  log.warn(
                      "bcrypt verification failed unexpectedly ({})", e.getClass().getSimpleName());
                  return null;
                }
              });
      if (recomputed == null) {
        return new PasswordCheck.Refused(PasswordCheck.Reason.COMPUTATION_FAILED);
      }
      // bcrypt is always replaced by Argon2id once the password is at hand.
      return constantTimeEquals.test(
              recomputed.getBytes(StandardCharsets.US_ASCII),
              encodedHash.getBytes(StandardCharsets.US_ASCII))
          ? new PasswordCheck.Match(true)
          : MISMATCH;
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /**
   * Runs Argon2 on the {@link Argon2Engine} picked at creation. Returns {@code null} (and logs) if
   * the engine rejects the parameters, which the parser should already have prevented.
   */
  private byte[] argon2(
      int type,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] salt,
      byte[] password,
      int tagLength) {
    try {
      return engine.compute(type, version, memoryKib, iterations, parallelism, salt, password,
          null, null, tagLength);
    } catch (RuntimeException | OutOfMemoryError e) {
      // Within the stored-hash limits this should not happen; if the heap is short anyway, a
      // sign-in attempt fails instead of the thread (verify never throws an Error).
      log.warn("Argon2 computation failed unexpectedly ({})", e.getClass().getSimpleName());
      return null;
    }
  }

  /** Runs {@code work} holding one of the permits that bound concurrent hash computations. */
  private <T> T withPermit(Supplier<T> work) {
    long start = metrics.start();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      metrics.stop(Operation.HASH_PERMIT_WAIT, Outcome.INTERRUPTED, start);
      Thread.currentThread().interrupt();
      throw new LatchkeyException("interrupted while waiting to compute a password hash", e);
    }
    metrics.stop(Operation.HASH_PERMIT_WAIT, Outcome.ACQUIRED, start);
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }

  /**
   * The scheme identifier of an encoded hash for log messages, e.g. {@code argon2id} or {@code 2b}:
   * lower-case letters and digits between the first two '$', or a placeholder. Nothing else of the
   * string is ever logged — a mis-migrated column might hold plaintext.
   */
  static String scheme(String encodedHash) {
    Matcher m = SCHEME.matcher(encodedHash);
    return m.lookingAt() ? m.group(1) : "(unrecognised)";
  }
}
