package dev.latchkey.passkeys;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of {@link Passkeys#reauthenticate}. Every variant has a stable {@link #code()}.
 */
public sealed interface PasskeyReauthenticationResult {
  /** The stable code: {@code reauthenticated}, {@code session_ended}, or the failure's code. */
  String code();

  /** The session counts as freshly authenticated. @param at its new authentication time */
  record Reauthenticated(Instant at) implements PasskeyReauthenticationResult {
    /** Requires the time. */
    public Reauthenticated {
      Objects.requireNonNull(at, "at");
    }

    /** {@code reauthenticated}. */
    @Override
    public String code() {
      return "reauthenticated";
    }
  }

  /** The passkey was accepted but the session was revoked or expired meanwhile. */
  record SessionEnded() implements PasskeyReauthenticationResult {
    /** {@code session_ended}. */
    @Override
    public String code() {
      return "session_ended";
    }
  }

  /** Refused; nothing changed. @param reason why */
  record Rejected(PasskeyFailure reason) implements PasskeyReauthenticationResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    /** The reason's code. */
    @Override
    public String code() {
      return reason.code();
    }
  }
}
