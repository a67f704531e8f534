package dev.latchkey.password;

import java.util.Objects;

/**
 * The cost parameters and limits of a {@link PasswordHasher}: immutable, validated once in {@link
 * Builder#build()}, safe to share between threads.
 *
 * <p>{@link #defaults()} is the OWASP minimum for Argon2id (19 MiB, two passes, one lane) with a
 * 16-byte salt and a 32-byte tag. Raising the cost is always allowed; lowering it takes an explicit
 * builder call and should be reserved for tests. Changing the options never breaks existing hashes:
 * every encoded hash carries its own parameters, and {@link PasswordHasher#needsRehash(String)}
 * tells the caller when a stored hash is weaker than the current options.
 *
 * <p>Lowering {@link #maxPasswordLength()} after passwords have been set means users with longer
 * passwords can no longer sign in, because the cap is enforced before verification.
 */
public final class PasswordHashingSettings {

  /** Default Argon2id memory cost in KiB (19 MiB): OWASP's minimum recommendation. */
  public static final int DEFAULT_MEMORY_KIB = 19_456;

  /** Default Argon2id time cost (passes over memory): OWASP's minimum for 19 MiB. */
  public static final int DEFAULT_ITERATIONS = 2;

  /** Default Argon2id parallelism (lanes). */
  public static final int DEFAULT_PARALLELISM = 1;

  /** Default salt length in bytes, as RFC 9106 §3.1 recommends. */
  public static final int DEFAULT_SALT_LENGTH = 16;

  /** Default tag (hash output) length in bytes, as RFC 9106 §3.1 recommends. */
  public static final int DEFAULT_HASH_LENGTH = 32;

  /**
   * Default cap on password length, in Unicode code points after NFKC normalisation. Long enough
   * for any passphrase, short enough that hashing input is bounded.
   */
  public static final int DEFAULT_MAX_PASSWORD_LENGTH = 256;

  /**
   * Default bound on Argon2/bcrypt computations running at once: one per processor, at least two.
   * Each Argon2 run at the default cost allocates about 20 MB, so this bounds memory as well as
   * CPU.
   */
  public static final int DEFAULT_MAX_CONCURRENT_HASHES =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  /** Largest accepted memory cost: 4 GiB, in KiB. Also the limit for verifying stored hashes. */
  public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

  /** Largest accepted time cost. Also the limit for verifying stored hashes. */
  public static final int MAX_ITERATIONS = 100;

  /** Largest accepted parallelism. Also the limit for verifying stored hashes. */
  public static final int MAX_PARALLELISM = 64;

  /**
   * Default {@link Builder#storedHashMemoryMultiple multiple}: a stored Argon2 hash may ask for at
   * most four times the configured memory (and never more than {@link #STORED_MEMORY_CEILING_KIB}).
   */
  public static final int DEFAULT_STORED_HASH_MEMORY_MULTIPLE = 4;

  /** Largest {@link Builder#storedHashMemoryMultiple multiple} accepted. */
  public static final int MAX_STORED_HASH_MEMORY_MULTIPLE = 64;

  /**
   * Memory a stored hash may ask for whatever the multiple says: 256 MiB, in KiB. Unless the
   * configured cost itself is higher, which then is the limit.
   */
  public static final int STORED_MEMORY_CEILING_KIB = 256 * 1024;

  /** Passes a stored Argon2 hash may ask for (or the configured passes, when higher). */
  public static final int MAX_STORED_ITERATIONS = 10;

  /** Lanes a stored Argon2 hash may ask for (or the configured lanes, when higher). */
  public static final int MAX_STORED_PARALLELISM = 16;

  /**
   * Largest bcrypt cost verified: 2<sup>14</sup> rounds, about a second here. Legacy hashes are
   * typically 10 to 12; a tampered row asking for 2<sup>20</sup> would hold a hashing permit for a
   * minute.
   */
  public static final int MAX_STORED_BCRYPT_COST = 14;

  /** Smallest accepted salt length in bytes (RFC 9106's recommendation). */
  public static final int MIN_SALT_LENGTH = 16;

  /** Largest accepted salt length in bytes. */
  public static final int MAX_SALT_LENGTH = 64;

  /** Smallest accepted tag length in bytes (128 bits). */
  public static final int MIN_HASH_LENGTH = 16;

  /** Largest accepted tag length in bytes. */
  public static final int MAX_HASH_LENGTH = 64;

  /** Smallest accepted password-length cap, in code points. */
  public static final int MIN_MAX_PASSWORD_LENGTH = 8;

