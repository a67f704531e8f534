package dev.latchkey.delivery.sms;

import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.MessageTexts;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The account and sender of {@link TwilioSmsSender}: Account SID and Auth Token (HTTP Basic), a
 * sender number or a Messaging Service SID, the API's base URI (for a regional endpoint, a proxy,
 * or a provider with the same API), timeouts and texts. Immutable; the token never appears in
 * {@link #toString()}.
 */
public final class TwilioSettings {
  /** Twilio's API: {@code https://api.twilio.com}. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.twilio.com");
  /** How long to wait for a connection: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for the whole answer: 10 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-f]{32}");

  private final String accountSid;
  private final String authToken;
  private final String from;
  private final String messagingServiceSid;
  private final URI baseUri;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final MessageTexts texts;

  private TwilioSettings(Builder b) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.from = b.from;
    this.messagingServiceSid = b.messagingServiceSid;
    this.baseUri = b.baseUri;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.texts = b.texts;
  }

  /**
   * A builder for an account; call {@link Builder#from} or {@link Builder#messagingService}.
   *
   * @param accountSid {@code AC} and 32 lower-case hex digits
   * @param authToken the account's Auth Token (or an API key secret)
   */
  public static Builder builder(String accountSid, String authToken) {
    return new Builder(accountSid, authToken);
  }

  /** The Account SID. */
  public String accountSid() {
    return accountSid;
  }

  /** The token; package-private, never printed. */
  String authToken() {
    return authToken;
  }

  /** The sender number (E.164), unless a Messaging Service sends. */
  public Optional<String> from() {
    return Optional.ofNullable(from);
  }

  /** The Messaging Service SID, unless a number sends. */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /** The API's base URI. */
  public URI baseUri() {
    return baseUri;
  }

  /** Connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Timeout for the whole request. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The texts. */
  public MessageTexts texts() {
    return texts;
  }

  /** Everything but the token. */
  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", from=" + from
        + ", messagingServiceSid=" + messagingServiceSid + ", baseUri=" + baseUri + "]";
  }

  /** Builds {@link TwilioSettings}; {@link #build()} checks the values. */
  public static final class Builder {
    private final String accountSid;
    private final String authToken;
    private String from;
    private String messagingServiceSid;
    private URI baseUri = DEFAULT_BASE_URI;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private MessageTexts texts;

    private Builder(String accountSid, String authToken) {
      this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
      this.authToken = Objects.requireNonNull(authToken, "authToken");
    }

    /** Sends from this number (E.164). */
    public Builder from(String number) {
      this.from = Objects.requireNonNull(number, "from");
      return this;
    }

    /** Sends through this Messaging Service ({@code MG} and 32 hex digits). */
    public Builder messagingService(String sid) {
      this.messagingServiceSid = Objects.requireNonNull(sid, "messagingServiceSid");
      return this;
    }

    /**
     * The API's base URI (default {@link #DEFAULT_BASE_URI}): {@code https}, or {@code http} only
     * for a loopback address (a test server, a local proxy).
     */
    public Builder baseUri(URI value) {
      this.baseUri = Objects.requireNonNull(value, "baseUri");
      return this;
    }

    /** Connect and request timeouts (each 100 ms to 1 minute). */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = Objects.requireNonNull(connect, "connect");
      this.requestTimeout = Objects.requireNonNull(request, "request");
      return this;
    }

    /** The texts (default {@link MessageTexts#english} with the given name). */
    public Builder texts(MessageTexts value) {
      this.texts = Objects.requireNonNull(value, "texts");
      return this;
    }

    /** Validates and builds. */
    public TwilioSettings build() {
      if (!ACCOUNT_SID.matcher(accountSid).matches()) {
        throw new IllegalArgumentException("Invalid accountSid; must be AC and 32 hex digits");
      }
      if (authToken.isEmpty() || authToken.length() > 256 || authToken.contains(":")) {
        throw new IllegalArgumentException("Invalid authToken; must be 1 to 256 characters"
            + " without ':'");
      }
      if ((from == null) == (messagingServiceSid == null)) {
        throw new IllegalArgumentException(
            "Exactly one of from(...) and messagingService(...) must be set");
      }
      if (from != null && !Destinations.isE164(from)) {
        throw new IllegalArgumentException("Invalid from " + from + "; must be E.164");
      }
      if (messagingServiceSid != null && !SERVICE_SID.matcher(messagingServiceSid).matches()) {
        throw new IllegalArgumentException(
            "Invalid messagingServiceSid; must be MG and 32 hex digits");
      }
      String scheme = baseUri.getScheme();
      boolean loopback = "localhost".equals(baseUri.getHost())
          || "127.0.0.1".equals(baseUri.getHost()) || "[::1]".equals(baseUri.getHost());
      if (baseUri.getHost() == null || !("https".equals(scheme)
          || ("http".equals(scheme) && loopback)) || baseUri.getRawQuery() != null) {
        throw new IllegalArgumentException("Invalid baseUri " + baseUri
            + "; must be https (http only for a loopback host), without a query");
      }
      requireTimeout("connect", connectTimeout);
      requireTimeout("request", requestTimeout);
      if (texts == null) {
        texts = MessageTexts.english("Security");
      }
      return new TwilioSettings(this);
    }

    private static void requireTimeout(String name, Duration d) {
      if (d.toMillis() < 100 || d.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "Invalid " + name + " timeout " + d + "; must be between PT0.1S and PT1M");
      }
    }
  }
}
