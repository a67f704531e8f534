package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientDescriptionTest {
  private static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
      + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  private static final IpLocator BERLIN = ip -> Optional.of(new Location("Berlin", "", "DE"));

  @Test
  void describesTheDeviceThroughTheNamerAndTheAddressThroughTheLocator() {
    ClientDescription d = ClientDescription.of(new ClientInfo("203.0.113.7", CHROME_ON_MAC),
        DeviceNamer.userAgentParser(), BERLIN);
    assertThat(d).isEqualTo(new ClientDescription("203.0.113.7",
        new Device("Chrome", 120, "macOS", DeviceType.DESKTOP), new Location("Berlin", "", "DE")));
    assertThat(ClientLabels.english().device(d.device())).isEqualTo("Chrome on macOS");
    assertThat(ClientLabels.english().location(d.location())).isEqualTo("Berlin, DE");
  }

  @Test
  void aHostNamerNamesItsOwnAppAndDelegatesTheRest() {
    List<String> asked = new ArrayList<>();
    DeviceNamer parser = DeviceNamer.userAgentParser();
    DeviceNamer namer = userAgent -> {
      asked.add(userAgent);
      return userAgent.startsWith("AcmeApp/")
          ? new Device("Acme app", 5, "iPhone", DeviceType.MOBILE)
          : parser.identify(userAgent);
    };
    ClientDescription app = ClientDescription.of(new ClientInfo("10.0.0.1", "AcmeApp/5.2 (iOS)"),
        namer, IpLocator.none());
    assertThat(app.device()).isEqualTo(new Device("Acme app", 5, "iPhone", DeviceType.MOBILE));
    assertThat(ClientLabels.english().device(app.device())).isEqualTo("Acme app on iPhone");
    assertThat(ClientDescription.of(new ClientInfo("", CHROME_ON_MAC), namer, null).device())
        .isEqualTo(new Device("Chrome", 120, "macOS", DeviceType.DESKTOP));
    assertThat(asked).containsExactly("AcmeApp/5.2 (iOS)", CHROME_ON_MAC);
  }

  @Test
  void aMisbehavingNamerCountsAsKnowingNothing() {
    ClientInfo client = new ClientInfo("127.0.0.1", CHROME_ON_MAC);
    DeviceNamer throwing = ua -> {
      throw new IllegalStateException("namer bug");
    };
    assertThat(ClientDescription.of(client, throwing, null).device()).isEqualTo(Device.unknown());
    assertThat(ClientDescription.of(client, ua -> null, null).device())
        .isEqualTo(Device.unknown());
    // A request always has a client, so a namer cannot make it look like an operation without one.
    assertThat(ClientDescription.of(client, ua -> Device.none(), null).device())
        .isEqualTo(Device.unknown());
    assertThat(ClientDescription.of(client, throwing, null).location())
        .isEqualTo(Location.of(AddressScope.LOOPBACK));
  }

  @Test
  void withoutANamerTheParserIsUsed() {
    assertThat(ClientDescription.of(new ClientInfo("", "curl/8.4.0"), null, null).device())
        .isEqualTo(new Device("curl", 8, "", DeviceType.TOOL));
  }

  @Test
  void noneHasNoDeviceAndNoLocationAndRendersEmpty() {
    ClientDescription none = ClientDescription.none();
    assertThat(none.ipAddress()).isEmpty();
    assertThat(none.device()).isEqualTo(Device.none());
    assertThat(none.location()).isEqualTo(Location.of(AddressScope.NONE));
    assertThat(ClientLabels.english().device(none.device())).isEmpty();
    assertThat(ClientLabels.english().location(none.location())).isEmpty();
  }

  @Test
  void anUnknownClientIsUnknownNotNone() {
    ClientDescription unknown = ClientDescription.of(ClientInfo.unknown(), null, null);
    assertThat(unknown.device()).isEqualTo(Device.unknown());
    assertThat(unknown.location()).isEqualTo(Location.of(AddressScope.UNKNOWN));
    assertThat(ClientLabels.english().device(unknown.device())).isEqualTo("Unknown device");
    assertThat(ClientLabels.english().location(unknown.location())).isEqualTo("Unknown location");
  }
}
