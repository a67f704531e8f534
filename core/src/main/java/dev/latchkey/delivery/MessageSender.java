package dev.latchkey.delivery;

import java.util.Objects;

/**
 * The delivery SPI: the host (or an adapter module) delivers a {@link Message} by SMS or email and
 * says whether its provider took it.
 *
 * <p>Adapters: {@code latchkey-delivery-smtp} ({@code SmtpSender}, Jakarta Mail),
 * {@code latchkey-delivery-sms} ({@code TwilioSmsSender}, {@code java.net.http}), and
 * {@link DevOutbox} for development. A host with both channels combines two senders with
 * {@link #byChannel}.
 *
 * <p>Implementations must be thread-safe, should answer within a few seconds (Latchkey calls them
 * on the request's thread), and must never log or put into an exception message the
 * {@link Message#content() content}. Latchkey calls every sender through {@link #guarded}, so an
 * exception becomes a {@link DeliveryResult.Refused} with {@link DeliveryResult.Refused#SENDER_FAILED}.
 */
@FunctionalInterface
public interface MessageSender {

  /**
   * Delivers one message.
   *
   * @return {@link DeliveryResult.Accepted} or {@link DeliveryResult.Refused}; never {@code null}
   */
  DeliveryResult deliver(Message message);

  /**
   * {@code sender}, made unable to throw: an exception (or a {@code null} answer) becomes
   * {@link DeliveryResult.Refused#SENDER_FAILED}, and is logged with its type and stack trace but
   * without its message, which might quote the code. Guarding a guarded sender returns it as is.
   */
  static MessageSender guarded(MessageSender sender) {
    Objects.requireNonNull(sender, "sender");
    return sender instanceof GuardedSender ? sender : new GuardedSender(sender);
  }

  /**
   * One sender per channel: SMS to {@code sms}, email to {@code email}. Either may be {@code null}
   * when the host has no such channel; a message for it is then refused with
   * {@link DeliveryResult.Refused#REJECTED}.
   */
  static MessageSender byChannel(MessageSender sms, MessageSender email) {
    if (sms == null && email == null) {
      throw new IllegalArgumentException("byChannel needs a sender for at least one channel");
    }
    return message -> {
      MessageSender s = message.channel() == Channel.SMS ? sms : email;
      return s == null ? new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED)
          : s.deliver(message);
    };
  }
}
