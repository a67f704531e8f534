package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.LOCATOR;
import static dev.latchkey.events.Clients.OTHER_DEVICE;
import static dev.latchkey.events.Clients.STRANGER;
import static dev.latchkey.events.Clients.TRAVEL;
import dev.latchkey.events.Clients;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.client.AddressScope;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * "New sign-in to your account": flagged exactly when device and location are unseen together.
 * Devices compare by browser, OS and type (not the version), locations by every part.
 */
class SuspiciousSignInTest {
  private static final String PASSWORD = "Correct-horse-9";

  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.ipLocator(LOCATOR));
  private final SignInService signIn = f.latchkey.signIn();

  private SecurityEvent signInFrom(String account, ClientInfo client) {
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(signIn.signIn(account, PASSWORD, client)).isInstanceOf(SignInResult.SignedIn.class);
    SecurityEvent last = f.events.get(f.events.size() - 1);
    assertThat(last.type()).isEqualTo(SecurityEventType.SIGN_IN_SUCCEEDED);
    return last;
  }

  @Test
  void theFirstSignInOfAnAccountIsNotSuspicious() {
    signIn.setPassword("alice", PASSWORD);
    assertThat(signInFrom("alice", STRANGER).suspicious()).isFalse();
  }

  @Test
  void aKnownDeviceAndLocationIsNotSuspicious() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    assertThat(signInFrom("alice", HOME).suspicious()).isFalse();
    assertThat(signInFrom("alice", new ClientInfo("203.0.113.5", dev.latchkey.events.Clients
        .SAFARI_MAC.replace("17.5", "17.6"))).suspicious())
        .as("a browser update keeps the device name").isFalse();
  }

  @Test
  void aMajorBrowserUpgradeIsNotANewDevice() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    SecurityEvent upgraded = signInFrom("alice", new ClientInfo("203.0.113.5",
        dev.latchkey.events.Clients.SAFARI_MAC.replace("Version/17.5", "Version/18.0")));
    assertThat(upgraded.device()).isEqualTo(new Device("Safari", 18, "macOS", DeviceType.DESKTOP));
    assertThat(upgraded.suspicious()).as("Safari 17 to 18 is the same device").isFalse();
    String chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Safari/537.36";
    assertThat(signInFrom("alice", new ClientInfo("203.0.113.5", chrome)).suspicious()).isTrue();
    assertThat(signInFrom("alice", new ClientInfo("203.0.113.5",
        chrome.replace("Chrome/120", "Chrome/121"))).suspicious()).isFalse();
  }

  @Test
  void anotherDeviceTypeOrPlatformIsANewDevice() {
    signIn.setPassword("alice", PASSWORD);
    String chromeOnAndroidPhone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    signInFrom("alice", new ClientInfo("203.0.113.5", chromeOnAndroidPhone));
    // The same browser and OS on a tablet (no "Mobile"): another device.
    SecurityEvent tablet = signInFrom("alice", new ClientInfo("203.0.113.5",
        chromeOnAndroidPhone.replace(" Mobile", "")));
    assertThat(tablet.device().type()).isEqualTo(DeviceType.TABLET);
    assertThat(tablet.suspicious()).isTrue();
  }

  @Test
  void aPlaceIsItsCountryRegionAndCityAndItsAddressScope() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    // Loopback and private networks are places of their own, apart from each other.
    SecurityEvent local = signInFrom("alice", new ClientInfo("127.0.0.1", Clients.SAFARI_MAC));
    assertThat(local.location()).isEqualTo(Location.of(AddressScope.LOOPBACK));
    assertThat(local.suspicious()).isTrue();
    assertThat(signInFrom("alice", new ClientInfo("::1", Clients.SAFARI_MAC)).suspicious())
        .isFalse();
    assertThat(signInFrom("alice", new ClientInfo("10.0.0.2", Clients.SAFARI_MAC)).suspicious())
        .isTrue();
    // A public address no database places is not the same as no usable address.
    assertThat(signInFrom("alice", new ClientInfo("192.0.2.1", Clients.SAFARI_MAC)).suspicious())
        .isTrue();
    assertThat(signInFrom("alice", new ClientInfo("192.0.2.99", Clients.SAFARI_MAC)).suspicious())
        .isFalse();
  }

  @Test
  void aNewDeviceOrANewLocationIsSuspicious() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    SecurityEvent stranger = signInFrom("alice", STRANGER);
    assertThat(stranger.suspicious()).isTrue();
    assertThat(stranger.device())
        .isEqualTo(new Device("Firefox", 128, "Linux", DeviceType.DESKTOP));
    assertThat(stranger.location()).isEqualTo(new Location("Berlin", "", "DE"));
    assertThat(ClientLabels.english().device(stranger.device())).isEqualTo("Firefox on Linux");
    assertThat(ClientLabels.english().location(stranger.location())).isEqualTo("Berlin, DE");
    // Same device from a new place, and a new device at home: each pair is new.
    assertThat(signInFrom("alice", TRAVEL).suspicious()).isTrue();
    assertThat(signInFrom("alice", OTHER_DEVICE).suspicious()).isTrue();
    // Once seen, a pair is known.
    assertThat(signInFrom("alice", STRANGER).suspicious()).isFalse();
    assertThat(signInFrom("alice", TRAVEL).suspicious()).isFalse();
  }

  @Test
  void failedAttemptsDoNotMakeAPlaceKnown() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    signIn.signIn("alice", "wrong", STRANGER);
    assertThat(signInFrom("alice", STRANGER).suspicious()).isTrue();
  }

  @Test
  void otherAccountsHistoriesDoNotCount() {
    signIn.setPassword("alice", PASSWORD);
    signIn.setPassword("bob", PASSWORD);
    signInFrom("alice", HOME);
    signInFrom("bob", HOME);
    signInFrom("bob", STRANGER);
    assertThat(signInFrom("alice", STRANGER).suspicious()).isTrue();
  }

  @Test
  void secondFactorSignInsAreCheckedAndCountAsKnownPlaces() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    SecurityEvent first = completeWithTotp("bob", HOME, on);
    assertThat(first.suspicious()).isFalse();
    assertThat(first.details()).containsEntry("method", "totp");
    assertThat(completeWithTotp("bob", STRANGER, on).suspicious()).isTrue();
    assertThat(completeWithTotp("bob", STRANGER, on).suspicious()).isFalse();
  }

  @Test
  void theListenerIsToldAboutSuspiciousSignIns() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    signInFrom("alice", STRANGER);
    assertThat(f.events).filteredOn(SecurityEvent::suspicious).hasSize(1)
        .allMatch(e -> e.ipAddress().equals("198.51.100.7"));
    assertThat(f.latchkey.loginHistory().page("alice",
        dev.latchkey.events.EventQuery.firstPage(10)).events().get(0).suspicious()).isTrue();
  }

  private SecurityEvent completeWithTotp(String account, ClientInfo client,
      TwoFactorFixture.Enabled on) {
    f.clock.advance(Duration.ofMinutes(1));
    SignInResult first = signIn.signIn(account, PASSWORD, client);
    String challenge = ((SignInResult.SecondFactorRequired) first).challenge().reveal();
    assertThat(signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), client))
        .isInstanceOf(SignInResult.SignedIn.class);
    return f.events.get(f.events.size() - 1);
  }
}
