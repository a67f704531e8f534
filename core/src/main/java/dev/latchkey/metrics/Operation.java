package dev.latchkey.metrics;

import static dev.latchkey.metrics.Outcome.ACQUIRED;
import static dev.latchkey.metrics.Outcome.AUTHENTICATED;
import static dev.latchkey.metrics.Outcome.BAD_CHECKSUM;
import static dev.latchkey.metrics.Outcome.COMPUTATION_FAILED;
import static dev.latchkey.metrics.Outcome.ENROLLMENT_REQUIRED;
import static dev.latchkey.metrics.Outcome.ERROR;
import static dev.latchkey.metrics.Outcome.EXCESSIVE_COST;
import static dev.latchkey.metrics.Outcome.EXPIRED;
import static dev.latchkey.metrics.Outcome.HASHED;
import static dev.latchkey.metrics.Outcome.IDLE_EXPIRED;
import static dev.latchkey.metrics.Outcome.INTERRUPTED;
import static dev.latchkey.metrics.Outcome.INVALID_CHALLENGE;
import static dev.latchkey.metrics.Outcome.INVALID_CODE;
import static dev.latchkey.metrics.Outcome.INVALID_CREDENTIALS;
import static dev.latchkey.metrics.Outcome.INVALID_PASSWORD;
import static dev.latchkey.metrics.Outcome.LOCKED;
import static dev.latchkey.metrics.Outcome.MALFORMED;
import static dev.latchkey.metrics.Outcome.MALFORMED_HASH;
import static dev.latchkey.metrics.Outcome.MATCH;
import static dev.latchkey.metrics.Outcome.MISMATCH;
import static dev.latchkey.metrics.Outcome.MISSING;
import static dev.latchkey.metrics.Outcome.REVOKED;
import static dev.latchkey.metrics.Outcome.SECOND_FACTOR_REQUIRED;
import static dev.latchkey.metrics.Outcome.SIGNED_IN;
import static dev.latchkey.metrics.Outcome.UNKNOWN;
import static dev.latchkey.metrics.Outcome.UNSUPPORTED_SCHEME;
import static dev.latchkey.metrics.Outcome.VALID;
import static dev.latchkey.metrics.Outcome.WRONG_SCHEME;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What Latchkey times. Each operation is one public call, timed from entry to return (or throw),
 * and reported once with its {@link Outcome}; an operation inside another (the password
 * verification inside a sign-in) is reported as well, under its own name.
 */
public enum Operation {
  /** {@code SessionRegistry.validate}: every request that carries a session cookie. */
  SESSION_VALIDATION("session_validation", ERROR, VALID, MALFORMED, UNKNOWN, REVOKED,
      IDLE_EXPIRED, EXPIRED),
  /** {@code ApiKeyService.authenticate} and {@code authenticateKey}: every API request. */
  API_KEY_AUTHENTICATION("api_key_authentication", ERROR, AUTHENTICATED, MISSING, WRONG_SCHEME,
      MALFORMED, BAD_CHECKSUM, UNKNOWN, REVOKED, EXPIRED),
  /** {@code SignInService.signIn}: the password step, attempt limits and session included. */
  SIGN_IN("sign_in", ERROR, SIGNED_IN, SECOND_FACTOR_REQUIRED, ENROLLMENT_REQUIRED, LOCKED,
      INVALID_CREDENTIALS),
  /** {@code SignInService.completeSecondFactor}: the TOTP or backup-code step. */
  SIGN_IN_SECOND_FACTOR("sign_in_second_factor", ERROR, SIGNED_IN, LOCKED, INVALID_CODE,
      INVALID_CHALLENGE),
  /**
   * {@code PasswordHasher.hash}: a new Argon2id hash, the wait for a hashing permit included
   * ({@link #HASH_PERMIT_WAIT} reports the wait on its own).
   */
  PASSWORD_HASH("password_hash", ERROR, HASHED, INVALID_PASSWORD),
  /**
   * {@code PasswordHasher.check}, {@code verify} and {@code verifyDummy}: a password against a
   * stored (or, for an unknown account, a dummy) hash, the wait for a hashing permit included.
   * Refusals compute nothing and take next to no time.
   */
  PASSWORD_VERIFY("password_verify", ERROR, MATCH, MISMATCH, INVALID_PASSWORD, MALFORMED_HASH,
      UNSUPPORTED_SCHEME, EXCESSIVE_COST, COMPUTATION_FAILED),
  /**
   * The wait for one of the permits that bound concurrent hash computations
   * ({@code PasswordHashingSettings.maxConcurrentHashes()}): near zero until sign-ins queue.
   */
  HASH_PERMIT_WAIT("hash_permit_wait", ACQUIRED, INTERRUPTED);

  private final String code;
  private final Set<Outcome> outcomes;

  Operation(String code, Outcome first, Outcome... rest) {
    this.code = code;
    this.outcomes = Collections.unmodifiableSet(EnumSet.of(first, rest));
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }

  /**
   * Every outcome this operation can report, and no other: a backend may register one timer per
   * pair up front, so that each series exists (at zero) before it first happens.
   */
  public Set<Outcome> outcomes() {
    return outcomes;
  }
}
