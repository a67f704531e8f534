package dev.latchkey.signin;

import dev.latchkey.common.Secret;
import dev.latchkey.internal.RetryAfter;
import dev.latchkey.session.NewSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a sign-in step. A sealed type: switch over it, and the compiler tells you when a
 * later version adds an outcome.
 */
public sealed interface SignInResult {

  /**
   * The credentials were right; the session is created and its token is in {@link #session()}.
   * With known devices on, {@link #deviceToken()} holds this device's new device token: set it as a
   * long-lived cookie and pass it back at the next sign-in.
   */
  final class SignedIn implements SignInResult {
    private final NewSession session;
    private final Instant enrollmentDueBy;
    private final KnownDeviceToken deviceToken;

    SignedIn(NewSession session, Instant enrollmentDueBy, KnownDeviceToken deviceToken) {
      this.session = Objects.requireNonNull(session);
      this.enrollmentDueBy = enrollmentDueBy;
      this.deviceToken = deviceToken;
    }

    /**
     * This device's new device token, replacing the one it showed (which no longer works): set it
     * as the device cookie. Empty when the stores have no known-device store, or it could not be
     * stored (the sign-in stands; the device just stays unknown).
     */
    public Optional<KnownDeviceToken> deviceToken() {
      return Optional.ofNullable(deviceToken);
    }

    /** The new session, holding the token to set as a cookie. */
    public NewSession session() {
      return session;
    }

    /**
     * When the account must have two-factor authentication by: present while the host's
     * {@link TwoFactorRequirement} grace period runs (show "set up two-factor authentication by
     * …"). After it, sign-ins give {@link EnrollmentRequired} instead.
     */
    public Optional<Instant> twoFactorEnrollmentDueBy() {
      return Optional.ofNullable(enrollmentDueBy);
    }

    @Override
    public String toString() {
      return "SignedIn[" + session
          + (enrollmentDueBy == null ? "" : ", twoFactorEnrollmentDueBy=" + enrollmentDueBy)
          + (deviceToken == null ? "" : ", " + deviceToken) + "]";
    }
  }

  /**
   * The password was right, but the host's {@link TwoFactorRequirement} says this account must use
   * two-factor authentication, it has none, and any grace period is over. {@link #session()} is an
   * {@link dev.latchkey.session.Assurance#ENROLLMENT_ONLY} session: set it as the cookie and send the
   * user to the enrolment page. Serve it nothing but enrolment and sign-out (check
   * {@link dev.latchkey.session.ValidatedSession#isFullyAuthenticated()} on every other endpoint).
   *
   * <p>When the user confirms their authenticator app with this session, the confirmation itself
   * re-keys it into a full {@link dev.latchkey.session.Assurance#MULTI_FACTOR} session (a change of
   * factor re-keys the session that made it):
   * <pre>{@code
   * if (latchkey.totp().confirm(session, code, client) instanceof ConfirmResult.Confirmed c) {
   *   c.sessions().newSession().ifPresent(full -> setCookie(full.token()));
   *   // show c.backupCodes()
   * }
   * }</pre>
   * Never upgrade an enrollment-only session any other way (because the account gained 2FA
   * elsewhere, say): only a confirmation made with that same session does.
   */
  final class EnrollmentRequired implements SignInResult {
    private final NewSession session;

    EnrollmentRequired(NewSession session) {
      this.session = Objects.requireNonNull(session);
    }

    /** The restricted session, holding the token to set as a cookie. */
    public NewSession session() {
      return session;
    }

    @Override
    public String toString() {
      return "EnrollmentRequired[" + session + "]";
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
      return RetryAfter.seconds(retryAfter);
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
