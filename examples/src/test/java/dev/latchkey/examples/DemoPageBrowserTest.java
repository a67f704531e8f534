package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Security page walked as a person walks it, in headless Chromium: sign up (a weak password
 * first), sign in from a second browser with another User-Agent, revoke it and watch it lose
 * access, turn on two-factor authentication from the setup key, sign in with a TOTP code and then
 * a backup code, create, rotate and revoke an API key and call {@code /v1/credits} with it, change
 * the password, read the login history; and the simulated providers from a phone-sized browser.
 *
 * <p>After each action it checks what the person sees: the result inside the viewport, no
 * horizontal scrolling at 390 and 1280 px, no console errors, no serious or critical axe-core
 * violations. A failure leaves a screenshot and the page's HTML in {@code target/browser-failures/};
 * every run leaves screenshots of the views in {@code target/screenshots/}.
 *
 * <p>The steps share one demo and build on each other (one account's story), so they run in order.
 * The demo runs on a {@link MovableClock}: a fresh TOTP step is a clock move, never a wait.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). Without them the suite is skipped
 * with a message, or fails when {@code LATCHKEY_TEST_REQUIRE_BROWSER=true}.
 */
class DemoPageBrowserTest extends BrowserSuite {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String NEW_PASSWORD = "Another-Staple-Horse-42";
  private static final String LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
      + "Gecko/20100101 Firefox/128.0";
  private static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac"
      + " OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

  @TempDir
  static Path tempDir;

  private HeadlessChromium laptop;
  private HeadlessChromium phone;
  private final String email = "ada-" + UUID.randomUUID() + "@example.com";
  private String totpSecret;
  private final List<String> backupCodes = new ArrayList<>();

  @BeforeAll
  void start() {
    startDemo(tempDir);
    laptop = open("laptop", Browser.CHROME_ON_MAC, 1280, 900);
  }

  // --- 1. Sign up -----------------------------------------------------------------------------

  @Test
  @Order(1)
  void signUpRefusesAWeakPasswordThenCreatesTheAccount() {
    laptop.open(base + "/");
    laptop.visible("#sign-up-form");
    assertPersonCanUse(laptop);
    laptop.screenshot("01-signed-out");

    // An empty form is not sent: the page says what is missing.
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#sign-in-form .form-error", "Enter your email address and password");
    laptop.assertInViewport("#sign-in-form .form-error");

    laptop.type("#sign-up-form input[name=email]", email);
    laptop.type("#sign-up-form input[name=password]", "weak");
    laptop.click("#sign-up-form button[type=submit]");
    laptop.waitForText("#sign-up-form .form-error", "Choose a stronger password");
    laptop.assertInViewport("#sign-up-form .form-error");
    assertThat(laptop.find("#sign-up-form .form-error").getText()).contains("Add a number.");
    laptop.screenshot("02-sign-up-weak-password");
    assertPersonCanUse(laptop);

    laptop.type("#sign-up-form input[name=password]", PASSWORD);
    laptop.click("#sign-up-form button[type=submit]");
    laptop.waitForText("#password-status", "Your account has been created");
    laptop.assertInViewport("#password-status");
    laptop.waitForText("#account-email", email);
    laptop.screenshot("03-signed-in");
    assertPersonCanUse(laptop);
  }

  // --- 2. A second browser, revoked -------------------------------------------------------------

  @Test
  @Order(2)
  void aSecondBrowserSignsInIsRevokedAndSaysSo() {
    phone = open("phone", LINUX_FIREFOX, 390, 844);
    phone.open(base + "/");
    phone.type("#sign-in-form input[name=email]", email);
    phone.type("#sign-in-form input[name=password]", PASSWORD);
    phone.click("#sign-in-form button[type=submit]");
    phone.waitForText("#session-list", "This device");
    assertThat(phone.find("#session-list").getText()).contains("Firefox");

    laptop.open(base + "/");
    laptop.waitForText("#session-list", "Firefox");
    laptop.click("#session-list button[aria-label^='Revoke session on Firefox']");
    laptop.waitForText("#sessions-status", "revoked. That device has been signed out");
    laptop.assertInViewport("#sessions-status");
    assertThat(laptop.find("#session-list").getText()).doesNotContain("Firefox");
    laptop.screenshot("04-session-revoked");
    assertPersonCanUse(laptop);

    // The phone, scrolled down to the login history, tries something: it learns why it is out.
    phone.js("window.scrollTo(0, document.body.scrollHeight);");
    new Select(phone.find("#history-type")).selectByValue("sign_in.succeeded");
    phone.waitForText("#auth-status", "You were signed out because this session was revoked");
    phone.assertInViewport("#auth-status");
    assertThat(phone.focusedId()).isEqualTo("status-text");
    assertThat(phone.find("#signed-in").isDisplayed()).isFalse();
    phone.screenshot("05-revoked-device-signed-out-390px");
    assertPersonCanUse(phone);
  }

