/**
 * Delivering messages to people: the SPI through which Latchkey hands the host a one-time code or
 * a link to send by SMS or email ({@link MessageSender}), the message and its typed outcome, a
 * strict check of destinations ({@link Destinations}, {@link PhoneNumberNormalizer}), and a
 * {@link DevOutbox} that keeps messages in memory as a development stand-in. Real adapters live in
 * their own modules: {@code latchkey-delivery-smtp} (Jakarta Mail) and
 * {@code latchkey-delivery-sms} (an SMS provider's HTTP API, and phone-number normalisation).
 */
package dev.latchkey.delivery;
