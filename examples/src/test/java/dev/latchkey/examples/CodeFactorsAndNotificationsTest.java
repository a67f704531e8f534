package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.examples.Browser.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, over HTTP: SMS codes as a second factor (enrol a phone number with the code read from
 * the dev outbox, sign in with a code sent to it, reuse and send limits), the dev outbox itself,
 * and the security notices the demo mails to the account's address.
 */
class CodeFactorsAndNotificationsTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String PHONE = "+14155550123";
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
  private static final MovableClock CLOCK = new MovableClock(Instant.now());

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data"))
        .withTrustProxy(true), CLOCK, router -> { });
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser() {
    int n = NEXT_IP.getAndIncrement();
    return new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100." + (n % 250 + 1));
  }

  private static String signedIn(Browser b) {
    String email = "codes-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
  }

  /** The code in the newest SMS or email to {@code destination}, as the person would read it. */
  private static String codeSentTo(String destination) {
    DevOutbox.Delivered d = app.outbox().latestTo(destination).orElseThrow();
    return d.message().content().reveal();
  }

  /** The notices (not codes) mailed to {@code email}, oldest first. */
  private static List<Message> noticesTo(String email) {
    List<Message> out = new ArrayList<>();
    for (DevOutbox.Delivered d : app.outbox().messages()) {
      if (d.message().destination().equals(email) && d.message().purpose().isNotice()) {
        out.add(0, d.message());
      }
    }
    return out;
  }

  private static List<MessagePurpose> purposes(List<Message> messages) {
    return messages.stream().map(Message::purpose).toList();
  }

  /** Enrols {@code phone} for the signed-in browser, reading the code from the outbox. */
  private static void enrolSms(Browser b, String typed, String e164) {
    Response setup = b.post("/api/security/2fa/sms/setup", Map.of("phone", typed));
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    assertThat(setup.json().get("destination").asText()).isEqualTo("+14\u2022\u2022\u2022\u2022\u2022\u2022\u202223");
    assertThat(setup.json().get("resend_after_seconds").asLong()).isEqualTo(60);
    Response confirm = b.post("/api/security/2fa/sms/confirm",
        Map.of("code", codeSentTo(e164)));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    assertThat(confirm.json().get("channel").asText()).isEqualTo("sms");
  }

  @Test
  void enrolSmsThenSignInWithTheCodeFromTheOutbox() {
    Browser b = browser();
    String email = signedIn(b);
    assertError(b.post("/api/security/2fa/sms/setup", Map.of("phone", "555 12")), 422,
        "invalid_phone_number");
    assertError(b.post("/api/security/2fa/fax/setup", Map.of("phone", "1")), 400,
        "invalid_channel");

    enrolSms(b, "(415) 555-0123", PHONE);
    JsonNode status = b.get("/api/security/2fa").json();
    assertThat(status.get("factors").toString()).contains("\"sms\"", "\"password\"");
    JsonNode totp = status.get("methods").get(0);
    assertThat(totp.get("type").asText()).isEqualTo("totp");
    assertThat(totp.get("recommended").asBoolean()).isTrue();
    assertThat(totp.get("enabled").asBoolean()).isFalse();
    JsonNode sms = status.get("methods").get(1);
    assertThat(sms.get("type").asText()).isEqualTo("sms");
    assertThat(sms.get("enabled").asBoolean()).isTrue();
    assertThat(sms.get("destination").asText()).endsWith("23").doesNotContain("555");
    assertThat(b.post("/api/logout", Map.of()).status()).isEqualTo(204);

    // The password alone is no longer enough.
    Response login = b.logIn(email, PASSWORD);
    assertThat(login.json().get("status").asText()).isEqualTo("mfa_required");
    assertThat(login.json().get("second_factors").toString()).contains("\"sms\"");
    assertThat(login.json().get("code_destinations").get("sms").asText()).endsWith("23");
    String token = login.json().get("mfa_token").asText();
    CLOCK.advance(Duration.ofSeconds(61)); // past the enrolment code's resend cool-down
    Response sent = b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "sms"));
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    String code = codeSentTo(PHONE);
    assertThat(app.outbox().latestTo(PHONE).orElseThrow().message().purpose())
        .isEqualTo(MessagePurpose.SIGN_IN_CODE);
    // At once again: the cool-down says when.
    Response again = b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "sms"));
    assertError(again, 429, "resend_too_soon");
    assertThat(again.header("Retry-After").orElseThrow()).matches("[1-9][0-9]*");

    String wrong = code.equals("000000") ? "111111" : "000000";
    assertError(b.post("/api/login/mfa", Map.of("mfa_token", token, "code", wrong,
        "channel", "sms")), 401, "invalid_code");
    Response in = b.post("/api/login/mfa", Map.of("mfa_token", token, "code", code,
        "channel", "sms"));
    assertThat(in.status()).as(in.text()).isEqualTo(200);
    assertThat(in.json().get("status").asText()).isEqualTo("signed_in");
    assertThat(b.get("/api/me").status()).isEqualTo(200);

    // The same code on a new sign-in: refused (single use, and bound to its challenge).
    Browser other = browser();
    String token2 = other.logIn(email, PASSWORD).json().get("mfa_token").asText();
    assertError(other.post("/api/login/mfa", Map.of("mfa_token", token2, "code", code,
        "channel", "sms")), 401, "invalid_code");

    // Turning it off: a sensitive action; a notice goes to the account's address.
    CLOCK.advance(Duration.ofMinutes(11));
    assertError(b.delete("/api/security/2fa/sms"), 403, "reauthentication_required");
    assertThat(b.post("/api/security/reauthenticate", Map.of("password", PASSWORD)).status())
        .isEqualTo(200);
    Response removed = b.delete("/api/security/2fa/sms");
    assertThat(removed.status()).as(removed.text()).isEqualTo(200);
    assertError(b.delete("/api/security/2fa/sms"), 404, "not_enrolled");
    assertThat(purposes(noticesTo(email))).contains(MessagePurpose.TWO_FACTOR_DISABLED_NOTICE);
    assertThat(b.logIn(email, PASSWORD).json().get("status").asText()).isEqualTo("signed_in");
  }

  @Test
  void theSendLimitAnswers429WithRetryAfter() {
    Browser b = browser();
    String email = signedIn(b);
    String phone = "+442079460018";
    Response setup = b.post("/api/security/2fa/sms/setup",
        Map.of("phone", "020 7946 0018", "region", "GB"));
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    assertThat(b.post("/api/security/2fa/sms/confirm", Map.of("code", codeSentTo(phone)))
        .status()).isEqualTo(200);
    // Five codes an hour per account (the enrolment was one): then 429 until the window moves.
    Response last = null;
    for (int i = 0; i < 5; i++) {
      CLOCK.advance(Duration.ofSeconds(61));
      // A new sign-in each time (a challenge lives 5 minutes): the limit is the account's.
      String token = b.logIn(email, PASSWORD).json().get("mfa_token").asText();
      last = b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "sms"));
      if (last.status() != 200) {
        break;
      }
    }
    assertError(last, 429, "too_many_codes");
    assertThat(Long.parseLong(last.header("Retry-After").orElseThrow())).isGreaterThan(60);
  }

  @Test
  void emailCodesWorkTheSameWay() {
    Browser b = browser();
    String email = signedIn(b);
    Response setup = b.post("/api/security/2fa/email/setup", Map.of());
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    assertThat(b.post("/api/security/2fa/email/confirm", Map.of("code", codeSentTo(email)))
        .status()).isEqualTo(200);
    String token = b.logIn(email, PASSWORD).json().get("mfa_token").asText();
    CLOCK.advance(Duration.ofSeconds(61));
    assertThat(b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "email"))
        .status()).isEqualTo(200);
    assertError(b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "sms")),
        422, "not_enrolled");
    Response in = b.post("/api/login/mfa", Map.of("mfa_token", token, "code",
        codeSentTo(email), "channel", "email"));
    assertThat(in.status()).as(in.text()).isEqualTo(200);
  }

  @Test
  void aBackupCodeStillWorksWhenACodeWasSent() {
    Browser b = browser();
    String email = signedIn(b);
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Response confirm = b.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    String backup = confirm.json().get("backup_codes").get(0).asText();
    Response setup = b.post("/api/security/2fa/email/setup", Map.of());
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    assertThat(b.post("/api/security/2fa/email/confirm", Map.of("code", codeSentTo(email)))
        .status()).isEqualTo(200);

    Response login = b.logIn(email, PASSWORD);
    assertThat(login.json().get("second_factors").toString()).contains("totp", "email");
    String token = login.json().get("mfa_token").asText();
    CLOCK.advance(Duration.ofSeconds(61));
    assertThat(b.post("/api/login/mfa/send", Map.of("mfa_token", token, "channel", "email"))
        .status()).isEqualTo(200);
    Response in = b.post("/api/login/mfa", Map.of("mfa_token", token, "code", backup,
        "channel", "email"));
    assertThat(in.status()).as(in.text()).isEqualTo(200);
    assertThat(in.json().get("backup_codes_remaining").asInt()).isEqualTo(9);
    // …and the owner hears of it, with the count.
    Message notice = noticesTo(email).stream()
        .filter(m -> m.purpose() == MessagePurpose.BACKUP_CODE_USED_NOTICE).findFirst()
        .orElseThrow();
    assertThat(notice.content().reveal()).contains("Backup codes left: 9");
  }

  @Test
  void securityNoticesReachTheOutboxAfterEachAction() {
    Browser b = browser();
    String email = signedIn(b);
    assertThat(noticesTo(email)).as("a first sign-in is not news").isEmpty();

    // Password changed.
    String newPassword = "Another-Horse-Battery-7";
    Response changed = b.post("/api/security/password",
        Map.of("current_password", PASSWORD, "new_password", newPassword));
    assertThat(changed.status()).as(changed.text()).isIn(200, 204);
    assertThat(purposes(noticesTo(email))).containsExactly(MessagePurpose.PASSWORD_CHANGED_NOTICE);

    // API key created: name and permission, never the key.
    Response key = b.post("/api/api-keys", Map.of("name", "Deploy bot", "permission",
        "read_only"));
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    Message keyNotice = noticesTo(email).get(1);
    assertThat(keyNotice.purpose()).isEqualTo(MessagePurpose.API_KEY_CREATED_NOTICE);
    assertThat(keyNotice.content().reveal()).contains("Key name: Deploy bot",
        "Permission: read_only").doesNotContain(key.json().get("key").asText());

    // A sign-in from another browser: new device.
    Browser elsewhere = new Browser(app.port(), Browser.FIREFOX_ON_WINDOWS).from("192.0.2.77");
    assertThat(elsewhere.logIn(email, newPassword).status()).isEqualTo(200);
    Message signIn = noticesTo(email).get(2);
    assertThat(signIn.purpose()).isEqualTo(MessagePurpose.NEW_SIGN_IN_NOTICE);
    assertThat(signIn.content().reveal()).contains("Firefox on Windows", "192.0.2.77");

    // Authenticator app on, then off: the "off" is news.
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    assertThat(b.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant()))).status())
        .isEqualTo(200);
    CLOCK.advance(Duration.ofSeconds(31));
    Response off = b.post("/api/security/2fa/disable",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(off.status()).as(off.text()).isEqualTo(200);
    assertThat(purposes(noticesTo(email))).containsExactly(
        MessagePurpose.PASSWORD_CHANGED_NOTICE, MessagePurpose.API_KEY_CREATED_NOTICE,
        MessagePurpose.NEW_SIGN_IN_NOTICE, MessagePurpose.TWO_FACTOR_DISABLED_NOTICE);
    assertThat(noticesTo(email).get(3).content().reveal())
        .contains("Turned off: authenticator app");
  }

  @Test
  void theOutboxPageIsLocalOnlyAndEscapesWhatItShows() {
    Browser b = browser();
    String email = signedIn(b);
    String name = "<script>alert(1)</script> & \"x\"";
    assertThat(b.post("/api/api-keys", Map.of("name", name, "permission", "read_only"))
        .status()).isEqualTo(201);

    // Through the (trusted) proxy: not local, so refused, as /metrics is.
    assertError(b.get("/dev/outbox"), 403, "forbidden");
    assertError(b.get("/dev/outbox.json"), 403, "forbidden");

    Browser local = new Browser(app.port(), Browser.CHROME_ON_MAC);
    Response page = local.get("/dev/outbox");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.header("Cache-Control").orElseThrow()).isEqualTo("no-store");
    assertThat(page.text()).contains("Development stand-in for SMS and email", email,
        "api_key_created_notice", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;")
        .doesNotContain("<script>alert");

    Response json = local.get("/dev/outbox.json");
    assertThat(json.status()).isEqualTo(200);
    JsonNode newest = json.json().get("messages").get(0);
    assertThat(newest.get("destination").asText()).isEqualTo(email);
    assertThat(newest.get("purpose").asText()).isEqualTo("api_key_created_notice");
    assertThat(newest.get("channel").asText()).isEqualTo("email");
    assertThat(newest.get("text").asText()).contains(name);
    assertThat(newest.get("subject").asText()).contains("API key");
  }

  @Test
  void linksInMessagesBecomeEscapedAnchorsAndNothingElseDoes() {
    assertThat(DevOutboxRoutes.linked("Open http://localhost:7070/reset?t=a&b=<c> now"))
        .isEqualTo("Open <a href=\"http://localhost:7070/reset?t=a&amp;b=\" rel=\"noreferrer\">"
            + "http://localhost:7070/reset?t=a&amp;b=</a>&lt;c&gt; now");
    assertThat(DevOutboxRoutes.linked("javascript:alert(1) 'q'"))
        .isEqualTo("javascript:alert(1) &#39;q&#39;");
  }
}