  // --- 3. Two-factor authentication ---------------------------------------------------------------

  @Test
  @Order(3)
  void twoFactorIsTurnedOnWithTheSetupKey() {
    laptop.click("#two-factor-body button.button-primary");
    WebElement key = laptop.visible("#two-factor-body .secret");
    totpSecret = key.getText();
    assertThat(laptop.find("#two-factor-body .setup-steps").getText())
        .contains("Type the 6-digit code");
    laptop.screenshot("06-two-factor-setup");
    assertPersonCanUse(laptop);

    laptop.type("#two-factor-body input[name=code]", code());
    laptop.click("#two-factor-body button[type=submit]");
    laptop.waitForText("#two-factor-status", "Two-factor authentication is on");
    laptop.assertInViewport("#two-factor-status");
    for (WebElement item : laptop.findAll("#two-factor-body .code-list li")) {
      backupCodes.add(item.getText());
    }
    assertThat(backupCodes).hasSize(10);
    laptop.screenshot("07-backup-codes");
    assertPersonCanUse(laptop);
    laptop.click("#two-factor-body .secret-box button.button-primary"); // I've saved them
    laptop.waitForText("#two-factor-body", "10 backup codes left");
  }

  /** The authenticator app's code at the demo's time. */
  private String code() {
    return TwoFactorAndApiKeysTest.totp(totpSecret, clock.instant());
  }

  @Test
  @Order(4)
  void signsInWithACodeThenWithABackupCode() {
    laptop.click("#sign-out");
    laptop.waitForText("#auth-status", "You have been signed out");
    assertThat(laptop.focusedId()).as("focus after signing out").isEqualTo("sign-in-title");

    signInWithPassword(laptop);
    clock.advance(Duration.ofSeconds(30)); // the set-up used this step's code
    String code = code();
    laptop.type("#mfa-form input[name=code]", code);
    laptop.click("#mfa-form button[type=submit]");
    laptop.waitForText("#account-email", email);

    // The same code again: it was the current code, so the page says it was already used.
    laptop.click("#sign-out");
    signInWithPassword(laptop);
    laptop.type("#mfa-form input[name=code]", code);
    laptop.click("#mfa-form button[type=submit]");
    laptop.waitForText("#mfa-form .form-error", "already used");
    laptop.assertInViewport("#mfa-form .form-error");
    laptop.screenshot("08-code-already-used");
    assertPersonCanUse(laptop);

    laptop.type("#mfa-form input[name=code]", backupCodes.get(0));
    laptop.click("#mfa-form button[type=submit]");
    laptop.waitForText("#two-factor-status", "9 backup codes left");
    laptop.assertInViewport("#two-factor-status");
    laptop.screenshot("09-signed-in-with-backup-code");
    assertPersonCanUse(laptop);

    // New codes: asked in a dialog, with a field for the code, not the browser's prompt().
    laptop.click("#two-factor-body button:not(.button-danger)"); // Regenerate backup codes
    laptop.visible("#ask-dialog #ask-code-field input[name=code]");
    laptop.assertAccessible();
    clock.advance(Duration.ofSeconds(30));
    laptop.type("#ask-dialog input[name=code]", code());
    laptop.click("#ask-confirm");
    laptop.waitForText("#two-factor-status", "New backup codes generated");
    laptop.assertInViewport("#two-factor-status");
    assertThat(laptop.findAll("#two-factor-body .code-list li")).hasSize(10);
    laptop.click("#two-factor-body .secret-box button.button-primary"); // I've saved them
  }

  private void signInWithPassword(HeadlessChromium browser) {
    browser.type("#sign-in-form input[name=email]", email);
    browser.type("#sign-in-form input[name=password]", PASSWORD);
    browser.click("#sign-in-form button[type=submit]");
    browser.visible("#mfa-form input[name=code]");
  }

  // --- 4. API keys -------------------------------------------------------------------------------

