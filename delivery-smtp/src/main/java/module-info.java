/**
 * Latchkey SMTP delivery: {@link dev.latchkey.delivery.smtp.SmtpSender}, a
 * {@code dev.latchkey.delivery.MessageSender} that sends plain-text email over SMTP with Jakarta
 * Mail (Eclipse Angus).
 */
module dev.latchkey.delivery.smtp {
  exports dev.latchkey.delivery.smtp;

  // SmtpSender implements dev.latchkey.delivery.MessageSender: hosts see core through this module.
  requires transitive dev.latchkey.core;
  requires jakarta.mail;
  requires org.slf4j;
}
