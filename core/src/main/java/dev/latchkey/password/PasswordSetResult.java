package dev.latchkey.password;

import dev.latchkey.session.SessionRenewal;
import java.util.Objects;

/**
 * The outcome of {@link AccountPasswords#set}. A sealed type: switch over it. Every outcome has a
 * stable {@link #code()}; none repeats the password.
 */
public sealed interface PasswordSetResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The password was set: the account can now sign in with it. A new way in, so the account's
   * other sessions were signed out and the current one re-keyed ({@link #sessions()}). Not a
   * record: it holds the new token.
   */
  final class Set implements PasswordSetResult {
    private final SessionRenewal sessions;

    Set(SessionRenewal sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** What the change did to the account's sessions, with the current session's new token. */
    public SessionRenewal sessions() {
      return sessions;
    }

    @Override
    public String code() {
      return "set";
    }

    @Override
    public String toString() {
      return "Set[" + sessions + "]";
    }
  }

  /**
   * The password breaks the policy; nothing changed. Answer 422 with the violations.
   *
   * @param validation the policy's verdict
   */
  record Rejected(PasswordValidation validation) implements PasswordSetResult {
    /** Requires a verdict. */
    public Rejected {
      Objects.requireNonNull(validation, "validation");
    }

    @Override
    public String code() {
      return "rejected";
    }
  }

  /**
   * Setting a password was refused before the password was looked at.
   *
   * @param reason why
   */
  record NotAllowed(Reason reason) implements PasswordSetResult {
    /** Requires a reason. */
    public NotAllowed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /** Why setting a password was refused. */
  enum Reason {
    /**
     * The session authenticated too long ago: ask the user to re-authenticate (a code, or a new
     * sign-in through their provider) and retry.
     */
    REAUTHENTICATION_REQUIRED("reauthentication_required"),
    /** The account already has a password: changing it needs the current one ({@link AccountPasswords#change}). */
    ALREADY_HAS_PASSWORD("already_has_password"),
    /** The session is not fully authenticated (an enrollment-only session). */
    SESSION_RESTRICTED("session_restricted");

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
