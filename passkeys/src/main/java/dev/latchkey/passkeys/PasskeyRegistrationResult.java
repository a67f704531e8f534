package dev.latchkey.passkeys;

import dev.latchkey.passkey.PasskeyAddResult;
import java.util.Objects;

/**
 * The outcome of {@link Passkeys#register}. Every variant has a stable {@link #code()}.
 * Suggested HTTP answers: {@link Registered} 201, {@link Rejected} 400 (409 for
 * {@link PasskeyFailure#ALREADY_REGISTERED}).
 */
public sealed interface PasskeyRegistrationResult {
  /** The stable code: {@code registered}, or the failure's code. */
  String code();

  /**
   * The passkey is stored; the account's other sessions were signed out and the current one
   * re-keyed ({@link PasskeyAddResult.Added#sessions()}: set its new token as the cookie). Not a
   * record: it holds the new token.
   */
  final class Registered implements PasskeyRegistrationResult {
    private final PasskeyAddResult.Added added;

    Registered(PasskeyAddResult.Added added) {
      this.added = Objects.requireNonNull(added, "added");
    }

    /** The new passkey and what its addition did to the account's sessions. */
    public PasskeyAddResult.Added added() {
      return added;
    }

    /** {@code registered}. */
    @Override
    public String code() {
      return "registered";
    }

    @Override
    public String toString() {
      return "Registered[" + added + "]";
    }
  }

  /** Refused; nothing was stored. @param reason why */
  record Rejected(PasskeyFailure reason) implements PasskeyRegistrationResult {
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
