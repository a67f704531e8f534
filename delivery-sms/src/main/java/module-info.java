/**
 * Latchkey SMS delivery: {@link dev.latchkey.delivery.sms.TwilioSmsSender}, a
 * {@code dev.latchkey.delivery.MessageSender} for an SMS API of Twilio's shape on
 * {@code java.net.http}, and {@link dev.latchkey.delivery.sms.LibPhoneNumberNormalizer}, which
 * turns what a person typed into an E.164 number with Google's libphonenumber.
 */
@SuppressWarnings("requires-automatic") // libphonenumber: Automatic-Module-Name
module dev.latchkey.delivery.sms {
  exports dev.latchkey.delivery.sms;

  // Both public types implement core interfaces: hosts see core through this module.
  requires transitive dev.latchkey.core;
  requires java.net.http;
  requires com.google.i18n.phonenumbers.libphonenumber;
  requires org.slf4j;
}
