package dev.latchkey.signin;

import dev.latchkey.client.ClientInfo;
import java.time.Instant;

/**
 * Proof that a sign-in challenge token is live: the first factor passed and a second one is owed.
 *
 * <p>Deliberately not a {@link dev.latchkey.session.ValidatedSession}: a challenge must never be
 * accepted where a signed-in session is required (listing or revoking sessions, changing a
 * password). Only the sign-in flow creates one ({@link SignInService#findChallenge}).
 */
public final class SignInChallenge {
  private final String id;
  private final String accountId;
  private final ClientInfo client;
  private final Instant createdAt;
  private final Instant expiresAt;

  SignInChallenge(String id, String accountId, ClientInfo client, Instant createdAt,
      Instant expiresAt) {
    this.id = id;
    this.accountId = accountId;
    this.client = client;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /** The challenge's id (names its wrong-code counter; never authenticates anything). */
  public String id() {
    return id;
  }

  /** The account that passed the first factor. */
  public String accountId() {
    return accountId;
  }

  /** The client address and User-Agent of the first step, as stored. */
  public ClientInfo client() {
    return client;
  }

  /** When the first factor passed. */
  public Instant createdAt() {
    return createdAt;
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
