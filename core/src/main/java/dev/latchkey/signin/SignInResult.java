package dev.latchkey.signin;

import dev.latchkey.Secret;
import dev.latchkey.session.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a sign-in step. A sealed type: switch over it, and the compiler tells you when a
 * later version adds an outcome.
 */
public sealed interface SignInResult {

  /** The credentials were right; the session is created and its token is in {@link #session()}. */
  final class SignedIn implements SignInResult {
    private final NewSession session;

    SignedIn(NewSession session) {
      this.session = Objects.requireNonNull(session);
    }

    /** The new session, holding the token to set as a cookie. */
    public NewSession session() {
      return session;
    }

    @Override
    public String toString() {
      return "SignedIn[" + session + "]";
    }
  }

  /**
   * The password was right and the account has two-factor authentication: no session yet. Hand
   * {@link #challenge()} to the client (it is single-use and short-lived) and call
   * {@link SignInService#completeSecondFactor} with it and the code the user types.
   */
  final class SecondFactorRequired implements SignInResult {
    private final Secret challenge;
    private final Instant expiresAt;

    SecondFactorRequired(Secret challenge, Instant expiresAt) {
      this.challenge = Objects.requireNonNull(challenge);
      this.expiresAt = Objects.requireNonNull(expiresAt);
    }

    /** The challenge token (the demo's {@code mfa_token}). */
    public Secret challenge() {
      return challenge;
    }

    /** When the challenge stops being accepted. */
    public Instant expiresAt() {
      return expiresAt;
    }

    @Override
    public String toString() {
      return "SecondFactorRequired[challenge=redacted, expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Too many attempts for this account or client: nothing was checked. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryAfter how long to wait
   */
  record Locked(Duration retryAfter) implements SignInResult {
    /** Requires a wait. */
    public Locked {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  /**
   * The attempt failed. The reasons are deliberately coarse: a host must not tell "no such account"
   * from "wrong password".
   *
   * @param reason the stable reason
   */
  record Rejected(Reason reason) implements SignInResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a sign-in step was refused. */
  enum Reason {
    /** Unknown account, no password set, or wrong password: indistinguishable on purpose. */
    INVALID_CREDENTIALS("invalid_credentials"),
    /** The second-factor code is wrong, already used, or not a code at all. */
    INVALID_CODE("invalid_code"),
    /** The challenge is unknown, expired, already used, or void after too many wrong codes. */
    INVALID_CHALLENGE("invalid_challenge");

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
