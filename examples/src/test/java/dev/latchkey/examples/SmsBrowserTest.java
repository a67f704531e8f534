package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMS codes on the real page, in headless Chromium: the two-factor card lists "Authenticator app
 * (recommended)" and "SMS"; a person enrols a phone number with the code read from the
 * {@code /dev/outbox} page in a second browser window, signs out, and signs in with "Text me a
 * code" and the code read from the outbox page again. The same checks after each view as
 * {@link DemoPageBrowserTest} ({@link BrowserSuite}), the outbox page included.
 */
class SmsBrowserTest extends BrowserSuite {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  @TempDir
  static Path tempDir;

  private final String email = "sam-" + UUID.randomUUID() + "@example.com";
  private HeadlessChromium laptop;
  private HeadlessChromium outbox;

  @BeforeAll
  void start() {
    startDemo(tempDir);
    laptop = open("sms-laptop", Browser.CHROME_ON_MAC, 1280, 900);
    outbox = open("sms-outbox", Browser.CHROME_ON_MAC, 1280, 900);
  }

  /** The code in the newest message of {@code purpose}, as a person reads it on /dev/outbox. */
  private String codeFromOutboxPage(String purpose) {
    outbox.open(base + "/dev/outbox");
    outbox.waitForText("#outbox-warning", "Development stand-in for SMS and email");
    String text = outbox.visible("#outbox-list li[data-purpose=" + purpose + "] .outbox-text")
        .getText();
    Matcher m = CODE.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  @Order(1)
  void smsIsEnrolledWithTheCodeFromTheOutboxPage() {
    laptop.open(base + "/");
    laptop.type("#sign-up-form input[name=email]", email);
    laptop.type("#sign-up-form input[name=password]", PASSWORD);
    laptop.click("#sign-up-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    assertThat(laptop.visible("#totp-method-title").getText())
        .isEqualTo("Authenticator app (recommended)");
    assertThat(laptop.visible("#sms-method-title").getText()).isEqualTo("SMS");
    laptop.waitForText("#sms-body", "Off");

    laptop.click("#sms-setup");
    laptop.click("#sms-phone-form button[type=submit]");
    laptop.waitForText("#sms-phone-form .form-error", "Enter your mobile number");
    laptop.type("#sms-phone-form input[name=phone]", "555 12");
    laptop.click("#sms-phone-form button[type=submit]");
    laptop.waitForText("#sms-phone-form .form-error", "valid mobile number");
    laptop.type("#sms-phone-form input[name=phone]", "(415) 555-0123");
    laptop.click("#sms-phone-form button[type=submit]");
    laptop.waitForText("#sms-code-form", "texted to +14");
    laptop.screenshot("sms-01-code-sent");
    assertPersonCanUse(laptop);

    String code = codeFromOutboxPage("enrolment_code");
    assertThat(outbox.find("#outbox-list li .outbox-to").getText()).isEqualTo("+14155550123");
    outbox.screenshot("sms-02-outbox");
    assertPersonCanUse(outbox);

    laptop.type("#sms-code-form input[name=code]", code);
    laptop.click("#sms-code-form button[type=submit]");
    laptop.waitForText("#sms-status", "SMS is on");
    laptop.assertInViewport("#sms-status");
    assertThat(laptop.find("#sms-body").getText()).contains("texted to", "An authenticator app"
        + " is safer");
    laptop.screenshot("sms-03-enrolled");
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(2)
  void signsInWithATextedCodeReadFromTheOutboxPage() {
    laptop.click("#sign-out");
    laptop.waitForText("#auth-status", "You have been signed out");
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    assertThat(laptop.visible("#mfa-send-sms").getText()).isEqualTo("Text me a code");
    assertThat(laptop.find("#mfa-hint").getText()).contains("by text message");
    clock.advance(Duration.ofSeconds(61));
    laptop.click("#mfa-send-sms");
    laptop.waitForText("#mfa-hint", "We sent a code to +14");
    laptop.screenshot("sms-04-code-asked");
    assertPersonCanUse(laptop);

    String code = codeFromOutboxPage("sign_in_code");
    laptop.type("#mfa-form input[name=code]", code);
    laptop.click("#mfa-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    laptop.waitForText("#sms-body", "On: codes are texted to");

    // The same code on the next sign-in: refused.
    laptop.click("#sign-out");
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    // A minute has not passed since the last code: the page says to wait.
    laptop.click("#mfa-send-sms");
    laptop.waitForText("#mfa-form .form-error", "A code was sent a moment ago");
    clock.advance(Duration.ofSeconds(61));
    laptop.click("#mfa-send-sms");
    laptop.waitForText("#mfa-hint", "We sent a code");
    laptop.type("#mfa-form input[name=code]", code);
    laptop.click("#mfa-form button[type=submit]");
    laptop.waitForText("#mfa-form .form-error", "not valid or was already used");
    laptop.assertInViewport("#mfa-form .form-error");
    assertPersonCanUse(laptop);
  }
}
