package dev.latchkey.session;

import java.time.Instant;

/**
 * Proof that a sign-in challenge token is live: the first factor passed and a second one is owed.
 *
 * <p>Deliberately not a {@link ValidatedSession}: a challenge must never be accepted where a
 * signed-in session is required (listing or revoking sessions, changing a password). Only the
 * registry creates one.
 */
public final class SignInChallenge {
  private final String id;
  private final String accountId;
  private final Instant expiresAt;

  SignInChallenge(String id, String accountId, Instant expiresAt) {
    this.id = id;
    this.accountId = accountId;
    this.expiresAt = expiresAt;
  }

  /** The challenge's id (stored like a session id; revoking it uses the challenge up). */
  public String id() {
    return id;
  }

  /** The account that passed the first factor. */
  public String accountId() {
    return accountId;
  }

  /** When the challenge stops being accepted. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "SignInChallenge[id=" + id + ", accountId=" + accountId + ", expiresAt=" + expiresAt
        + "]";
  }
}
