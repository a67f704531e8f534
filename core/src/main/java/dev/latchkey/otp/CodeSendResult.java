package dev.latchkey.otp;

import dev.latchkey.delivery.Channel;
import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of sending a one-time code ({@link OneTimeCodes#beginEnrolment},
 * {@link OneTimeCodes#sendSignInCode}, {@link dev.latchkey.recovery.PasswordResets#sendCode}).
 */
public sealed interface CodeSendResult {

  /** Whether a code went out. */
  boolean sent();

  /**
   * A code was issued and the sender accepted the message.
   *
   * @param channel SMS or email
   * @param maskedDestination where it went, masked ({@code +44•••••••23}) for showing
   * @param expiresAt when the code stops working
   * @param resendAfter how long until another code may be sent to this account
   */
  record Sent(Channel channel, String maskedDestination, Instant expiresAt, Duration resendAfter)
      implements CodeSendResult {
    /** Requires every field. */
    public Sent {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(maskedDestination, "maskedDestination");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(resendAfter, "resendAfter");
    }

    @Override
    public boolean sent() {
      return true;
    }
  }

  /**
   * A send limit refused: nothing was sent and no code issued. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param limit which limit
   * @param retryAfter how long to wait; positive
   */
  record RateLimited(Limit limit, Duration retryAfter) implements CodeSendResult {
    /** Requires both. */
    public RateLimited {
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public boolean sent() {
      return false;
    }

    /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return RetryAfter.seconds(retryAfter);
    }
  }

  /**
   * Refused before anything was counted or sent.
   *
   * @param reason why
   */
  record Refused(Reason reason) implements CodeSendResult {
    /** Requires a reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean sent() {
      return false;
    }
  }

  /**
   * A code was issued but the {@link dev.latchkey.delivery.MessageSender} refused the message;
   * the send counted against the limits (the provider may have charged for it).
   *
   * @param deliveryCode the sender's refusal code
   *     ({@link dev.latchkey.delivery.DeliveryResult.Refused#code()})
   */
  record DeliveryFailed(String deliveryCode) implements CodeSendResult {
    /** Requires the code. */
    public DeliveryFailed {
      Objects.requireNonNull(deliveryCode, "deliveryCode");
    }

    @Override
    public boolean sent() {
      return false;
    }
  }

  /** Which send limit refused. Codes are stable. */
  enum Limit {
    /** Too soon after the previous code to this account ({@link OneTimeCodeSettings#resendCooldown()}). */
    COOL_DOWN("cool_down"),
    /** Too many codes to this account. */
    ACCOUNT("account"),
    /** Too many codes to this phone number or address, whatever account asked. */
    DESTINATION("destination"),
    /** Too many codes asked for from this client address. */
    CLIENT("client");

    private final String code;

    Limit(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }

  /** Why a send was refused outright. Codes are stable. */
  enum Reason {
    /** Not an E.164 phone number (SMS) or a valid email address. */
    INVALID_DESTINATION("invalid_destination"),
    /** The host's policy forbids SMS codes for this account (use an authenticator app). */
    CHANNEL_NOT_ALLOWED("channel_not_allowed"),
    /** The account has no enrolled destination on this channel. */
    NOT_ENROLLED("not_enrolled"),
    /** The sign-in challenge is malformed, unknown, used up or expired. */
    INVALID_CHALLENGE("invalid_challenge"),
    /**
     * The password-reset link is malformed, unknown, used up, expired or stale
     * ({@link dev.latchkey.recovery.PasswordResets#sendCode}).
     */
    INVALID_LINK("invalid_link");

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