  /** Largest accepted password-length cap, in code points. */
  public static final int MAX_MAX_PASSWORD_LENGTH = 4096;

  private static final PasswordHashingSettings DEFAULTS = builder().build();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final int saltLength;
  private final int hashLength;
  private final int maxPasswordLength;
  private final int maxConcurrentHashes;
  private final int storedHashMemoryMultiple;

  private PasswordHashingSettings(Builder b) {
    this.memoryKib = b.memoryKib;
    this.iterations = b.iterations;
    this.parallelism = b.parallelism;
    this.saltLength = b.saltLength;
    this.hashLength = b.hashLength;
    this.maxPasswordLength = b.maxPasswordLength;
    this.maxConcurrentHashes = b.maxConcurrentHashes;
    this.storedHashMemoryMultiple = b.storedHashMemoryMultiple;
  }

  /** The recommended options: every value is its {@code DEFAULT_*} constant. */
  public static PasswordHashingSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Argon2id memory cost in KiB. */
  public int memoryKib() {
    return memoryKib;
  }

  /** Argon2id time cost: passes over memory. */
  public int iterations() {
    return iterations;
  }

  /** Argon2id parallelism: number of lanes. */
  public int parallelism() {
    return parallelism;
  }

  /** Length in bytes of the random salt drawn for each new hash. */
  public int saltLength() {
    return saltLength;
  }

  /** Length in bytes of the Argon2id tag. */
  public int hashLength() {
    return hashLength;
  }

  /** Longest password accepted, in Unicode code points after NFKC normalisation. */
  public int maxPasswordLength() {
    return maxPasswordLength;
  }

  /**
   * The most memory, in KiB, that verifying a stored Argon2 hash may use: the configured memory
   * times the {@link Builder#storedHashMemoryMultiple multiple}, at most
   * {@link #STORED_MEMORY_CEILING_KIB}, and never less than the configured memory. A stored hash
   * asking for more is refused ({@link PasswordCheck.Refused}) without computing anything.
   */
  public int maxStoredMemoryKib() {
    long scaled = Math.min((long) memoryKib * storedHashMemoryMultiple, STORED_MEMORY_CEILING_KIB);
    return (int) Math.max(memoryKib, scaled);
  }

  /** The most passes a stored Argon2 hash may ask for: {@link #MAX_STORED_ITERATIONS} or more. */
  public int maxStoredIterations() {
    return Math.max(iterations, MAX_STORED_ITERATIONS);
  }

  /** The most lanes a stored Argon2 hash may ask for: {@link #MAX_STORED_PARALLELISM} or more. */
  public int maxStoredParallelism() {
    return Math.max(parallelism, MAX_STORED_PARALLELISM);
  }

  /** The multiple of the configured memory a stored hash may ask for (see the builder). */
  public int storedHashMemoryMultiple() {
    return storedHashMemoryMultiple;
  }

  /** Largest number of Argon2/bcrypt computations a hasher runs at once; others wait. */
  public int maxConcurrentHashes() {
    return maxConcurrentHashes;
  }

  /** Value equality over every option. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PasswordHashingSettings)) {
      return false;
    }
    PasswordHashingSettings other = (PasswordHashingSettings) o;
    return memoryKib == other.memoryKib
        && iterations == other.iterations
        && parallelism == other.parallelism
        && saltLength == other.saltLength
        && hashLength == other.hashLength
        && maxPasswordLength == other.maxPasswordLength
        && maxConcurrentHashes == other.maxConcurrentHashes
        && storedHashMemoryMultiple == other.storedHashMemoryMultiple;
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(
        memoryKib,
        iterations,
        parallelism,
        saltLength,
        hashLength,
        maxPasswordLength,
        maxConcurrentHashes,
        storedHashMemoryMultiple);
  }

  /** The parameters; there is nothing secret in them. */
  @Override
  public String toString() {
    return "PasswordHashingSettings[argon2id m="
        + memoryKib
        + " KiB, t="
        + iterations
        + ", p="
        + parallelism
        + ", salt="
        + saltLength
        + " B, hash="
        + hashLength
        + " B, maxPasswordLength="
        + maxPasswordLength
        + ", maxConcurrentHashes="
        + maxConcurrentHashes
        + ", storedHashMemoryMultiple="
        + storedHashMemoryMultiple
        + "]";
  }

