package dev.latchkey.passkeys;

/**
 * The outcome of asking {@link Passkeys} for ceremony options. Every variant has a stable
 * {@link #code()}.
 */
public sealed interface PasskeyOptionsResult {
  /**
   * The stable code: {@code issued}, {@code reauthentication_required},
   * {@code invalid_sign_in_challenge} or {@code no_passkeys}.
   */
  String code();

  /** Options were issued. @param options what to send to the browser */
  record Issued(PasskeyOptions options) implements PasskeyOptionsResult {
    /** {@code issued}. */
    @Override
    public String code() {
      return "issued";
    }
  }

  /**
   * Adding a passkey needs a recent authentication
   * ({@link dev.latchkey.session.SensitiveAction#ADD_PASSKEY}); re-authenticate, then ask again.
   */
  record ReauthenticationRequired() implements PasskeyOptionsResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }

  /** The sign-in challenge is unknown, used up, void or expired: start the sign-in again. */
  record InvalidSignInChallenge() implements PasskeyOptionsResult {
    /** {@code invalid_sign_in_challenge}. */
    @Override
    public String code() {
      return "invalid_sign_in_challenge";
    }
  }

  /** The account has no passkey to answer with (offer its other second factor instead). */
  record NoPasskeys() implements PasskeyOptionsResult {
    /** {@code no_passkeys}. */
    @Override
    public String code() {
      return "no_passkeys";
    }
  }
}
