package dev.latchkey.metrics;

/**
 * How a timed {@link Operation} ended: the stable code of the operation's typed result, one enum
 * for all of them so that a metrics backend tags every timer the same way. Which outcomes an
 * operation reports is {@link Operation#outcomes()}.
 *
 * <p>The codes are those of the results the host sees ({@code SessionValidation.Reason},
 * {@code ApiKeyAuthentication.Reason}, {@code SignInResult}, {@code PasswordCheck}), with one
 * exception on purpose: an API key's outcome is its precise reason ({@link #REVOKED},
 * {@link #EXPIRED}), even where the caller is told only {@code invalid}. Metrics are for the
 * operator; do not serve them to the public (see {@link LatchkeyMetrics}).
 */
public enum Outcome {
  /** The operation threw: a store failed, the thread was interrupted, a caller passed null. */
  ERROR("error"),

  /** Session validation: the token is valid. */
  VALID("valid"),
  /** API key authentication: the key works. */
  AUTHENTICATED("authenticated"),
  /** API key authentication: no {@code Authorization} header, or an empty key. */
  MISSING("missing"),
  /** API key authentication: a scheme other than {@code Bearer}. */
  WRONG_SCHEME("wrong_scheme"),
  /** Session validation, API key authentication: not shaped like a token or key; never looked up. */
  MALFORMED("malformed"),
  /** API key authentication: shaped like a key, wrong checksum; never looked up. */
  BAD_CHECKSUM("bad_checksum"),
  /** Session validation, API key authentication: looked up, no such session or key. */
  UNKNOWN("unknown"),
  /** Session validation, API key authentication: revoked (or an API key rotated past its grace). */
  REVOKED("revoked"),
  /** Session validation, API key authentication: past its absolute lifetime or expiry. */
  EXPIRED("expired"),
  /** Session validation: unused for longer than the idle timeout. */
  IDLE_EXPIRED("idle_expired"),

  /** Sign-in: a session was created. */
  SIGNED_IN("signed_in"),
  /** Sign-in: the password was right; a second factor is owed. */
  SECOND_FACTOR_REQUIRED("second_factor_required"),
  /** Sign-in: the password was right; the account must enrol in two-factor authentication. */
  ENROLLMENT_REQUIRED("enrollment_required"),
  /** Sign-in: refused by an attempt limit, nothing checked. */
  LOCKED("locked"),
  /**
   * Sign-in: wrong password, no password, or no such account; as coarse as the result itself, so
   * the metrics cannot tell an unknown login name from a wrong password either.
   */
  INVALID_CREDENTIALS("invalid_credentials"),
  /** Second factor: the code is wrong, already used, or not a code. */
  INVALID_CODE("invalid_code"),
  /** Second factor: the challenge is unknown, expired, used or void. */
  INVALID_CHALLENGE("invalid_challenge"),

  /** Password hashing: a hash was made. */
  HASHED("hashed"),
  /** Password verification: the password matches. */
  MATCH("match"),
  /** Password verification: the password does not match (also every dummy verification). */
  MISMATCH("mismatch"),
  /** Password hashing and verification: the password is over the length cap or not well-formed. */
  INVALID_PASSWORD("invalid_password"),
  /** Password verification: the stored hash is malformed. */
  MALFORMED_HASH("malformed_hash"),
  /** Password verification: the stored hash is of a scheme Latchkey does not verify. */
  UNSUPPORTED_SCHEME("unsupported_scheme"),
  /** Password verification: the stored hash asks for more work than the limits allow. */
  EXCESSIVE_COST("excessive_cost"),
  /** Password verification: the computation failed (out of memory, parameters refused). */
  COMPUTATION_FAILED("computation_failed"),

  /** Hashing permit: acquired (the duration is the wait). */
  ACQUIRED("acquired"),
  /** Hashing permit: the thread was interrupted while waiting. */
  INTERRUPTED("interrupted");

  private final String code;

  Outcome(String code) {
    this.code = code;
  }

  /** The stable, lower-case code: the tag value a metrics backend shows. */
  public String code() {
    return code;
  }
}
