package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.delivery.MessagePurpose;
import java.nio.file.Path;
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
}
