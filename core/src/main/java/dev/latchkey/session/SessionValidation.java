package dev.latchkey.session;

import java.util.Objects;

/**
 * The outcome of {@link SessionRegistry#validate(String)}: {@link Valid} with a proof, or
 * {@link Rejected} with a stable reason. Use a {@code switch} over the two.
 */
public sealed interface SessionValidation {

  /** Whether the token was accepted. */
  boolean isValid();

  /** The token is valid; {@link #session()} is the proof to pass to account-scoped calls. */
  final class Valid implements SessionValidation {
    private final ValidatedSession session;

    Valid(ValidatedSession session) {
      this.session = session;
    }

    /** The validated session. */
    public ValidatedSession session() {
      return session;
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public String toString() {
      return "Valid[" + session + "]";
    }
  }

  /**
   * The token is refused.
   *
   * @param reason why; hosts answer 401 for every reason and may log it
   */
  record Rejected(Reason reason) implements SessionValidation {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isValid() {
      return false;
    }
  }

  /** Why a token was refused. Codes are stable. */
  enum Reason {
    /** Empty, too long, or not in the token alphabet: never looked up. */
    MALFORMED("malformed"),
    /** No session has this token (never issued, purged, or rotated away). */
    UNKNOWN("unknown"),
    /** The session was revoked. */
    REVOKED("revoked"),
    /** The session was unused for longer than the idle timeout. */
    IDLE_EXPIRED("idle_expired"),
    /** The session reached its absolute lifetime. */
    EXPIRED("expired");

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
