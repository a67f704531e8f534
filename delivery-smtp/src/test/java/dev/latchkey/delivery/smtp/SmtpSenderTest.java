package dev.latchkey.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.common.Secret;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.delivery.MessageTexts;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP adapter against GreenMail's SMTP server, in process, on a free port. */
class SmtpSenderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @RegisterExtension
  static final GreenMailExtension SERVER = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret-pass"))
      .withPerMethodLifecycle(true);

  private static SmtpSettings.Builder settings() {
    return SmtpSettings.builder("127.0.0.1", "security@statusstack.example")
        .port(SERVER.getSmtp().getPort())
        .security(SmtpSettings.Security.NONE_INSECURE)
        .login("mailer", "s3cret-pass")
        .timeout(Duration.ofSeconds(5));
  }

  private static Message email(String to, MessagePurpose purpose, String code, Locale locale) {
    return Message.of(Channel.EMAIL, to, purpose, Secret.of(code), locale);
  }

  @Test
  void deliversAPlainTextMessageWithTheCodeInTheBodyOnly() throws Exception {
    SmtpSender sender = SmtpSender.create(settings()
        .texts(MessageTexts.english("StatusStack")).build(), CLOCK);
    DeliveryResult r = sender.deliver(
        email("Alice@example.com", MessagePurpose.SIGN_IN_CODE, "493817", Locale.ENGLISH));
    assertThat(r).isInstanceOf(DeliveryResult.Accepted.class);

    MimeMessage[] received = SERVER.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage m = received[0];
    assertThat(((DeliveryResult.Accepted) r).providerId()).isEqualTo(m.getMessageID());
    assertThat(m.getFrom()).containsExactly(new InternetAddress("security@statusstack.example"));
    assertThat(m.getAllRecipients()).containsExactly(new InternetAddress("Alice@example.com"));
    assertThat(m.getSubject()).isEqualTo("Your StatusStack sign-in code").doesNotContain("493817");
    assertThat(m.getContentType()).startsWith("text/plain").contains("UTF-8");
    assertThat(((String) m.getContent()).strip()).isEqualTo("493817 is your StatusStack sign-in"
        + " code. It expires in 10 minutes. If you did not try to sign in, change your password.");
    assertThat(m.getSentDate()).isEqualTo(Date.from(NOW));
  }

  @Test
  void writesInTheMessagesLanguageAndFallsBackToEnglish() throws Exception {
    MessageTexts texts = MessageTexts.builder("StatusStack")
        .put(Locale.GERMAN, MessagePurpose.ENROLMENT_CODE, "Bestätigen Sie Ihre Adresse für {app}",
            "Ihr Bestätigungscode für {app}: {code} (gültig {minutes} Minuten).")
        .build();
    SmtpSender sender = SmtpSender.create(settings().texts(texts).build(), CLOCK);
    assertThat(sender.deliver(email("jörg@example.de".replace("ö", "oe"),
        MessagePurpose.ENROLMENT_CODE, "000042", Locale.GERMANY)).accepted()).isTrue();
    assertThat(sender.deliver(email("b@example.fr", MessagePurpose.ENROLMENT_CODE, "111111",
        Locale.FRENCH)).accepted()).isTrue();

    MimeMessage[] received = SERVER.getReceivedMessages();
    assertThat(received[0].getSubject()).isEqualTo("Bestätigen Sie Ihre Adresse für StatusStack");
    assertThat(((String) received[0].getContent()).strip())
        .isEqualTo("Ihr Bestätigungscode für StatusStack: 000042 (gültig 10 Minuten).");
    assertThat(received[1].getSubject()).isEqualTo("Confirm your StatusStack security settings");
    assertThat((String) received[1].getContent()).contains("111111 is your StatusStack"
        + " confirmation code");
  }

  @Test
  void aWrongPasswordIsNotAuthorizedAndNothingIsDelivered() {
    SmtpSender sender = SmtpSender.create(settings().login("mailer", "wrong").build(), CLOCK);
    assertThat(sender.deliver(email("a@example.com", MessagePurpose.SIGN_IN_CODE, "123456",
        Locale.ENGLISH))).isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.NOT_AUTHORIZED));
    assertThat(SERVER.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerWithoutStartTlsIsRefusedRatherThanSpokenToInClearText() {
    SmtpSender sender = SmtpSender.create(settings()
        .security(SmtpSettings.Security.STARTTLS_REQUIRED).build(), CLOCK);
    assertThat(sender.deliver(email("a@example.com", MessagePurpose.SIGN_IN_CODE, "123456",
        Locale.ENGLISH))).isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.UNAVAILABLE));
    assertThat(SERVER.getReceivedMessages()).isEmpty();
  }

  @Test
  void anUnreachableServerIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SmtpSender sender = SmtpSender.create(settings().port(closedPort).build(), CLOCK);
    assertThat(sender.deliver(email("a@example.com", MessagePurpose.SIGN_IN_CODE, "123456",
        Locale.ENGLISH))).isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.UNAVAILABLE));
  }

  @Test
  void anSmsMessageIsNotForThisSender() {
    SmtpSender sender = SmtpSender.create(settings().build(), CLOCK);
    assertThat(sender.deliver(Message.of(Channel.SMS, "+14155550123",
        MessagePurpose.SIGN_IN_CODE, Secret.of("1"), Locale.ENGLISH)))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED));
  }

  @Test
  void settingsAreCheckedAndNeverPrintThePassword() {
    assertThat(settings().build().toString()).doesNotContain("s3cret-pass").contains("mailer");
    assertThatThrownBy(() -> SmtpSettings.builder("mail.example.com", "Not An Address").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid from");
    assertThatThrownBy(() -> settings().port(0).build()).hasMessageContaining("Invalid port 0");
    assertThatThrownBy(() -> settings().timeout(Duration.ofMinutes(5)).build())
        .hasMessageContaining("Invalid timeout");
    assertThat(SmtpSettings.builder("mail.example.com", "a@example.com").build().security())
        .isEqualTo(SmtpSettings.Security.STARTTLS_REQUIRED);
  }
}
