package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessagePurpose;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-up with email verification and "forgot password", walked in headless Chromium on the demo
 * with email verification on. The links come from the demo's dev outbox ({@code Running.outbox()}),
 * as a person would open them from their mailbox; each view passes the suite's checks (no
 * horizontal scroll, no console error, axe).
 */
class RecoveryBrowserTest extends BrowserSuite {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String NEW_PASSWORD = "Lantern-Staple-Horse-42";

  @TempDir
  static Path tempDir;

  private HeadlessChromium laptop;
  private final String email = "grace-" + UUID.randomUUID() + "@example.com";

  @Override
  DemoConfig config(Path dir) {
    return super.config(dir).withEmailVerification(true);
  }

  @BeforeAll
  void start() {
    startDemo(tempDir);
    laptop = open("recovery-laptop", Browser.CHROME_ON_MAC, 1280, 900);
  }

  private String linkTo(MessagePurpose purpose) {
    String link = RecoveryDemoTest.linkTo(app.outbox(), email, purpose);
    assertThat(link).startsWith(base + "/");
    return link;
  }

  @Test
  @Order(1)
  void signUpSaysCheckYourEmailThenTheLinkVerifiesAndSignInWorks() {
    laptop.open(base + "/");
    laptop.type("#sign-up-form input[name=email]", email);
    laptop.type("#sign-up-form input[name=password]", PASSWORD);
    laptop.click("#sign-up-form button[type=submit]");
    laptop.waitForText("#auth-status", "Check your email");
    laptop.assertInViewport("#auth-status");
    laptop.screenshot("recovery-01-check-email");
    assertPersonCanUse(laptop);

    // Not verified yet: the right password is told so.
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#sign-in-form .form-error", "Verify your email address first");

    laptop.open(linkTo(MessagePurpose.EMAIL_VERIFICATION_LINK));
    laptop.visible("#link-form");
    assertPersonCanUse(laptop);
    laptop.click("#link-form button[type=submit]");
    laptop.waitForText("#page-status", "is verified");
    laptop.screenshot("recovery-02-verified");
    assertPersonCanUse(laptop);

    laptop.open(base + "/");
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    laptop.visible("#email-form");
    assertThat(laptop.find("#email-body").getText()).contains(email);
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(2)
  void forgotPasswordFromTheSignInFormThenTheOutboxLinkSetsANewOneAndSignsOutEverywhere() {
    HeadlessChromium phone = open("recovery-phone", Browser.CHROME_ON_MAC, 390, 844);
    phone.open(base + "/");
    phone.click("#forgot-password");
    phone.visible("#forgot-form");
    assertPersonCanUse(phone);
    phone.type("#forgot-form input[name=email]", email);
    phone.click("#forgot-form button[type=submit]");
    phone.waitForText("#page-status", "Check your email");
    phone.screenshot("recovery-03-forgot");
    assertPersonCanUse(phone);

    phone.open(linkTo(MessagePurpose.PASSWORD_RESET_LINK));
    phone.visible("#reset-form");
    assertPersonCanUse(phone);
    phone.type("#reset-form input[name=new_password]", "weak");
    phone.click("#reset-form button[type=submit]");
    phone.waitForText("#reset-form .form-error", "Choose a stronger password");
    phone.type("#reset-form input[name=new_password]", NEW_PASSWORD);
    phone.click("#reset-form button[type=submit]");
    phone.waitForText("#page-status", "signed out on every device");
    phone.screenshot("recovery-04-reset");
    assertPersonCanUse(phone);

    // The laptop's session ended with the reset.
    laptop.open(base + "/");
    laptop.visible("#sign-in-form");
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", NEW_PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(3)
  void anSmsOnlyAccountResetsWithTheCodeFromTextMeACode() {
    // The account is set up over HTTP; the reset page is walked in Chromium.
    String smsEmail = "sms-" + UUID.randomUUID() + "@example.com";
    String phoneNumber = "+14155550188";
    Browser http = new Browser(app.port(), Browser.CHROME_ON_MAC);
    assertThat(http.signUp(smsEmail, PASSWORD).status()).isEqualTo(202);
    String verify = RecoveryDemoTest.linkTo(app.outbox(), smsEmail,
        MessagePurpose.EMAIL_VERIFICATION_LINK);
    assertThat(http.post("/api/email/verify",
        Map.of("token", verify.substring(verify.indexOf("token=") + 6))).status()).isEqualTo(200);
    assertThat(http.logIn(smsEmail, PASSWORD).status()).isEqualTo(200);
    assertThat(http.post("/api/security/2fa/sms/setup", Map.of("phone", phoneNumber)).status())
        .isEqualTo(200);
    assertThat(http.post("/api/security/2fa/sms/confirm", Map.of("code", app.outbox()
        .latestTo(phoneNumber).orElseThrow().message().content().reveal())).status())
        .isEqualTo(200);
    assertThat(http.post("/api/password/forgot", Map.of("email", smsEmail)).status())
        .isEqualTo(202);
    String link = RecoveryDemoTest.linkTo(app.outbox(), smsEmail,
        MessagePurpose.PASSWORD_RESET_LINK);

    HeadlessChromium page = open("recovery-sms", Browser.CHROME_ON_MAC, 390, 844);
    page.open(link);
    page.visible("#code-send button[data-channel=sms]");
    assertPersonCanUse(page);
    page.click("#code-send button[data-channel=sms]");
    page.waitForText("#page-status", "We sent a code to +14");
    DevOutbox.Delivered texted = app.outbox().latestTo(phoneNumber).orElseThrow();
    assertThat(texted.message().purpose()).isEqualTo(MessagePurpose.PASSWORD_RESET_CODE);
    page.type("#reset-form input[name=new_password]", NEW_PASSWORD);
    page.type("#reset-form input[name=code]", texted.message().content().reveal());
    page.screenshot("recovery-05-reset-with-texted-code");
    page.click("#reset-form button[type=submit]");
    page.waitForText("#page-status", "signed out on every device");
    assertPersonCanUse(page);
    assertThat(http.get("/api/me").status()).isEqualTo(401);
  }
}
