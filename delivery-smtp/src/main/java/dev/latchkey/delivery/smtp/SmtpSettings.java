package dev.latchkey.delivery.smtp;

import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.MessageTexts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link SmtpSender} sends: the server, its transport security, the account, the
 * sender address and the texts. Immutable; the password is kept out of {@link #toString()}.
 */
public final class SmtpSettings {
  /** The submission port: 587. */
  public static final int DEFAULT_PORT = 587;
  /** How long to wait to connect, and for each server reply: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How the connection to the server is protected. */
  public enum Security {
    /**
     * Plain connection upgraded with STARTTLS, which the server must offer (port 587): the default.
     * The server's certificate is checked against its host name.
     */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (SMTPS, port 465); the certificate is checked. */
    IMPLICIT_TLS,
    /**
     * No encryption at all: only for a relay on the same host or a test server. The code crosses
     * the network in clear text, and the login (if any) too.
     */
    NONE_INSECURE
  }

  private final String host;
  private final int port;
  private final Security security;
  private final String username;
  private final String password;
  private final String from;
  private final Duration timeout;
  private final MessageTexts texts;

  private SmtpSettings(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.security = b.security;
    this.username = b.username;
    this.password = b.password;
    this.from = b.from;
    this.timeout = b.timeout;
    this.texts = b.texts;
  }

  /**
   * A builder for a server and a sender address; STARTTLS required, port {@value #DEFAULT_PORT},
   * no login, English texts naming the application as the sender's name.
   *
   * @param from the sender address, as {@link Destinations#normalizeEmail} accepts it
   */
  public static Builder builder(String host, String from) {
    return new Builder(host, from);
  }

  /** The server's host name. */
  public String host() {
    return host;
  }

  /** The server's port. */
  public int port() {
    return port;
  }

  /** How the connection is protected. */
  public Security security() {
    return security;
  }

  /** The login name, when the server wants one. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The password for {@link #username()}; package-private, never printed. */
  String password() {
    return password;
  }

  /** The sender address. */
  public String from() {
    return from;
  }

  /** Connect and reply timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** The subjects and bodies. */
  public MessageTexts texts() {
    return texts;
  }

  /** Everything but the password. */
  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security
        + ", username=" + username + ", from=" + from + ", timeout=" + timeout + "]";
  }

  /** Builds {@link SmtpSettings}; {@link #build()} checks the values. */
  public static final class Builder {
    private final String host;
    private final String from;
    private int port = DEFAULT_PORT;
    private Security security = Security.STARTTLS_REQUIRED;
    private String username;
    private String password;
    private Duration timeout = DEFAULT_TIMEOUT;
    private MessageTexts texts;

    private Builder(String host, String from) {
      this.host = Objects.requireNonNull(host, "host");
      this.from = Objects.requireNonNull(from, "from");
    }

    /** The port (1 to 65535). */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Transport security (default {@link Security#STARTTLS_REQUIRED}). */
    public Builder security(Security value) {
      this.security = Objects.requireNonNull(value, "security");
      return this;
    }

    /** Logs in with this account (SMTP AUTH). */
    public Builder login(String user, String pass) {
      this.username = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(pass, "password");
      return this;
    }

    /** Connect and reply timeout (100 ms to 2 minutes; default 10 s). */
    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** The texts (default {@link MessageTexts#english} naming the sender address's domain). */
    public Builder texts(MessageTexts value) {
      this.texts = Objects.requireNonNull(value, "texts");
      return this;
    }

    /** Validates and builds. */
    public SmtpSettings build() {
      if (host.isBlank() || host.length() > 253 || host.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("Invalid host; must be a host name or address");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("Invalid port " + port + "; must be 1 to 65535");
      }
      if (Destinations.normalizeEmail(from).filter(from::equals).isEmpty()) {
        throw new IllegalArgumentException("Invalid from address " + from
            + "; must be a plain address with a lower-case domain");
      }
      if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException(
            "Invalid timeout " + timeout + "; must be between PT0.1S and PT2M");
      }
      if (texts == null) {
        texts = MessageTexts.english(from.substring(from.indexOf('@') + 1));
      }
      return new SmtpSettings(this);
    }
  }
}
