package dev.latchkey.delivery;

import dev.latchkey.common.Secret;
import java.util.Locale;
import java.util.Objects;

/**
 * One message for the host's {@link MessageSender} to deliver: a one-time code (or, for flows that
 * send one, a link) for a person, by SMS or email.
 *
 * <p>Not a record: the content is a {@link Secret} (a code that signs someone in), so
 * {@link #toString()} leaves it out, and there is no {@code equals} that could compare it. An
 * adapter reads it with {@code content().reveal()} only to put it into the outgoing message.
 *
 * <p>Immutable and thread-safe.
 */
public final class Message {
  private final Channel channel;
  private final String destination;
  private final MessagePurpose purpose;
  private final Secret content;
  private final Locale locale;

  private Message(Channel channel, String destination, MessagePurpose purpose, Secret content,
      Locale locale) {
    this.channel = channel;
    this.destination = destination;
    this.purpose = purpose;
    this.content = content;
    this.locale = locale;
  }

  /**
   * A message.
   *
   * @param destination an E.164 phone number for {@link Channel#SMS}, an email address for
   *     {@link Channel#EMAIL}, checked by {@link Destinations}
   * @param content the code or link
   * @param locale the language to write it in
   * @throws IllegalArgumentException when the destination is not valid for the channel
   */
  public static Message of(Channel channel, String destination, MessagePurpose purpose,
      Secret content, Locale locale) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(locale, "locale");
    if (!Destinations.isValid(channel, destination)) {
      throw new IllegalArgumentException("Invalid destination for channel " + channel.code());
    }
    return new Message(channel, destination, purpose, content, locale);
  }

  /** SMS or email. */
  public Channel channel() {
    return channel;
  }

  /** The E.164 phone number or the email address. */
  public String destination() {
    return destination;
  }

  /** Why it is sent. */
  public MessagePurpose purpose() {
    return purpose;
  }

  /** The code or link: reveal it only into the outgoing message. */
  public Secret content() {
    return content;
  }

  /** The language to write it in. */
  public Locale locale() {
    return locale;
  }

  /** Channel, purpose, masked destination and locale; never the content. */
  @Override
  public String toString() {
    return "Message[channel=" + channel.code() + ", purpose=" + purpose.code() + ", to="
        + Destinations.mask(channel, destination) + ", locale=" + locale.toLanguageTag() + "]";
  }
}
