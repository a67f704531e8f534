package dev.latchkey.password;

import java.util.Objects;

/**
 * The outcome of {@link AccountPasswords#set}. A sealed type: switch over it. Every outcome has a
 * stable {@link #code()}; none repeats the password.
 */
public sealed interface PasswordSetResult {

  /** The stable code of this outcome. */
  String code();

  /** The password was set: the account can now sign in with it (answer 204). */
  record Set() implements PasswordSetResult {
    @Override
    public String code() {
      return "set";
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
     * The session was created too long ago: ask the user to sign in again (through their provider)
     * and retry with the new session.
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
