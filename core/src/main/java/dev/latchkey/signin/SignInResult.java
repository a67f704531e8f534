package dev.latchkey.signin;

import dev.latchkey.session.NewSession;
import java.util.Objects;

/**
 * The outcome of a sign-in attempt. A sealed type: switch over it, and the compiler tells you when a
 * later version adds an outcome (second factor required, locked out, …).
 */
public sealed interface SignInResult {

  /** The credentials were right; the session is created and its token is in {@link #session()}. */
  final class SignedIn implements SignInResult {
    private final NewSession session;

    SignedIn(NewSession session) {
      this.session = Objects.requireNonNull(session);
    }

    /** The new session, holding the token to set as a cookie. */
    public NewSession session() {
      return session;
    }

    @Override
    public String toString() {
      return "SignedIn[" + session + "]";
    }
  }

  /**
   * The attempt failed. The reason is deliberately coarse: a host must not tell "no such account"
   * from "wrong password".
   *
   * @param reason the stable reason
   */
  record Rejected(Reason reason) implements SignInResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a sign-in was refused. */
  enum Reason {
    /** Unknown account, no password set, or wrong password: indistinguishable on purpose. */
    INVALID_CREDENTIALS("invalid_credentials");

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
