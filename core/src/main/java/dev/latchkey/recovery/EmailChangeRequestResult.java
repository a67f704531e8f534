package dev.latchkey.recovery;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The outcome of asking to change an account's email ({@link EmailVerification#requestChange}). */
public sealed interface EmailChangeRequestResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * A confirmation link went to the new address; nothing changes until it is opened.
   *
   * @param maskedAddress the new address, masked
   * @param expiresAt when the link stops working
   */
  record Sent(String maskedAddress, Instant expiresAt) implements EmailChangeRequestResult {
    /** Requires both. */
    public Sent {
      Objects.requireNonNull(maskedAddress, "maskedAddress");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String code() {
      return "sent";
    }
  }

  /**
   * The session authenticated too long ago for {@code SensitiveAction.CHANGE_EMAIL}:
   * re-authenticate and ask again (answer 403 {@code reauthentication_required}). Nothing was
   * counted or sent.
   */
  record ReauthenticationRequired() implements EmailChangeRequestResult {
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }

  /**
   * Refused before anything was counted or sent.
   *
   * @param reason why
   */
  record Refused(Reason reason) implements EmailChangeRequestResult {
    /** Requires a reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /**
   * A send limit refused; nothing was sent.
   *
   * @param limit which limit
   * @param retryAfter how long to wait; positive
   */
  record RateLimited(LinkSendLimit limit, Duration retryAfter) implements EmailChangeRequestResult {
    /** Requires both. */
    public RateLimited {
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public String code() {
      return "rate_limited";
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }

  /**
   * The sender refused the confirmation message; the send counted against the limits.
   *
   * @param deliveryCode the sender's refusal code
   */
  record DeliveryFailed(String deliveryCode) implements EmailChangeRequestResult {
    /** Requires the code. */
    public DeliveryFailed {
      Objects.requireNonNull(deliveryCode, "deliveryCode");
    }

    @Override
    public String code() {
      return "delivery_failed";
    }
  }

  /** Why a change was refused outright. Codes are stable. */
  enum Reason {
    /** The new address is not a valid email address. */
    INVALID_EMAIL("invalid_email"),
    /** The new address is the current one. */
    SAME_ADDRESS("same_address"),
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
