package dev.latchkey.session;

import java.time.Instant;

/**
 * Proof that a token was valid at the moment {@link SessionRegistry#validate} checked it.
 *
 * <p>Only the registry can create one (package-private constructor), so an API that takes a
 * {@code ValidatedSession} — "list my sessions", "revoke my other sessions" — cannot be called with
 * an account id the caller merely claims. Not a record, so it has no public constructor.
 */
public final class ValidatedSession {
  private final String sessionId;
  private final String accountId;
  private final Assurance assurance;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final Instant authenticatedAt;
  /** The hash of the token that validated, so the registry can re-key exactly this session. */
  private final String tokenHash;

  ValidatedSession(String sessionId, String accountId, Assurance assurance, Instant createdAt,
      Instant expiresAt, Instant authenticatedAt, String tokenHash) {
    this.sessionId = sessionId;
    this.accountId = accountId;
    this.assurance = assurance;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.authenticatedAt = authenticatedAt;
    this.tokenHash = tokenHash;
  }

  /** The session's public id. */
  public String sessionId() {
    return sessionId;
  }

  /** The account that holds the session. */
  public String accountId() {
    return accountId;
  }

  /** How the holder authenticated. */
  public Assurance assurance() {
    return assurance;
  }

  /**
   * Whether the holder fully signed in ({@link Assurance#SINGLE_FACTOR} or
   * {@link Assurance#MULTI_FACTOR}). Check this on every endpoint except two-factor enrolment and
   * sign-out: it is {@code false} for an {@link #enrollmentOnly()} session.
   */
  public boolean isFullyAuthenticated() {
    return assurance == Assurance.SINGLE_FACTOR || assurance == Assurance.MULTI_FACTOR;
  }

  /**
   * Whether this is a restricted session that may only enrol a second factor (the account must use
   * two-factor authentication and has none yet). Serve it the enrolment endpoints and sign-out only;
   * confirming an authenticator app with it ({@code TotpEnroller.confirm(session, …)}) re-keys it
   * into a full {@link Assurance#MULTI_FACTOR} session, whose new token is in the result.
   */
  public boolean enrollmentOnly() {
    return assurance == Assurance.ENROLLMENT_ONLY;
  }

  /** When the session was created (its sign-in). */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * When the holder last proved a factor: the sign-in, or a later re-authentication
   * ({@code Latchkey.reauthenticator()}). Sensitive actions need it recent
   * ({@link RecentAuthentication}); rotating the token does not change it.
   */
  public Instant authenticatedAt() {
    return authenticatedAt;
  }

  String tokenHash() {
    return tokenHash;
  }

  /** The absolute expiry. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "ValidatedSession[id=" + sessionId + ", accountId=" + accountId + ", assurance="
        + assurance + "]";
  }
}
