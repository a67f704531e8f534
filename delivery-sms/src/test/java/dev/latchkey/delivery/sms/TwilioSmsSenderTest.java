package dev.latchkey.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.common.Secret;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.delivery.MessageTexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS adapter against a local HTTP server that records each request exactly as it arrived:
 * method, path, headers and body bytes.
 */
class TwilioSmsSenderTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "auth-t0ken-xyz";
  private static final String SERVICE = "MG0123456789abcdef0123456789abcdef";

  /** One request as the server saw it. */
  private record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private volatile int status = 201;
  private volatile String answer = "{\"sid\": \"SM0123456789abcdef0123456789abcdef\","
      + " \"status\": \"queued\"}";
  private volatile boolean hang;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        Map.copyOf(exchange.getRequestHeaders()), body));
    if (hang) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }

  private TwilioSettings.Builder settings() {
    return TwilioSettings.builder(SID, TOKEN).from("+15005550006")
        .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .texts(MessageTexts.english("StatusStack"));
  }

  private static Message sms(String to, String code) {
    return Message.of(Channel.SMS, to, MessagePurpose.SIGN_IN_CODE, Secret.of(code),
        Locale.ENGLISH);
  }

  @Test
  void postsTheMessagesFormWithBasicAuthByteForByte() {
    TwilioSmsSender sender = TwilioSmsSender.create(settings().build());
    DeliveryResult r = sender.deliver(sms("+14155550123", "493817"));
    assertThat(r).isEqualTo(new DeliveryResult.Accepted("SM0123456789abcdef0123456789abcdef"));

    assertThat(seen).hasSize(1);
    Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    // "AC0123…:auth-t0ken-xyz" in Base64, written out.
    assertThat(s.headers().get("Authorization")).containsExactly("Basic QUMwMTIzNDU2Nzg5YWJjZGVm"
        + "MDEyMzQ1Njc4OWFiY2RlZjphdXRoLXQwa2VuLXh5eg==");
    assertThat(s.headers().get("Content-type"))
        .containsExactly("application/x-www-form-urlencoded");
    assertThat(s.headers().get("Accept")).containsExactly("application/json");
    String expected = "To=%2B14155550123&From=%2B15005550006&Body=493817+is+your+StatusStack"
        + "+sign-in+code.+It+expires+in+10+minutes.+If+you+did+not+try+to+sign+in%2C+change+your"
        + "+password.";
    assertThat(s.body()).isEqualTo(expected.getBytes(StandardCharsets.US_ASCII));
    assertThat(s.headers().get("Content-length"))
        .containsExactly(String.valueOf(expected.length()));
  }

  @Test
  void aMessagingServiceAndNonAsciiTextArePercentEncodedAsUtf8() {
    MessageTexts texts = MessageTexts.builder("Zürich Bank")
        .put(Locale.GERMAN, MessagePurpose.SIGN_IN_CODE, "-", "{app}: Code {code} & mehr")
        .build();
    TwilioSmsSender sender = TwilioSmsSender.create(TwilioSettings.builder(SID, TOKEN)
        .messagingService(SERVICE)
        .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
        .texts(texts).build());
    assertThat(sender.deliver(Message.of(Channel.SMS, "+442079460018",
        MessagePurpose.SIGN_IN_CODE, Secret.of("000123"), Locale.GERMAN)).accepted()).isTrue();
    Seen s = seen.get(0);
    assertThat(s.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(new String(s.body(), StandardCharsets.US_ASCII)).isEqualTo(
        "To=%2B442079460018&MessagingServiceSid=" + SERVICE
            + "&Body=Z%C3%BCrich+Bank%3A+Code+000123+%26+mehr");
  }

  @Test
  void aProviderErrorBecomesARefusalWithItsCode() {
    status = 400;
    answer = "{\"code\": 21211, \"message\": \"The 'To' number +14155550123 is not a valid phone"
        + " number.\", \"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}";
    TwilioSmsSender sender = TwilioSmsSender.create(settings().build());
    assertThat(sender.deliver(sms("+14155550123", "111111")))
        .isEqualTo(new DeliveryResult.Refused("twilio_21211"));
  }

  @Test
  void statusesWithoutAnErrorCodeAreMappedByClass() {
    TwilioSmsSender sender = TwilioSmsSender.create(settings().build());
    answer = "";
    status = 401;
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.NOT_AUTHORIZED));
    status = 429;
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.RATE_LIMITED));
    status = 503;
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.UNAVAILABLE));
    status = 404;
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED));
    status = 202;
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .as("accepted without a sid").isEqualTo(new DeliveryResult.Accepted(""));
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsUnavailable() {
    hang = true;
    TwilioSmsSender sender = TwilioSmsSender.create(settings()
        .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).build());
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.UNAVAILABLE));
  }

  @Test
  void anUnreachableServerIsUnavailableAndAnEmailIsNotForThisSender() {
    TwilioSmsSender sender = TwilioSmsSender.create(settings().build());
    server.stop(0);
    assertThat(sender.deliver(sms("+14155550123", "1")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.UNAVAILABLE));
    assertThat(sender.deliver(Message.of(Channel.EMAIL, "a@example.com",
        MessagePurpose.SIGN_IN_CODE, Secret.of("1"), Locale.ENGLISH)))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED));
  }

  @Test
  void settingsAreCheckedAndNeverPrintTheToken() {
    assertThat(settings().build().toString()).doesNotContain(TOKEN).contains(SID);
    assertThat(TwilioSmsSender.create(TwilioSettings.builder(SID, TOKEN).from("+15005550006")
        .build()).endpoint()).isEqualTo(URI.create(
            "https://api.twilio.com/2010-04-01/Accounts/" + SID + "/Messages.json"));
    assertThatThrownBy(() -> TwilioSettings.builder("AC123", TOKEN).from("+15005550006").build())
        .hasMessageContaining("Invalid accountSid");
    assertThatThrownBy(() -> TwilioSettings.builder(SID, TOKEN).build())
        .hasMessageContaining("Exactly one of");
    assertThatThrownBy(() -> TwilioSettings.builder(SID, TOKEN).from("5550006").build())
        .hasMessageContaining("Invalid from");
    assertThatThrownBy(() -> TwilioSettings.builder(SID, TOKEN).from("+15005550006")
        .baseUri(URI.create("http://sms.example.com")).build())
        .hasMessageContaining("Invalid baseUri");
  }
}
