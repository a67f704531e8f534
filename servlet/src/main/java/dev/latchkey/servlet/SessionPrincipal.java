package dev.latchkey.servlet;

import dev.latchkey.session.ValidatedSession;

/** A request authenticated by its session cookie: the account, and the validated session. */
public final class SessionPrincipal extends LatchkeyPrincipal {
  /** {@code getAuthType()} of a request authenticated by its session cookie. */
  public static final String AUTH_TYPE = "LATCHKEY_SESSION";

  private final ValidatedSession session;

  SessionPrincipal(ValidatedSession session) {
    this.session = session;
  }

  /** The account id. */
  @Override
  public String getName() {
    return session.accountId();
  }

  /** The proof, for account-scoped calls ({@code sessions().list(session)}, …). */
  public ValidatedSession session() {
    return session;
  }

  @Override
  public String authType() {
    return AUTH_TYPE;
  }

  @Override
  public String toString() {
    return "SessionPrincipal[" + session + "]";
  }
}