  @Test
  @Order(5)
  void anApiKeyIsCreatedRotatedAndRevokedAndTheApiAnswersAccordingly() throws Exception {
    // The longest name the field allows, without a space: it must not widen the page.
    String name = "build-" + "x".repeat(94);
    laptop.type("#api-key-form input[name=name]", name);
    new Select(laptop.find("#api-key-form select[name=environment]")).selectByValue("test");
    laptop.click("#api-key-form button[type=submit]");
    laptop.waitForText("#api-keys-status", "created");
    laptop.assertInViewport("#api-keys-status");
    String key = laptop.visible("#new-api-key").getText();
    assertThat(key).startsWith("lk_test_");
    assertThat(laptop.find("#api-key-created .curl").getText())
        .contains("Authorization: Bearer " + key).contains("/v1/credits");
    laptop.screenshot("10-api-key-created");
    assertPersonCanUse(laptop);
    // At 1280 px the table fits its card: the Rotate and Revoke buttons are on screen.
    assertThat(laptop.js("const w = document.querySelector('#api-keys .table-wrap');"
        + "return w.scrollWidth <= w.clientWidth;")).as("the key table fits at 1280 px")
        .isEqualTo(true);
    assertThat(credits(key)).isEqualTo(200);

    laptop.click("#api-key-rows button[aria-label^='Rotate key']");
    laptop.visible("#ask-dialog");
    laptop.screenshot("11-rotate-dialog");
    laptop.assertAccessible();
    assertThat(laptop.js("const d = document.getElementById('ask-dialog');"
        + "return d.scrollWidth <= d.clientWidth;")).as("the dialog fits its key's name")
        .isEqualTo(true);
    laptop.click("#ask-dialog input[name=choice][value='3600']");
    laptop.click("#ask-confirm");
    laptop.waitForText("#api-keys-status", "The old key works until");
    laptop.assertInViewport("#api-keys-status");
    String replacement = laptop.visible("#new-api-key").getText();
    assertThat(replacement).isNotEqualTo(key);
    assertThat(laptop.find("#api-key-rows").getText()).contains("old key").contains("works until");
    laptop.screenshot("12-api-key-rotated");
    assertPersonCanUse(laptop);
    assertThat(credits(key)).as("the old key, inside its hour of grace").isEqualTo(200);
    assertThat(credits(replacement)).isEqualTo(200);

    laptop.click("#api-key-rows button[aria-label^='Revoke key']");
    laptop.visible("#ask-dialog");
    laptop.click("#ask-confirm");
    laptop.waitForText("#api-keys-status", "revoked. Requests with it are refused now");
    laptop.assertInViewport("#api-keys-status");
    laptop.screenshot("13-api-key-revoked");
    assertPersonCanUse(laptop);

    // Revoked keys leave the table unless asked for.
    laptop.click("#show-inactive-keys");
    laptop.waitForText("#api-key-rows", "Revoked");
    assertPersonCanUse(laptop);
    laptop.screenshot("14-api-keys-with-revoked");
  }

  /** The status of {@code GET /v1/credits} with the key. */
  private int credits(String key) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/v1/credits"))
            .header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  // --- 5. Password and history ---------------------------------------------------------------------

