package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys on the real page, in headless Chromium with its virtual authenticator (a platform
 * authenticator, CTAP2, that keeps discoverable credentials and verifies the user): add a passkey
 * and rename it, sign out, sign in with it alone, sign in with the password and the passkey as
 * the second step, see a copied passkey (its signature counter set back) refused and reported in
 * the login history, and remove the passkey after confirming it's you with it.
 *
 * <p>The same checks after each view as {@link DemoPageBrowserTest}: the result in the viewport,
 * no horizontal scrolling, no console errors, no serious axe-core findings ({@link BrowserSuite}).
 */
class PasskeyBrowserTest extends BrowserSuite {
  private static final String PASSWORD = "Correct-Horse-Battery-9";

  @TempDir
  static Path tempDir;

  private final String email = "pat-" + UUID.randomUUID() + "@example.com";
  private HeadlessChromium laptop;
  private VirtualAuthenticator authenticator;

  @BeforeAll
  void start() {
    startDemo(tempDir);
    laptop = open("passkey-laptop", Browser.CHROME_ON_MAC, 1280, 900);
    authenticator = ((HasVirtualAuthenticator) laptop.driver()).addVirtualAuthenticator(
        new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true));
  }

  @Test
  @Order(1)
  void aPasskeyIsAddedAndRenamed() {
    laptop.open(base + "/");
    assertThat(laptop.visible("#passkey-sign-in").getText()).isEqualTo("Sign in with a passkey");
    assertThat(laptop.find("#sign-in-form input[name=email]").getAttribute("autocomplete"))
        .as("the email field offers passkeys in its autofill").isEqualTo("username webauthn");
    laptop.type("#sign-up-form input[name=email]", email);
    laptop.type("#sign-up-form input[name=password]", PASSWORD);
    laptop.click("#sign-up-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    laptop.waitForText("#passkey-list", "No passkeys yet");

    // A name first: the page says so instead of asking the authenticator.
    laptop.click("#passkey-form button[type=submit]");
    laptop.waitForText("#passkey-form .form-error", "Name the passkey");

    laptop.type("#passkey-form input[name=name]", "Virtual laptop");
    laptop.click("#passkey-form button[type=submit]");
    laptop.waitForText("#passkeys-status", "Passkey “Virtual laptop” added");
    laptop.assertInViewport("#passkeys-status");
    assertThat(laptop.find("#passkey-list").getText()).contains("Virtual laptop", "never used");
    assertThat(authenticator.getCredentials()).hasSize(1);
    assertThat(authenticator.getCredentials().get(0).isResidentCredential())
        .as("a discoverable credential").isTrue();
    laptop.screenshot("passkey-01-added");
    assertPersonCanUse(laptop);

    laptop.click("#passkey-list button[aria-label='Rename passkey Virtual laptop']");
    laptop.visible("#ask-dialog input[name=code]");
    assertThat(laptop.find("#ask-dialog input[name=code]").getAttribute("value"))
        .isEqualTo("Virtual laptop");
    laptop.assertAccessible();
    laptop.type("#ask-dialog input[name=code]", "Work laptop");
    laptop.click("#ask-confirm");
    laptop.waitForText("#passkeys-status", "Passkey renamed to “Work laptop”");
    laptop.waitForText("#passkey-list", "Work laptop");
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(2)
  void signsInWithThePasskeyAlone() {
    Credential passkey = authenticator.getCredentials().get(0);
    // Out of the authenticator while the sign-in page opens, so its autofill request (step 3)
    // has nothing to offer and the button is what signs in.
    authenticator.removeAllCredentials();
    signOut();
    authenticator.addCredential(passkey);
    laptop.click("#passkey-sign-in");
    laptop.waitForText("#account-email", email);
    laptop.waitForText("#passkey-list", "last used");
    laptop.screenshot("passkey-02-signed-in-passwordless");
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(3)
  void theEmailFieldsAutofillOffersThePasskeyAndSignsIn() {
    // Conditional UI: the sign-in page asks for a passkey with mediation "conditional"; a person
    // picks it from the email field's autofill. The virtual authenticator picks it at once, so the
    // passkey is out of it until the signed-out page has loaded anew.
    Credential passkey = authenticator.getCredentials().get(0);
    authenticator.removeAllCredentials();
    signOut();
    authenticator.addCredential(passkey);
    laptop.open(base + "/");
    laptop.waitForText("#account-email", email);
    laptop.assertNoConsoleErrors();
  }

  @Test
  @Order(4)
  void signsInWithThePasswordAndThePasskeyAsTheSecondStep() {
    Credential passkey = authenticator.getCredentials().get(0);
    authenticator.removeAllCredentials(); // not offered by the autofill: the password goes first
    signOut();
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    laptop.visible("#mfa-passkey");
    authenticator.addCredential(passkey);
    assertThat(laptop.find("#mfa-hint").getText()).contains("Use your passkey");
    assertThat(laptop.find("#mfa-form input[name=code]").isDisplayed())
        .as("no code field for an account without an authenticator app").isFalse();
    assertThat(laptop.focusedId()).as("the passkey button takes the focus")
        .isEqualTo("mfa-passkey");
    laptop.screenshot("passkey-03-second-step");
    assertPersonCanUse(laptop);
    laptop.click("#mfa-passkey");
    laptop.waitForText("#account-email", email);
  }

  private void signOut() {
    laptop.click("#sign-out");
    laptop.waitForText("#auth-status", "You have been signed out");
  }

  @Test
  @Order(5)
  void aCopiedPasskeyWithACounterSetBackIsRefusedAndReported() {
    Credential original = authenticator.getCredentials().get(0);
    assertThat(original.getSignCount()).as("the counter moved with each use").isGreaterThan(1);
    // A copy of the key that has not seen the latest uses: its counter is behind the server's.
    authenticator.removeAllCredentials();
    authenticator.addCredential(Credential.createResidentCredential(original.getId(),
        original.getRpId(), original.getPrivateKey(), original.getUserHandle(), 0));

    signOut(); // the autofill offers the copy at once, and it is refused
    laptop.waitForText("#passkey-sign-in-form .form-error", "it may have been copied");
    laptop.click("#passkey-sign-in"); // and so is it from the button
    laptop.waitForText("#passkey-sign-in-form .form-error", "it may have been copied");
    laptop.assertInViewport("#passkey-sign-in-form .form-error");
    assertThat(laptop.find("#signed-in").isDisplayed()).isFalse();
    laptop.screenshot("passkey-04-clone-refused");
    assertPersonCanUse(laptop);

    // The real passkey, ahead of every use the server has seen, still works.
    authenticator.removeAllCredentials();
    authenticator.addCredential(Credential.createResidentCredential(original.getId(),
        original.getRpId(), original.getPrivateKey(), original.getUserHandle(),
        original.getSignCount() + 10));
    laptop.click("#passkey-sign-in");
    laptop.waitForText("#account-email", email);

    new Select(laptop.find("#history-type")).selectByValue(
        "passkey.added,passkey.renamed,passkey.removed,passkey.clone_suspected");
    laptop.waitForText("#history-rows", "Passkey refused: it may have been copied");
    assertThat(laptop.find("#history-rows").getText())
        .contains("Passkey added", "Passkey renamed");
    new Select(laptop.find("#history-type")).selectByValue("sign_in.succeeded");
    laptop.waitForText("#history-rows", "Signed in (with a passkey)");
    laptop.js("document.getElementById('login-history').scrollIntoView();");
    laptop.screenshot("passkey-05-history");
    assertPersonCanUse(laptop);
  }

  @Test
  @Order(6)
  void removingThePasskeyAsksToConfirmItIsYouAndThePasskeyCanSayIt() {
    clock.advance(Duration.ofMinutes(11)); // the sign-in is no longer recent
    laptop.click("#passkey-list button[aria-label='Remove passkey Work laptop']");
    laptop.click("#ask-confirm");
    laptop.visible("#reauth-passkey");
    laptop.screenshot("passkey-06-confirm-with-passkey");
    laptop.assertAccessible();
    laptop.click("#reauth-passkey");
    laptop.waitForText("#passkeys-status", "Passkey “Work laptop” removed");
    laptop.assertInViewport("#passkeys-status");
    laptop.waitForText("#passkey-list", "No passkeys yet");
    assertPersonCanUse(laptop);

    // Without a passkey, the password alone signs in again.
    authenticator.removeAllCredentials(); // the autofill would offer the removed one, refused
    signOut();
    laptop.type("#sign-in-form input[name=email]", email);
    laptop.type("#sign-in-form input[name=password]", PASSWORD);
    laptop.click("#sign-in-form button[type=submit]");
    laptop.waitForText("#account-email", email);
    laptop.assertNoConsoleErrors();
  }
}
