package dev.latchkey.password;

import java.util.Objects;

/**
 * The outcome of checking a password against a stored hash ({@link PasswordHasher#check}).
 *
 * <p>{@link Match} and {@link Mismatch} are answers about the password. {@link Refused} says the
 * stored hash (or the password's form) could not be checked at all: the hash is malformed, of a
 * scheme Latchkey does not verify, or asks for more work than the hasher's
 * {@link PasswordHashingSettings#maxStoredMemoryKib() limits} allow. A refusal computes nothing and
 * is logged as a warning naming only the scheme; callers treat it as a failed sign-in.
 */
public sealed interface PasswordCheck {

  /** A stable, lower-case code: {@code match}, {@code mismatch} or the refusal reason's code. */
  String code();

  /**
   * The password matches.
   *
   * @param needsRehash whether the stored hash should be replaced by a new {@link
   *     PasswordHasher#hash} of the password (weaker parameters, another scheme, legacy bcrypt)
   */
  record Match(boolean needsRehash) implements PasswordCheck {
    @Override
    public String code() {
      return "match";
    }
  }

  /** The password does not match. */
  record Mismatch() implements PasswordCheck {
    @Override
    public String code() {
      return "mismatch";
    }
  }

  /**
   * Nothing was compared.
   *
   * @param reason why
   */
  record Refused(Reason reason) implements PasswordCheck {
    /** Requires a reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /** Why a check was refused. */
  enum Reason {
    /** The password is over the length cap or not well-formed UTF-16. */
    INVALID_PASSWORD("invalid_password"),
    /** The stored string is not a well-formed hash of a supported scheme. */
    MALFORMED_HASH("malformed_hash"),
    /** The stored string is of a scheme Latchkey does not verify. */
    UNSUPPORTED_SCHEME("unsupported_scheme"),
    /** The stored hash asks for more memory, passes, lanes or rounds than the limits allow. */
    EXCESSIVE_COST("excessive_cost"),
    /** The computation failed (out of memory, or the hashing library refused the parameters). */
    COMPUTATION_FAILED("computation_failed");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }
}
