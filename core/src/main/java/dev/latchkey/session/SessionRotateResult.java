package dev.latchkey.session;

import java.util.Objects;

/**
 * The outcome of {@link SessionRegistry#rotate}: {@link Rotated} with the re-keyed session (its new
 * token shown once), or {@link NotRotated} with a stable reason — the same codes as
 * {@code ApiKeyRotateResult}.
 */
public sealed interface SessionRotateResult {

  /** The stable code: {@code rotated} or the reason's code. */
  String code();

  /**
   * The session has a new token and keeps its id; the old token stops working at once. Not a
   * record: it holds the new token.
   */
  final class Rotated implements SessionRotateResult {
    private final NewSession session;

    Rotated(NewSession session) {
      this.session = session;
    }

    /** The re-keyed session, with its new token: hand it to the client (a new cookie). */
    public NewSession session() {
      return session;
    }

    /** {@code rotated}. */
    @Override
    public String code() {
      return "rotated";
    }

    @Override
    public String toString() {
      return "Rotated[session=" + session.id() + ", token=redacted]";
    }
  }

  /**
   * Nothing changed.
   *
   * @param reason why
   */
  record NotRotated(Reason reason) implements SessionRotateResult {
    /** Requires the reason. */
    public NotRotated {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /** Why a session was not rotated. Codes are stable. */
  enum Reason {
    /** The token is malformed, unknown (possibly rotated earlier), or a sign-in challenge (401). */
    NOT_FOUND("not_found"),
    /** The session was revoked or signed out (401). */
    REVOKED("revoked"),
    /** The session expired, absolutely or by inactivity (401). */
    EXPIRED("expired"),
    /**
     * Another request rotated (or revoked) this session between our check and our write; the old
     * token no longer works (401).
     */
    ALREADY_ROTATED("already_rotated");

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
