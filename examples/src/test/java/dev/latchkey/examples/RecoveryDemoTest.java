package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.examples.Browser.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password reset, sign-up with email verification and change of email, over real HTTP against the
 * demo with email verification on; every link is read from the dev outbox, as a person reads it
 * from their mailbox.
 */
class RecoveryDemoTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String NEW_PASSWORD = "Fresh-Staple-Lantern-42";
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  @TempDir
  static Path tempDir;

  private static final MovableClock CLOCK =
      new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data"))
        .withTrustProxy(true).withEmailVerification(true), CLOCK, router -> { });
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser() {
    int n = NEXT_IP.getAndIncrement();
    return new Browser(app.port(), Browser.CHROME_ON_MAC).from("198.51.100." + (n % 250 + 1));
  }

  private static String newEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  /** The link of the newest message to {@code email}, which must be of {@code purpose}. */
  static String linkTo(DevOutbox outbox, String email, MessagePurpose purpose) {
    DevOutbox.Delivered d = outbox.latestTo(email).orElseThrow();
    assertThat(d.message().purpose()).isEqualTo(purpose);
    return d.message().content().reveal();
  }

  private static String tokenOf(String link) {
    return link.substring(link.indexOf("token=") + "token=".length());
  }

  private static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("error").get("code").asText()).isEqualTo(code);
  }

  /** Signs up, opens the verification link from the outbox, signs in. */
  private static String signedIn(Browser b) {
    String email = newEmail();
    Response signUp = b.signUp(email, PASSWORD);
    assertThat(signUp.status()).as(signUp.text()).isEqualTo(202);
    String link = linkTo(app.outbox(), email, MessagePurpose.EMAIL_VERIFICATION_LINK);
    assertThat(link).startsWith("http://localhost:" + app.port() + "/verify-email?token=");
    Response verified = b.post("/api/email/verify", Map.of("token", tokenOf(link)));
    assertThat(verified.status()).as(verified.text()).isEqualTo(200);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);
    return email;
  }

  @Test
  void resetAForgottenPasswordFromTheOutboxLinkThenEveryOldSessionIsRefused() {
    Browser laptop = browser();
    String email = signedIn(laptop);
    Browser phone = browser();
    assertThat(phone.logIn(email, PASSWORD).status()).isEqualTo(200);

    Browser forgetful = browser();
    Response asked = forgetful.post("/api/password/forgot", Map.of("email", email));
    Response unknown = forgetful.post("/api/password/forgot",
        Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com"));
    assertThat(asked.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(202);
    assertThat(unknown.text()).isEqualTo(asked.text());

    String link = linkTo(app.outbox(), email, MessagePurpose.PASSWORD_RESET_LINK);
    assertThat(link).startsWith("http://localhost:" + app.port() + "/reset-password?token=");
    Response page = forgetful.get(link.substring(link.indexOf("/reset-password")));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("data-page=\"reset\"", "/recovery.js");
    assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    String token = tokenOf(link);
    Response inspect = forgetful.post("/api/password/reset/inspect", Map.of("token", token));
    assertThat(inspect.json().get("second_factor_required").asBoolean()).isFalse();

    assertError(forgetful.post("/api/password/reset",
        Map.of("token", token, "new_password", "short")), 422, "weak_password");
    Response reset = forgetful.post("/api/password/reset",
        Map.of("token", token, "new_password", NEW_PASSWORD));
    assertThat(reset.status()).as(reset.text()).isEqualTo(204);

    // Signed out everywhere.
    assertThat(laptop.get("/api/me").status()).isEqualTo(401);
    assertThat(phone.get("/api/me").status()).isEqualTo(401);
    assertError(browser().logIn(email, PASSWORD), 401, "invalid_credentials");
    assertThat(browser().logIn(email, NEW_PASSWORD).status()).isEqualTo(200);
    // The link worked once.
    assertError(forgetful.post("/api/password/reset",
        Map.of("token", token, "new_password", "Another-Fresh-Pass-77")), 401, "invalid_link");
  }

  @Test
  void anOldLinkIsRefusedOnceThePasswordChanged() {
    Browser b = browser();
    String email = signedIn(b);
    b.post("/api/password/forgot", Map.of("email", email));
    String token = tokenOf(linkTo(app.outbox(), email, MessagePurpose.PASSWORD_RESET_LINK));
    Response changed = b.post("/api/security/password",
        Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertError(browser().post("/api/password/reset",
        Map.of("token", token, "new_password", "Another-Fresh-Pass-77")), 401, "password_changed");
    assertError(browser().post("/api/password/reset",
        Map.of("token", "A".repeat(43), "new_password", "Another-Fresh-Pass-77")), 401,
        "invalid_link");
  }

  @Test
  void withTwoFactorTheResetNeedsTheCode() {
    Browser b = browser();
    String email = signedIn(b);
    String secret = b.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Response confirm = b.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant())));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    CLOCK.advance(Duration.ofSeconds(30));

    Browser anon = browser();
    anon.post("/api/password/forgot", Map.of("email", email));
    String token = tokenOf(linkTo(app.outbox(), email, MessagePurpose.PASSWORD_RESET_LINK));
    assertThat(anon.post("/api/password/reset/inspect", Map.of("token", token)).json()
        .get("second_factor_required").asBoolean()).isTrue();
    assertError(anon.post("/api/password/reset",
        Map.of("token", token, "new_password", NEW_PASSWORD)), 401, "second_factor_required");
    String right = TwoFactorAndApiKeysTest.totp(secret, CLOCK.instant());
    String wrong = right.equals("000000") ? "000001" : "000000";
    assertError(anon.post("/api/password/reset",
        Map.of("token", token, "new_password", NEW_PASSWORD, "code", wrong)), 401, "invalid_code");
    Map<String, String> withCode = new HashMap<>(Map.of("token", token,
        "new_password", NEW_PASSWORD, "code", right));
    assertThat(anon.post("/api/password/reset", withCode).status()).isEqualTo(204);
    assertThat(b.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void anSmsOnlyAccountResetsWithACodeTextedToItsPhoneThenEveryOldSessionIsRefused() {
    Browser laptop = browser();
    String email = signedIn(laptop);
    String phoneNumber = "+14155550177";
    Response setup = laptop.post("/api/security/2fa/sms/setup", Map.of("phone", phoneNumber));
    assertThat(setup.status()).as(setup.text()).isEqualTo(200);
    Response enrolled = laptop.post("/api/security/2fa/sms/confirm", Map.of("code",
        app.outbox().latestTo(phoneNumber).orElseThrow().message().content().reveal()));
    assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(200);
    Browser tablet = browser();
    Response second = tablet.logIn(email, PASSWORD);
    assertThat(second.json().has("mfa_token")).as(second.text()).isTrue();

    Browser forgetful = browser();
    assertThat(forgetful.post("/api/password/forgot", Map.of("email", email)).status())
        .isEqualTo(202);
    String token = tokenOf(linkTo(app.outbox(), email, MessagePurpose.PASSWORD_RESET_LINK));
    Response page = forgetful.get("/reset-password?token=" + token);
    assertThat(page.text()).contains("Text me a code", "id=\"code-send\"");
    JsonNode link = forgetful.post("/api/password/reset/inspect", Map.of("token", token)).json();
    assertThat(link.get("second_factor_required").asBoolean()).isTrue();
    assertThat(link.get("code_channels").toString()).isEqualTo("[\"sms\"]");

    assertError(forgetful.post("/api/password/reset",
        Map.of("token", token, "new_password", NEW_PASSWORD)), 401, "second_factor_required");
    assertError(forgetful.post("/api/password/reset/send-code",
        Map.of("token", token, "channel", "email")), 422, "not_enrolled");
    assertError(forgetful.post("/api/password/reset/send-code",
        Map.of("token", "A".repeat(43), "channel", "sms")), 401, "invalid_link");
    Response sent = forgetful.post("/api/password/reset/send-code",
        Map.of("token", token, "channel", "sms"));
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    assertThat(sent.json().get("destination").asText())
        .isEqualTo("+14\u2022\u2022\u2022\u2022\u2022\u2022\u202277");
    Response again = forgetful.post("/api/password/reset/send-code",
        Map.of("token", token, "channel", "sms"));
    assertError(again, 429, "resend_too_soon");
    assertThat(again.header("Retry-After")).isNotEmpty();
    DevOutbox.Delivered texted = app.outbox().latestTo(phoneNumber).orElseThrow();
    assertThat(texted.message().purpose()).isEqualTo(MessagePurpose.PASSWORD_RESET_CODE);
    String code = texted.message().content().reveal();

    // Without its channel the texted code is read as an authenticator code: refused, link kept.
    assertError(forgetful.post("/api/password/reset",
        Map.of("token", token, "new_password", NEW_PASSWORD, "code", code)), 401, "invalid_code");
    Response reset = forgetful.post("/api/password/reset", Map.of("token", token,
        "new_password", NEW_PASSWORD, "code", code, "channel", "sms"));
    assertThat(reset.status()).as(reset.text()).isEqualTo(204);

    assertThat(laptop.get("/api/me").status()).isEqualTo(401);
    assertError(browser().logIn(email, PASSWORD), 401, "invalid_credentials");
    assertThat(browser().logIn(email, NEW_PASSWORD).json().has("mfa_token")).isTrue();
    assertError(forgetful.post("/api/password/reset", Map.of("token", token,
        "new_password", "Another-Fresh-Pass-77", "code", code, "channel", "sms")), 401,
        "invalid_link");
  }

  @Test
  void signUpWithVerificationAnswersTheSameForATakenAddressAndTellsItsOwner() {
    Browser owner = browser();
    String email = signedIn(owner);

    Browser stranger = browser();
    String fresh = newEmail();
    Response newAddress = stranger.signUp(fresh, PASSWORD);
    Response taken = stranger.signUp(email, "Other-Horse-Battery-8");
    assertThat(taken.status()).isEqualTo(newAddress.status()).isEqualTo(202);
    assertThat(taken.text()).isEqualTo(newAddress.text());
    assertThat(newAddress.json().get("status").asText()).isEqualTo("check_email");
    String notice = linkTo(app.outbox(), email, MessagePurpose.SIGN_UP_ATTEMPT);
    assertThat(notice).isEqualTo("http://localhost:" + app.port() + "/");

    // Unverified: a wrong password is the usual 401, the right one is told to verify first.
    assertError(stranger.logIn(fresh, "Wrong-Horse-Battery-1"), 401, "invalid_credentials");
    assertError(stranger.logIn(fresh, PASSWORD), 403, "email_not_verified");
    assertThat(stranger.sessionCookie()).isEmpty();
    String link = linkTo(app.outbox(), fresh, MessagePurpose.EMAIL_VERIFICATION_LINK);
    Response page = stranger.get(link.substring(link.indexOf("/verify-email")));
    assertThat(page.text()).contains("data-page=\"verify\"");
    JsonNode verified = stranger.post("/api/email/verify", Map.of("token", tokenOf(link))).json();
    assertThat(verified.get("email").asText()).isEqualTo(fresh);
    assertThat(stranger.logIn(fresh, PASSWORD).status()).isEqualTo(200);
    assertError(stranger.post("/api/email/verify", Map.of("token", tokenOf(link))), 401,
        "invalid_link");
  }

  @Test
  void changeEmailWithConfirmationThenUndoFromTheOldAddress() {
    Browser b = browser();
    String old = signedIn(b);
    String next = newEmail();

    CLOCK.advance(Duration.ofMinutes(11));
    assertError(b.post("/api/security/email", Map.of("new_email", next)), 403,
        "reauthentication_required");
    assertThat(b.post("/api/security/reauthenticate", Map.of("password", PASSWORD)).status())
        .isEqualTo(200);
    Response asked = b.post("/api/security/email", Map.of("new_email", next));
    assertThat(asked.status()).as(asked.text()).isEqualTo(202);
    assertThat(b.get("/api/me").json().get("email").asText()).as("not before the link")
        .isEqualTo(old);

    String confirm = linkTo(app.outbox(), next, MessagePurpose.EMAIL_CHANGE_LINK);
    assertThat(confirm).contains("/confirm-email?token=");
    Response confirmed = browser().post("/api/email/confirm", Map.of("token", tokenOf(confirm)));
    assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
    assertThat(b.get("/api/me").json().get("email").asText()).isEqualTo(next);
    assertThat(browser().logIn(next, PASSWORD).status()).isEqualTo(200);

    String undo = linkTo(app.outbox(), old, MessagePurpose.EMAIL_CHANGED);
    assertThat(undo).contains("/undo-email-change?token=");
    Response undone = browser().post("/api/email/undo", Map.of("token", tokenOf(undo)));
    assertThat(undone.status()).as(undone.text()).isEqualTo(200);
    assertThat(undone.json().get("email").asText()).isEqualTo(old);
    assertThat(b.get("/api/me").status()).as("every session ended").isEqualTo(401);
    assertThat(browser().logIn(old, PASSWORD).status()).isEqualTo(200);
    assertError(browser().logIn(next, PASSWORD), 401, "invalid_credentials");
  }

  @Test
  void confirmingAnAddressAnotherAccountTookMeanwhileIsRefusedAndKeepsTheLink() {
    Browser b = browser();
    signedIn(b);
    String contested = newEmail();
    assertThat(b.post("/api/security/email", Map.of("new_email", contested)).status())
        .isEqualTo(202);
    String token = tokenOf(linkTo(app.outbox(), contested, MessagePurpose.EMAIL_CHANGE_LINK));
    Browser other = browser();
    assertThat(other.signUp(contested, PASSWORD).status()).isEqualTo(202);
    assertThat(other.post("/api/email/verify", Map.of("token", tokenOf(linkTo(app.outbox(),
        contested, MessagePurpose.EMAIL_VERIFICATION_LINK)))).status()).isEqualTo(200);
    assertError(browser().post("/api/email/confirm", Map.of("token", token)), 409, "email_taken");
  }

  /** Signing up with an address (without proving it) does not block its owner's confirmation. */
  @Test
  void anUnverifiedSignUpWithTheAddressDoesNotBlockItsConfirmation() {
    Browser b = browser();
    signedIn(b);
    String contested = newEmail();
    assertThat(b.post("/api/security/email", Map.of("new_email", contested)).status())
        .isEqualTo(202);
    String token = tokenOf(linkTo(app.outbox(), contested, MessagePurpose.EMAIL_CHANGE_LINK));
    assertThat(browser().signUp(contested, "Squatter-Horse-Battery-5").status()).isEqualTo(202);
    Response confirmed = browser().post("/api/email/confirm", Map.of("token", token));
    assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
    assertThat(b.get("/api/me").json().get("email").asText()).isEqualTo(contested);
  }

  /**
   * Someone with the owner's session changes the address twice, then signs up with the owner's
   * old address so that it looks taken. The owner's undo link still brings it back, and the undo
   * link of the second change (sent to the intruder's first address) no longer works.
   */
  @Test
  void undoRestoresTheOldAddressAfterASecondChangeAndASquattingSignUp() {
    Browser owner = browser();
    String old = signedIn(owner);
    String first = newEmail();
    String second = newEmail();
    Browser intruder = browser();
    assertThat(intruder.logIn(old, PASSWORD).status()).isEqualTo(200);
    assertThat(intruder.post("/api/security/email", Map.of("new_email", first)).status())
        .isEqualTo(202);
    assertThat(browser().post("/api/email/confirm", Map.of("token",
        tokenOf(linkTo(app.outbox(), first, MessagePurpose.EMAIL_CHANGE_LINK)))).status())
        .isEqualTo(200);
    String ownersUndo = tokenOf(linkTo(app.outbox(), old, MessagePurpose.EMAIL_CHANGED));
    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(intruder.post("/api/security/email", Map.of("new_email", second)).status())
        .isEqualTo(202);
    assertThat(browser().post("/api/email/confirm", Map.of("token",
        tokenOf(linkTo(app.outbox(), second, MessagePurpose.EMAIL_CHANGE_LINK)))).status())
        .isEqualTo(200);
    String intrudersUndo = tokenOf(linkTo(app.outbox(), first, MessagePurpose.EMAIL_CHANGED));
    assertThat(browser().signUp(old, "Squatter-Horse-Battery-5").status()).isEqualTo(202);
    CLOCK.advance(Duration.ofSeconds(1));

    Response undone = browser().post("/api/email/undo", Map.of("token", ownersUndo));
    assertThat(undone.status()).as(undone.text()).isEqualTo(200);
    assertThat(browser().logIn(old, PASSWORD).status()).as("the owner's address is back")
        .isEqualTo(200);
    assertError(browser().post("/api/email/undo", Map.of("token", intrudersUndo)), 401,
        "invalid_link");
    assertThat(browser().logIn(old, PASSWORD).status()).isEqualTo(200);
  }

  /**
   * Pre-registration: someone signs up with another person's address first. When the owner then
   * signs up and opens the link, the account is verified with the owner's password; the
   * squatter's no longer signs in.
   */
  @Test
  void aSquattersEarlierSignUpDoesNotKeepItsPasswordOnceTheOwnerSignsUpAndVerifies() {
    String email = newEmail();
    String squatters = "Squatter-Horse-Battery-5";
    assertThat(browser().signUp(email, squatters).status()).isEqualTo(202);
    Browser owner = browser();
    assertThat(owner.signUp(email, PASSWORD).status()).isEqualTo(202);
    String link = linkTo(app.outbox(), email, MessagePurpose.EMAIL_VERIFICATION_LINK);
    assertThat(owner.post("/api/email/verify", Map.of("token", tokenOf(link))).status())
        .isEqualTo(200);
    assertThat(owner.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertError(browser().logIn(email, squatters), 401, "invalid_credentials");
  }
}
