package dev.latchkey.recovery;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of sending an email verification link ({@link EmailVerification#sendVerification})
 * or answering a sign-up ({@link EmailVerification#signUp}). For a sign-up it is the same whether
 * the address was new or already taken: answer "check your email" for {@link Sent}.
 */
public sealed interface VerificationSendResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The message went out (the sender accepted it).
   *
   * @param maskedAddress where it went, masked ({@code a•••@example.com}) for showing
   * @param expiresAt when a verification link sent now stops working
   */
  record Sent(String maskedAddress, Instant expiresAt) implements VerificationSendResult {
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
   * A send limit refused; nothing was sent. Answer 429 with
   * {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param limit which limit
   * @param retryAfter how long to wait; positive
   */
  record RateLimited(LinkSendLimit limit, Duration retryAfter) implements VerificationSendResult {
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

  /** The address is not a valid email address; nothing was counted or sent. */
  record InvalidEmail() implements VerificationSendResult {
    @Override
    public String code() {
      return "invalid_email";
    }
  }

  /**
   * The {@link dev.latchkey.delivery.MessageSender} refused the message; the send counted against
   * the limits.
   *
   * @param deliveryCode the sender's refusal code
   */
  record DeliveryFailed(String deliveryCode) implements VerificationSendResult {
    /** Requires the code. */
    public DeliveryFailed {
      Objects.requireNonNull(deliveryCode, "deliveryCode");
    }

    @Override
    public String code() {
      return "delivery_failed";
    }
  }
}
