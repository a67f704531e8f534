package dev.latchkey.session;


import dev.latchkey.common.Secret;
import java.time.Instant;

/**
 * A session just created (or re-keyed): the only object that ever holds its bearer token.
 *
 * <p>Hand {@link #token()} to the client once (an HttpOnly cookie) and drop it; Latchkey keeps only
 * its SHA-256. Not a record: a record's {@code toString} and {@code equals} would expose the token.
 */
public final class NewSession {
  private final String id;
  private final String accountId;
  private final Secret token;
  private final Instant expiresAt;
  private final Assurance assurance;

  NewSession(String id, String accountId, Secret token, Instant expiresAt, Assurance assurance) {
    this.id = id;
    this.accountId = accountId;
    this.token = token;
    this.expiresAt = expiresAt;
    this.assurance = assurance;
  }

  /** The public session id (safe to show, list and log). */
  public String id() {
    return id;
  }

  /** The account the session belongs to. */
  public String accountId() {
    return accountId;
  }

  /** The bearer token: 256 random bits, URL-safe. Shown only here. */
  public Secret token() {
    return token;
  }

  /** The absolute expiry (idle expiry may end it sooner); use it for the cookie's lifetime. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** How the holder authenticated. */
  public Assurance assurance() {
    return assurance;
  }

  @Override
  public String toString() {
    return "NewSession[id=" + id + ", accountId=" + accountId + ", token=redacted, expiresAt="
        + expiresAt + ", assurance=" + assurance + "]";
  }
}