  /**
   * Builds {@link PasswordHashingSettings}. Setters only record values; {@link #build()} validates
   * them all and fails on the first one out of range. Not thread-safe; the options it builds are.
   */
  public static final class Builder {
    private int memoryKib = DEFAULT_MEMORY_KIB;
    private int iterations = DEFAULT_ITERATIONS;
    private int parallelism = DEFAULT_PARALLELISM;
    private int saltLength = DEFAULT_SALT_LENGTH;
    private int hashLength = DEFAULT_HASH_LENGTH;
    private int maxPasswordLength = DEFAULT_MAX_PASSWORD_LENGTH;
    private int maxConcurrentHashes = DEFAULT_MAX_CONCURRENT_HASHES;
    private int storedHashMemoryMultiple = DEFAULT_STORED_HASH_MEMORY_MULTIPLE;

    private Builder() {}

    /**
     * How many times the configured memory a stored Argon2 hash may ask for before verification
     * refuses it: 1 to {@link #MAX_STORED_HASH_MEMORY_MULTIPLE} (default
     * {@value #DEFAULT_STORED_HASH_MEMORY_MULTIPLE}), never above
     * {@link #STORED_MEMORY_CEILING_KIB}. Raise it only while migrating hashes made with a higher
     * cost than this hasher's; a tampered or imported row can otherwise make each sign-in attempt
     * allocate gigabytes.
     */
    public Builder storedHashMemoryMultiple(int multiple) {
      this.storedHashMemoryMultiple = multiple;
      return this;
    }

    /**
     * Sets the Argon2id memory cost in KiB: at least 8 × parallelism (Argon2's minimum), at most
     * {@link #MAX_MEMORY_KIB}. Values below {@link #DEFAULT_MEMORY_KIB} are weaker than OWASP's
     * minimum; use them only in tests.
     */
    public Builder memoryKib(int memoryKib) {
      this.memoryKib = memoryKib;
      return this;
    }

    /** Sets the Argon2id time cost: 1 to {@link #MAX_ITERATIONS}. */
    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /** Sets the Argon2id parallelism: 1 to {@link #MAX_PARALLELISM}. */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** Sets the salt length in bytes: {@link #MIN_SALT_LENGTH} to {@link #MAX_SALT_LENGTH}. */
    public Builder saltLength(int saltLength) {
      this.saltLength = saltLength;
      return this;
    }

    /** Sets the tag length in bytes: {@link #MIN_HASH_LENGTH} to {@link #MAX_HASH_LENGTH}. */
    public Builder hashLength(int hashLength) {
      this.hashLength = hashLength;
      return this;
    }

    /**
     * Sets the password-length cap in code points after NFKC: {@link #MIN_MAX_PASSWORD_LENGTH} to
     * {@link #MAX_MAX_PASSWORD_LENGTH}.
     */
    public Builder maxPasswordLength(int maxPasswordLength) {
      this.maxPasswordLength = maxPasswordLength;
      return this;
    }

    /** Sets the bound on concurrent hash computations: at least 1. */
    public Builder maxConcurrentHashes(int maxConcurrentHashes) {
      this.maxConcurrentHashes = maxConcurrentHashes;
      return this;
    }

    /**
     * Validates every value and returns the options.
     *
     * @throws IllegalArgumentException naming the first value out of range and its allowed range
     */
    public PasswordHashingSettings build() {
      // Parallelism first: the memory lower bound depends on it.
      requireRange("parallelism", parallelism, 1, MAX_PARALLELISM, "");
      long minMemory = 8L * parallelism;
      if (memoryKib < minMemory || memoryKib > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid memory %d KiB; must be between %d KiB (8 × parallelism %d) and %d KiB (4"
                    + " GiB)",
                memoryKib, minMemory, parallelism, MAX_MEMORY_KIB));
      }
      requireRange("iterations", iterations, 1, MAX_ITERATIONS, "");
      requireRange("salt length", saltLength, MIN_SALT_LENGTH, MAX_SALT_LENGTH, " bytes");
      requireRange("hash length", hashLength, MIN_HASH_LENGTH, MAX_HASH_LENGTH, " bytes");
      requireRange(
          "max password length",
          maxPasswordLength,
          MIN_MAX_PASSWORD_LENGTH,
          MAX_MAX_PASSWORD_LENGTH,
          " code points");
      requireRange(
          "stored hash memory multiple",
          storedHashMemoryMultiple,
          1,
          MAX_STORED_HASH_MEMORY_MULTIPLE,
          "");
      if (maxConcurrentHashes < 1) {
        throw new IllegalArgumentException(
            "Invalid max concurrent hashes " + maxConcurrentHashes + "; must be at least 1");
      }
      return new PasswordHashingSettings(this);
    }

    private static void requireRange(String name, int value, int min, int max, String unit) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid %s %d%s; must be between %d and %d%s", name, value, unit, min, max, unit));
      }
    }
  }
}
