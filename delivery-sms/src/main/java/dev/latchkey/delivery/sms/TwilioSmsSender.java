package dev.latchkey.delivery.sms;

import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessageSender;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link Channel#SMS} messages through Twilio's Messages API (or any provider with its
 * shape): {@code POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}, HTTP Basic
 * {@code AccountSid:AuthToken}, form fields {@code To}, {@code From} (or
 * {@code MessagingServiceSid}) and {@code Body}, UTF-8, percent-encoded.
 *
 * <h2>Answers</h2>
 * <ul>
 *   <li>2xx: {@link DeliveryResult.Accepted} with the message's {@code sid} from the JSON answer.
 *   <li>4xx or 5xx with Twilio's error JSON: {@link DeliveryResult.Refused} with code
 *       {@code twilio_<code>} ({@code twilio_21211}: invalid {@code To}); without one, 401 and 403
 *       are {@link DeliveryResult.Refused#NOT_AUTHORIZED}, 429
 *       {@link DeliveryResult.Refused#RATE_LIMITED}, other 4xx
 *       {@link DeliveryResult.Refused#REJECTED}, 5xx {@link DeliveryResult.Refused#UNAVAILABLE}.
 *   <li>No answer within the timeouts, or a network failure:
 *       {@link DeliveryResult.Refused#UNAVAILABLE}.
 *   <li>An email message: {@link DeliveryResult.Refused#REJECTED}.
 * </ul>
 * Never throws for a message. Logs the status and the provider's code with the masked message,
 * never the body, the code or the token.
 *
 * <p>Uses {@code java.net.http} only. Thread-safe.
 */
public final class TwilioSmsSender implements MessageSender {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsSender.class);
  private static final Pattern SID = Pattern.compile("\"sid\"\\s*:\\s*\"([A-Za-z0-9]{1,64})\"");
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*([0-9]{1,9})");

  private final TwilioSettings settings;
  private final HttpClient client;
  private final URI endpoint;
  private final String authorization;

  private TwilioSmsSender(TwilioSettings settings, HttpClient client) {
    this.settings = settings;
    this.client = client;
    String base = settings.baseUri().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "2010-04-01/Accounts/"
        + settings.accountSid() + "/Messages.json");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
  }

  /** A sender with its own {@link HttpClient} (connect timeout from the settings). */
  public static TwilioSmsSender create(TwilioSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new TwilioSmsSender(settings, HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  /** A sender on the host's {@link HttpClient} (its proxy, TLS and connect settings). */
  public static TwilioSmsSender create(TwilioSettings settings, HttpClient client) {
    return new TwilioSmsSender(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(client, "client"));
  }

  /** The URI messages are posted to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public DeliveryResult deliver(Message message) {
    Objects.requireNonNull(message, "message");
    if (message.channel() != Channel.SMS) {
      return new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED);
    }
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(settings.requestTimeout())
        .header("Authorization", authorization)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(message), StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return refused(DeliveryResult.Refused.UNAVAILABLE, message, "timeout");
    } catch (IOException e) {
      return refused(DeliveryResult.Refused.UNAVAILABLE, message, e.getClass().getName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refused(DeliveryResult.Refused.UNAVAILABLE, message, "interrupted");
    }
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      Matcher sid = SID.matcher(body);
      return new DeliveryResult.Accepted(sid.find() ? sid.group(1) : "");
    }
    Matcher code = CODE.matcher(body);
    String reason = code.find() ? "twilio_" + Integer.parseInt(code.group(1))
        : status == 401 || status == 403 ? DeliveryResult.Refused.NOT_AUTHORIZED
        : status == 429 ? DeliveryResult.Refused.RATE_LIMITED
        : status >= 500 ? DeliveryResult.Refused.UNAVAILABLE
        : DeliveryResult.Refused.REJECTED;
    return refused(reason, message, "HTTP " + status);
  }

  /** {@code To=…&From=…&Body=…} (or {@code MessagingServiceSid}), each value percent-encoded. */
  String form(Message message) {
    StringBuilder f = new StringBuilder();
    f.append("To=").append(encode(message.destination()));
    if (settings.from().isPresent()) {
      f.append("&From=").append(encode(settings.from().get()));
    } else {
      f.append("&MessagingServiceSid=").append(encode(settings.messagingServiceSid().get()));
    }
    f.append("&Body=").append(encode(settings.texts().body(message)));
    return f.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static DeliveryResult refused(String code, Message message, String what) {
    LOG.warn("SMS delivery refused ({}) for {}: {}", code, message, what);
    return new DeliveryResult.Refused(code);
  }

  @Override
  public String toString() {
    return "TwilioSmsSender[" + settings + "]";
  }
}
