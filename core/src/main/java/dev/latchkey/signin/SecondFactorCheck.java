package dev.latchkey.signin;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a {@link SecondFactorVerifier} found. */
public sealed interface SecondFactorCheck {

  /** The factor is proven for the challenge's account. */
  record Accepted() implements SecondFactorCheck {}

  /**
   * The response does not prove the factor.
   *
   * @param code the verifier's stable reason ({@code wrong_origin}, {@code bad_signature}…), shown
   *     to the host through {@link SignInResult.Reason#INVALID_CODE} and recorded in the failed
   *     sign-in's event as {@code reason}: 1 to 32 characters of {@code [a-z0-9_]}
   */
  record Rejected(String code) implements SecondFactorCheck {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Checks the code. */
    public Rejected {
      Objects.requireNonNull(code, "code");
      if (!CODE.matcher(code).matches()) {
        throw new IllegalArgumentException("Invalid code; must match " + CODE);
      }
    }
  }

  /**
   * The verifier's own attempt limit refused the response without checking it (an SMS or email
   * code guessed too often for the account or the client): the sign-in answers
   * {@link SignInResult.Locked} with this wait.
   *
   * @param retryAfter how long to wait; positive
   */
  record Locked(Duration retryAfter) implements SecondFactorCheck {
    /** Requires a positive wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("Invalid retryAfter; must be positive");
      }
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }
}
