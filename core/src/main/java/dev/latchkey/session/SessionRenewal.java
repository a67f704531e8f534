package dev.latchkey.session;

import java.util.Optional;

/**
 * What a change of factor (a password changed or reset, two-factor authentication switched on or
 * off, backup codes regenerated, a sign-in method linked or unlinked) did to the account's
 * sessions: how many other sessions it ended, and the current session's new token.
 *
 * <p>Hand {@link #newSession()} to the client at once (replace the cookie): the old token of the
 * current session stopped working when the change was made. Not a record: it holds a token.
 */
public final class SessionRenewal {
  private final int otherSessionsEnded;
  private final NewSession newSession;

  SessionRenewal(int otherSessionsEnded, NewSession newSession) {
    this.otherSessionsEnded = otherSessionsEnded;
    this.newSession = newSession;
  }

  /**
   * How many other sessions of the account were signed out: 0 when the host keeps them
   * ({@link SessionSettings.Builder#keepOtherSessionsOnFactorChange()}). For a change made on the
   * host's authority without a session (a password reset), every session of the account counts.
   */
  public int otherSessionsEnded() {
    return otherSessionsEnded;
  }

  /**
   * The current session with a new token (same id, same expiry): set it as the cookie. Empty when
   * the change acted for no session, or when the session had ended or been rotated by another
   * request meanwhile (its old token no longer works either way).
   */
  public Optional<NewSession> newSession() {
    return Optional.ofNullable(newSession);
  }

  @Override
  public String toString() {
    return "SessionRenewal[otherSessionsEnded=" + otherSessionsEnded + ", newSession="
        + (newSession == null ? "none" : newSession.id() + " (token redacted)") + "]";
  }
}
