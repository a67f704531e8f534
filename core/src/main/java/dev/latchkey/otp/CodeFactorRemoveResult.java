package dev.latchkey.otp;

import dev.latchkey.session.SessionRenewal;

/** The outcome of {@link OneTimeCodes#remove}. */
public sealed interface CodeFactorRemoveResult {

  /**
   * The destination is no longer a factor; the account's other sessions ended and the current one
   * was re-keyed.
   */
  final class Removed implements CodeFactorRemoveResult {
    private final SessionRenewal renewal;

    Removed(SessionRenewal renewal) {
      this.renewal = renewal;
    }

    /** Sessions ended, and the current session's new token. */
    public SessionRenewal renewal() {
      return renewal;
    }

    @Override
    public String toString() {
      return "Removed[" + renewal + "]";
    }
  }

  /** The account has no destination on that channel; nothing changed. */
  record NotEnrolled() implements CodeFactorRemoveResult {}

  /**
   * The session's last authentication is too old for removing a factor
   * ({@link dev.latchkey.session.SensitiveAction#DISABLE_TWO_FACTOR}): re-authenticate first.
   * Nothing changed.
   */
  record ReauthenticationRequired() implements CodeFactorRemoveResult {}
}
