package dev.latchkey.signin;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.LOCATOR;
import static dev.latchkey.events.Clients.OTHER_DEVICE;
import static dev.latchkey.events.Clients.STRANGER;
import static dev.latchkey.events.Clients.TRAVEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** "New sign-in to your account": flagged exactly when device and location are both unseen. */
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
  void aNewDeviceOrANewLocationIsSuspicious() {
    signIn.setPassword("alice", PASSWORD);
    signInFrom("alice", HOME);
    SecurityEvent stranger = signInFrom("alice", STRANGER);
    assertThat(stranger.suspicious()).isTrue();
    assertThat(stranger.device()).isEqualTo("Firefox on Linux");
    assertThat(stranger.location()).isEqualTo("Berlin, DE");
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
