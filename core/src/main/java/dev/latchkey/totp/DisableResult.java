package dev.latchkey.totp;

import java.util.Objects;

/** The outcome of {@link TotpEnroller#disable}. */
public sealed interface DisableResult {

  /** Whether two-factor authentication was switched off by this call. */
  boolean isDisabled();

  /** Switched off: the secret and every backup code are deleted. */
  record Disabled() implements DisableResult {
    @Override
    public boolean isDisabled() {
      return true;
    }
  }

  /**
   * Refused; nothing changed.
   *
   * @param reason why
   */
  record Rejected(Reason reason) implements DisableResult {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isDisabled() {
      return false;
    }
  }

  /** Why disabling was refused. Codes are stable. */
  enum Reason {
    /** Two-factor authentication is not active for the account. */
    NOT_ENROLLED("not_enrolled"),
    /** Neither a TOTP code nor a backup code in form. */
    MALFORMED_CODE("malformed_code"),
    /** Not a current TOTP code nor an unused backup code of the account. */
    INVALID_CODE("invalid_code"),
    /** A TOTP code whose time step was already used. */
    REPLAYED("replayed"),
    /** The session is not multi-factor, or was not created within the allowed age. */
    REAUTHENTICATION_REQUIRED("reauthentication_required");

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
