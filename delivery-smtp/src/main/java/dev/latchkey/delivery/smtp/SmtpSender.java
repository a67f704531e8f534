package dev.latchkey.delivery.smtp;

import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessageSender;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link Channel#EMAIL} messages as plain-text email (UTF-8) over SMTP with Jakarta Mail.
 * The subject and body come from the settings' {@link dev.latchkey.delivery.MessageTexts}, in the
 * message's language.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Transport security as configured, STARTTLS required by default, with the server's
 *       certificate checked against its host name; a server that does not offer STARTTLS is
 *       refused rather than spoken to in clear text.
 *   <li>Never throws for a message: a refused login is {@link DeliveryResult.Refused#NOT_AUTHORIZED},
 *       a refused recipient {@link DeliveryResult.Refused#INVALID_DESTINATION}, anything else
 *       (connection, timeout, server error) {@link DeliveryResult.Refused#UNAVAILABLE}. Failures
 *       are logged with their type and the masked message only: never the code, the body or the
 *       server's reply text.
 *   <li>An SMS message is refused with {@link DeliveryResult.Refused#REJECTED}; combine senders
 *       with {@link MessageSender#byChannel}.
 * </ul>
 *
 * <p>One connection per message (no pool). Thread-safe.
 */
public final class SmtpSender implements MessageSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

  private final SmtpSettings settings;
  private final Session session;
  private final InternetAddress from;
  private final Clock clock;

  private SmtpSender(SmtpSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.session = Session.getInstance(properties(settings));
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (MessagingException e) {
      // SmtpSettings accepted the address, and its check is stricter than RFC 822's.
      throw new IllegalArgumentException("Invalid from address", e);
    }
  }

  /**
   * A sender with these settings; {@code clock} dates the messages.
   */
  public static SmtpSender create(SmtpSettings settings, Clock clock) {
    return new SmtpSender(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(clock, "clock"));
  }

  private static Properties properties(SmtpSettings s) {
    Properties p = new Properties();
    String timeout = String.valueOf(s.timeout().toMillis());
    String protocol = s.security() == SmtpSettings.Security.IMPLICIT_TLS ? "smtps" : "smtp";
    String prefix = "mail." + protocol + ".";
    p.put("mail.transport.protocol", protocol);
    p.put(prefix + "host", s.host());
    p.put(prefix + "port", String.valueOf(s.port()));
    p.put(prefix + "connectiontimeout", timeout);
    p.put(prefix + "timeout", timeout);
    p.put(prefix + "writetimeout", timeout);
    p.put(prefix + "auth", String.valueOf(s.username().isPresent()));
    switch (s.security()) {
      case STARTTLS_REQUIRED -> {
        p.put(prefix + "starttls.enable", "true");
        p.put(prefix + "starttls.required", "true");
        p.put(prefix + "ssl.checkserveridentity", "true");
      }
      case IMPLICIT_TLS -> {
        p.put(prefix + "ssl.enable", "true");
        p.put(prefix + "ssl.checkserveridentity", "true");
      }
      case NONE_INSECURE -> p.put(prefix + "starttls.enable", "false");
    }
    return p;
  }

  @Override
  public DeliveryResult deliver(Message message) {
    Objects.requireNonNull(message, "message");
    if (message.channel() != Channel.EMAIL) {
      return new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED);
    }
    try {
      MimeMessage mime = new MimeMessage(session);
      mime.setFrom(from);
      mime.setRecipient(jakarta.mail.Message.RecipientType.TO,
          new InternetAddress(message.destination(), true));
      mime.setSubject(settings.texts().subject(message), StandardCharsets.UTF_8.name());
      mime.setText(settings.texts().body(message), StandardCharsets.UTF_8.name(), "plain");
      mime.setSentDate(Date.from(clock.instant()));
      mime.saveChanges();
      String id = mime.getMessageID();
      Transport transport = session.getTransport();
      try {
        if (settings.username().isPresent()) {
          transport.connect(settings.username().get(), settings.password());
        } else {
          transport.connect();
        }
        transport.sendMessage(mime, mime.getAllRecipients());
      } finally {
        transport.close();
      }
      return new DeliveryResult.Accepted(id == null ? "" : id);
    } catch (AuthenticationFailedException e) {
      return refused(DeliveryResult.Refused.NOT_AUTHORIZED, message, e);
    } catch (SendFailedException e) {
      boolean badRecipient = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
      return refused(badRecipient ? DeliveryResult.Refused.INVALID_DESTINATION
          : DeliveryResult.Refused.UNAVAILABLE, message, e);
    } catch (MessagingException | RuntimeException e) {
      return refused(DeliveryResult.Refused.UNAVAILABLE, message, e);
    }
  }

  private static DeliveryResult refused(String code, Message message, Exception e) {
    LOG.warn("SMTP delivery refused ({}) for {}: {}{}", code, message, e.getClass().getName(),
        networkCause(e));
    return new DeliveryResult.Refused(code);
  }

  /** The network cause's type, which says what went wrong without quoting the server. */
  private static String networkCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException || t instanceof javax.net.ssl.SSLException) {
        return " caused by " + t.getClass().getName();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "SmtpSender[" + settings + "]";
  }
}
