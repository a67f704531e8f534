package dev.latchkey.recovery;

import dev.latchkey.internal.RetryAfter;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of asking for a password-reset link ({@link PasswordResets#request}). It never says
 * whether the address belongs to an account: answer "if an account uses this address, we sent it
 * a link" for {@link Accepted}.
 */
public sealed interface ResetRequestResult {

  /** The stable code of this outcome. */
  String code();

  /**
   * The request was taken: a link went to the address if it belongs to an account (and its
   * sender accepted the message). The same for an unknown address.
   */
  record Accepted() implements ResetRequestResult {
    @Override
    public String code() {
      return "accepted";
    }
  }

  /**
   * A send limit refused (counted the same for known and unknown addresses); nothing was sent.
   * Answer 429 with {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param limit which limit
   * @param retryAfter how long to wait; positive
   */
  record RateLimited(LinkSendLimit limit, Duration retryAfter) implements ResetRequestResult {
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
  record InvalidEmail() implements ResetRequestResult {
    @Override
    public String code() {
      return "invalid_email";
    }
  }
}
