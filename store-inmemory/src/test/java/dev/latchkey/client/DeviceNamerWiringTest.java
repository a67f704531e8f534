package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.events.EventQuery;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.session.SessionInfo;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A host's {@link DeviceNamer}, given to the builder, names the devices of sessions and events. */
class DeviceNamerWiringTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String APP_5 = "AcmeApp/5.2.1 (iPhone; iOS 17.1)";
  private static final String APP_6 = "AcmeApp/6.0.0 (iPhone; iOS 17.2)";
  private static final IpLocator LOCATOR =
      ip -> Optional.of(new Location("Lisbon", "Lisboa", "PT"));

  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final DeviceNamer parser = DeviceNamer.userAgentParser();
  /** Names the host's own app; everything else goes to the default parser. */
  private final DeviceNamer acme = userAgent -> {
    asked.add(userAgent);
    if (userAgent.startsWith("AcmeApp/")) {
      int major = Integer.parseInt(userAgent.substring(8, userAgent.indexOf('.')));
      return new Device("Acme", major, "iPhone", DeviceType.MOBILE);
    }
    return parser.identify(userAgent);
  };
  private final TwoFactorFixture f =
      TwoFactorFixture.create(b -> b.deviceNamer(acme).ipLocator(LOCATOR));

  private SecurityEvent signIn(String userAgent) {
    f.clock.advance(Duration.ofMinutes(1));
    SignInResult r = f.latchkey.signIn().signIn("alice", PASSWORD,
        new ClientInfo("198.51.100.4", userAgent));
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    SecurityEvent last = f.events.get(f.events.size() - 1);
    assertThat(last.type()).isEqualTo(SecurityEventType.SIGN_IN_SUCCEEDED);
    return last;
  }

  @Test
  void sessionsAndEventsStoreWhatTheHostNamerSays() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    SecurityEvent event = signIn(APP_5);

    Device expected = new Device("Acme", 5, "iPhone", DeviceType.MOBILE);
    assertThat(event.device()).isEqualTo(expected);
    assertThat(f.latchkey.loginHistory().page("alice", EventQuery.firstPage(10)).events().get(0)
        .device()).isEqualTo(expected);
    List<SessionInfo> sessions = f.latchkey.sessions().list("alice", null);
    assertThat(sessions).singleElement().satisfies(s -> {
      assertThat(s.device()).isEqualTo(expected);
      assertThat(s.location()).isEqualTo(new Location("Lisbon", "Lisboa", "PT"));
      assertThat(ClientLabels.english().device(s.device())).isEqualTo("Acme on iPhone");
      assertThat(ClientLabels.english().location(s.location())).isEqualTo("Lisbon, PT");
    });
    assertThat(f.latchkey.sessions().describe(new ClientInfo("", APP_6)).device())
        .isEqualTo(new Device("Acme", 6, "iPhone", DeviceType.MOBILE));
    assertThat(asked).contains(APP_5, APP_6);
  }

  @Test
  void theHostNamerDecidesWhatCountsAsTheSameDevice() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    assertThat(signIn(APP_5).suspicious()).isFalse();
    // The app's update is the same device; a browser on the same phone is not.
    assertThat(signIn(APP_6).suspicious()).isFalse();
    SecurityEvent safari = signIn("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
        + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
    assertThat(safari.device()).isEqualTo(new Device("Safari", 17, "iPhone", DeviceType.MOBILE));
    assertThat(safari.suspicious()).isTrue();
  }

  @Test
  void eventsWithoutASessionUseTheNamerToo() {
    f.latchkey.signIn().setPassword("alice", PASSWORD);
    f.clock.advance(Duration.ofMinutes(1));
    f.latchkey.signIn().signIn("alice", "wrong", new ClientInfo("198.51.100.4", APP_5));
    SecurityEvent failed = f.events.get(f.events.size() - 1);
    assertThat(failed.type()).isEqualTo(SecurityEventType.SIGN_IN_FAILED);
    assertThat(failed.device()).isEqualTo(new Device("Acme", 5, "iPhone", DeviceType.MOBILE));
  }

  @Test
  void aThrowingHostNamerNeverBreaksASignIn() {
    TwoFactorFixture broken = TwoFactorFixture.create(b -> b.deviceNamer(ua -> {
      throw new IllegalStateException("namer bug");
    }));
    broken.latchkey.signIn().setPassword("alice", PASSWORD);
    assertThat(broken.latchkey.signIn().signIn("alice", PASSWORD,
        new ClientInfo("127.0.0.1", APP_5))).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(broken.latchkey.sessions().list("alice", null)).singleElement()
        .satisfies(s -> assertThat(s.device()).isEqualTo(Device.unknown()));
    assertThat(broken.events.get(broken.events.size() - 1).device()).isEqualTo(Device.unknown());
  }
}