  @Test
  @Order(6)
  void thePasswordIsChanged() {
    assertThat(laptop.find("#password-body input[autocomplete=username]").getAttribute("value"))
        .as("the hidden username for password managers").isEqualTo(email);
    laptop.type("#password-body input[name=current]", PASSWORD);
    laptop.type("#password-body input[name=next]", NEW_PASSWORD);
    laptop.type("#password-body input[name=confirm]", NEW_PASSWORD);
    laptop.click("#password-body button[type=submit]");
    laptop.waitForText("#password-status", "Password changed");
    laptop.assertInViewport("#password-status");
    laptop.screenshot("15-password-changed");
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(7)
  void theLoginHistorySaysWhoDidWhat() {
    laptop.open(base + "/");
    laptop.waitForText("#history-rows", "API key created");
    List<WebElement> rows = laptop.findAll("#history-rows tr");
    assertThat(rows).isNotEmpty();
    for (WebElement row : rows) {
      List<WebElement> cells = row.findElements(org.openqa.selenium.By.tagName("td"));
      assertThat(cells.get(1).getText()).as("device of \"%s\"", row.getText()).isNotEqualTo("—");
      assertThat(cells.get(3).getText()).as("address of \"%s\"", row.getText()).isNotEqualTo("—");
    }
    String history = laptop.find("#history-rows").getText();
    assertThat(history).contains("API key rotated (“build-", "old key kept for 1 hour")
        .contains("Failed sign-in attempt (").contains("Correct password, second step asked for")
        .contains("Backup code used (9 left)");
    // Headers and the "New device" badge never break over two lines.
    assertThat(history).contains("New device");
    assertThat(laptop.js("return [...document.querySelectorAll("
        + "'#login-history th, #login-history .badge')]"
        + ".every(e => getComputedStyle(e).whiteSpace === 'nowrap');")).isEqualTo(true);
    laptop.js("document.getElementById('login-history').scrollIntoView();");
    laptop.screenshot("16-login-history");
    assertPersonCanUse(laptop);
  }

  // --- 6. Simulated providers, on a phone -------------------------------------------------------------

  @Test
  @Order(8)
  void simulatedProvidersArePickedByEmailAndStayUsable() {
    HeadlessChromium iphone = open("iphone", IPHONE_SAFARI, 390, 844);
    String providerEmail = "grace-" + UUID.randomUUID() + "@example.com";
    iphone.open(base + "/");
    new Select(iphone.find("#provider-form select[name=provider]")).selectByValue("github");
    iphone.type("#provider-form input[name=email]", providerEmail);
    iphone.click("#provider-form button[value=sign-up]");
    iphone.waitForText("#connected-list", providerEmail);
    assertThat(((Number) iphone.js("return window.scrollY;")).longValue())
        .as("the settings open at the top").isZero();
    iphone.click("#connect-buttons button:nth-child(1)"); // Connect GitHub is gone: Google
    iphone.waitForText("#connected-status", "You can now sign in with Google");
    iphone.assertInViewport("#connected-status");
    iphone.screenshot("17-provider-connected-390px");
    assertPersonCanUse(iphone);

    iphone.click("#connected-list button[aria-label='Disconnect GitHub']");
    iphone.click("#ask-confirm");
    iphone.waitForText("#connected-status", "GitHub disconnected");
    // Google alone is the last way in: the refusal is seen, next to the list.
    iphone.click("#connected-list button[aria-label='Disconnect Google']");
    iphone.click("#ask-confirm");
    iphone.waitForText("#connected-status", "This is your only way to sign in");
    iphone.assertInViewport("#connected-status");
    iphone.screenshot("18-last-sign-in-method-390px");
    assertPersonCanUse(iphone);

    // And the remaining simulated identity signs in again, by its email.
    iphone.click("#sign-out");
    new Select(iphone.find("#provider-form select[name=provider]")).selectByValue("google");
    iphone.type("#provider-form input[name=email]", providerEmail);
    iphone.click("#provider-form button[value=sign-in]");
    iphone.waitForText("#connected-list", providerEmail);
    iphone.assertNoConsoleErrors();
  }

  // --- 7. A lockout counts down ---------------------------------------------------------------------

  @Test
  @Order(9)
  void aLockoutCountsDownWhereTheUserIsLooking() {
    laptop.click("#sign-out");
    laptop.waitForText("#auth-status", "You have been signed out");
    String stranger = "nobody-" + UUID.randomUUID() + "@example.com";
    for (int attempt = 1; attempt <= 5; attempt++) {
      laptop.type("#sign-in-form input[name=email]", stranger);
      laptop.type("#sign-in-form input[name=password]", "Wrong-password-" + attempt);
      laptop.click("#sign-in-form button[type=submit]");
      laptop.waitForText("#sign-in-form .form-error", "Incorrect email or password");
      laptop.js("document.querySelector('#sign-in-form .form-error').textContent = '';");
    }
    laptop.type("#sign-in-form input[name=email]", stranger);
    laptop.type("#sign-in-form input[name=password]", "Wrong-password-6");
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#sign-in-form .form-error", "Too many attempts. Try again in 30 seconds");
    laptop.assertInViewport("#sign-in-form .form-error");
    assertThat(laptop.focusedId()).as("the error takes the focus").isEqualTo("form-error");
    laptop.screenshot("19-lockout-countdown");
    assertPersonCanUse(laptop);

    // Time passes in the browser (its clock moved, not waited for): the countdown follows.
    laptop.js("const now = Date.now; Date.now = () => now() + 12000;");
    laptop.waitForText("#sign-in-form .form-error", "Try again in 1");
    laptop.js("const now = Date.now; Date.now = () => now() + 60000;");
    laptop.waitForText("#sign-in-form .form-error", "You can try again now");
  }
}
