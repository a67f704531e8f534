package dev.latchkey.delivery;

import java.util.Objects;
import java.util.regex.Pattern;

/** What a {@link MessageSender} did with a message: accepted it for delivery, or refused it. */
public sealed interface DeliveryResult {

  /** Whether the message was accepted. */
  boolean accepted();

  /**
   * The sender (its provider) took the message. Acceptance is not delivery: an SMS may still fail
   * on the carrier's side, an email may still bounce.
   *
   * @param providerId the provider's id of the message (Twilio's {@code sid}, an SMTP queue id),
   *     or an empty string when it gives none; never {@code null}
   */
  record Accepted(String providerId) implements DeliveryResult {
    /** Requires an id, possibly empty. */
    public Accepted {
      Objects.requireNonNull(providerId, "providerId");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * The message was not taken.
   *
   * @param code a stable reason: one of the constants below, or a provider's own code
   *     ({@code twilio_21211}); 1 to 48 characters of {@code [a-z0-9_]}, starting with a letter
   */
  record Refused(String code) implements DeliveryResult {
    /** The destination cannot receive messages (an invalid number, a landline, a bad address). */
    public static final String INVALID_DESTINATION = "invalid_destination";
    /** The provider refused the sender's credentials or configuration. */
    public static final String NOT_AUTHORIZED = "not_authorized";
    /** The provider asks to slow down. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The provider could not be reached, timed out, or failed on its side. */
    public static final String UNAVAILABLE = "unavailable";
    /** The provider refused for a reason not listed here. */
    public static final String REJECTED = "rejected";
    /**
     * The host's sender threw instead of answering ({@link MessageSender#guarded}); the exception
     * was logged without its message.
     */
    public static final String SENDER_FAILED = "sender_failed";

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    /** Checks the code. */
    public Refused {
      Objects.requireNonNull(code, "code");
      if (!CODE.matcher(code).matches()) {
        throw new IllegalArgumentException("Invalid code; must match " + CODE);
      }
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
