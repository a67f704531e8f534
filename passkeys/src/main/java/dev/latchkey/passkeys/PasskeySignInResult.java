package dev.latchkey.passkeys;

import dev.latchkey.signin.SignInResult;
import java.util.Objects;

/**
 * The outcome of signing in with a passkey ({@link Passkeys#completeSecondFactor},
 * {@link Passkeys#signIn}). Every variant has a stable {@link #code()}.
 */
public sealed interface PasskeySignInResult {
  /** The stable code: {@code completed}, or the failure's code. */
  String code();

  /**
   * The passkey was accepted and the sign-in flow answered: normally
   * {@link SignInResult.SignedIn} (set the session cookie); {@link SignInResult.Locked} when the
   * account's sign-ins are locked.
   *
   * @param result the sign-in flow's answer
   */
  record Completed(SignInResult result) implements PasskeySignInResult {
    /** Requires a result. */
    public Completed {
      Objects.requireNonNull(result, "result");
    }

    /** {@code completed}. */
    @Override
    public String code() {
      return "completed";
    }
  }

  /** Refused: no session. @param reason why (401 for every reason) */
  record Rejected(PasskeyFailure reason) implements PasskeySignInResult {
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
