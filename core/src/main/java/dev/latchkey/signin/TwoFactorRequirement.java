package dev.latchkey.signin;

import java.time.Instant;
import java.util.Objects;

/**
 * The host's rule for which accounts must use two-factor authentication ("required for owners and
 * admins", "required on Enterprise plans"), consulted at every sign-in of an account that has no
 * authenticator app yet.
 *
 * <ul>
 *   <li>{@link Requirement#notRequired()}: sign-in as usual.
 *   <li>{@link Requirement#requiredAfter(Instant)} with the grace period still running: sign-in as
 *       usual, and {@link SignInResult.SignedIn#twoFactorEnrollmentDueBy()} tells the host to nag.
 *   <li>{@link Requirement#required()}, or a grace period that is over: the password still has to be
 *       right, but the result is {@link SignInResult.EnrollmentRequired}, whose session is
 *       {@link dev.latchkey.session.Assurance#ENROLLMENT_ONLY} — good only for enrolling.
 * </ul>
 *
 * <p><b>Before turning this on</b>, make every endpoint except two-factor enrolment and sign-out
 * refuse sessions that are not
 * {@link dev.latchkey.session.ValidatedSession#isFullyAuthenticated() fully authenticated}: an
 * enrollment-only session validates like any other.
 *
 * <p>Called on the sign-in thread; keep it quick (a lookup the host has cached). An exception it
 * throws fails the sign-in (no session is created); returning {@code null} is a bug and throws
 * {@link NullPointerException}. Enforcement happens at sign-in: sessions that already exist are not
 * affected (revoke them if they must be).
 */
@FunctionalInterface
public interface TwoFactorRequirement {

  /** Whether {@code accountId} (which has no authenticator app) must enrol one. */
  Requirement requirementFor(String accountId);

  /** The default: two-factor authentication is never required. */
  static TwoFactorRequirement never() {
    return accountId -> Requirement.notRequired();
  }

  /** Every account must use two-factor authentication, with no grace period. */
  static TwoFactorRequirement always() {
    return accountId -> Requirement.required();
  }

  /** What {@link TwoFactorRequirement#requirementFor} answers. A sealed type of plain values. */
  sealed interface Requirement {
    /** Optional for this account. */
    static Requirement notRequired() {
      return NotRequired.INSTANCE;
    }

    /** Required now: the next sign-in gets an enrollment-only session. */
    static Requirement required() {
      return Required.INSTANCE;
    }

    /**
     * Required from {@code graceEnds}: until then sign-ins are normal but report the deadline; at
     * and after it they are {@link #required()}.
     */
    static Requirement requiredAfter(Instant graceEnds) {
      return new RequiredAfter(graceEnds);
    }

    /** Two-factor authentication is optional. */
    record NotRequired() implements Requirement {
      private static final NotRequired INSTANCE = new NotRequired();
    }

    /** Two-factor authentication is required now. */
    record Required() implements Requirement {
      private static final Required INSTANCE = new Required();
    }

    /**
     * Two-factor authentication is required from {@code graceEnds} on.
     *
     * @param graceEnds the end of the grace period
     */
    record RequiredAfter(Instant graceEnds) implements Requirement {
      /** Requires the instant. */
      public RequiredAfter {
        Objects.requireNonNull(graceEnds, "graceEnds");
      }
    }
  }
}
