package dev.latchkey.recovery;

import java.util.Objects;

/** The outcome of opening an email verification link ({@link EmailVerification#verify}). */
public sealed interface EmailVerifyResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The address is verified: the host marks {@code email} verified on {@code accountId} (if it is
   * still the account's address).
   *
   * @param accountId the account the link was sent for
   * @param email the address it was sent to
   */
  record Verified(String accountId, String email) implements EmailVerifyResult {
    /** Requires both. */
    public Verified {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(email, "email");
    }

    @Override
    public String code() {
      return "verified";
    }
  }

  /**
   * The link is not usable; nothing changed.
   *
   * @param reason why
   */
  record InvalidLink(LinkRejection reason) implements EmailVerifyResult {
    /** Requires a reason. */
    public InvalidLink {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }
}
