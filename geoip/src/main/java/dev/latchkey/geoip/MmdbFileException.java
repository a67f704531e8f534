package dev.latchkey.geoip;

import dev.latchkey.common.LatchkeyException;
import java.util.Objects;

/**
 * A {@code .mmdb} file could not be used: it is missing, cannot be read, is not a MaxMind DB file,
 * or holds a database of another kind. Thrown when a {@link MmdbIpLocator} is built and by
 * {@link MmdbIpLocator#reload()}; never by a lookup.
 *
 * <p>The message names the file and the database types Latchkey reads
 * ({@link MmdbIpLocator#SUPPORTED_DATABASE_TYPES}); it never contains an address. The cause, when
 * there is one, is the I/O or format error underneath.
 */
public final class MmdbFileException extends LatchkeyException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the file. */
  public enum Problem {
    /** No file at the path. */
    MISSING,
    /** The path exists but cannot be read: a directory, no permission, an I/O error. */
    UNREADABLE,
    /** The file is not a MaxMind DB file, or is damaged (truncated, garbage, a broken tree). */
    MALFORMED,
    /** A valid MaxMind DB file of a type without city and country data (ASN, ISP, …). */
    UNSUPPORTED_TYPE
  }

  private final Problem problem;

  MmdbFileException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * What is wrong with the file.
   *
   * @return the problem; never {@code null}
   */
  public Problem problem() {
    return problem;
  }
}
