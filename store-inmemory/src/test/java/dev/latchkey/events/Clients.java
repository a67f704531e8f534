package dev.latchkey.events;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import java.util.Map;
import java.util.Optional;

/** Clients and a locator the account-protection tests share. */
public final class Clients {
  public static final String SAFARI_MAC =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Safari/605.1.15";
  public static final String FIREFOX_LINUX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

  /** Safari on macOS in San Francisco. */
  public static final ClientInfo HOME = new ClientInfo("203.0.113.5", SAFARI_MAC);
  /** Safari on macOS in Berlin: same device, new location. */
  public static final ClientInfo TRAVEL = new ClientInfo("198.51.100.7", SAFARI_MAC);
  /** Firefox on Linux in San Francisco: new device, same location. */
  public static final ClientInfo OTHER_DEVICE = new ClientInfo("203.0.113.5", FIREFOX_LINUX);
  /** Firefox on Linux in Berlin: new device and location. */
  public static final ClientInfo STRANGER = new ClientInfo("198.51.100.7", FIREFOX_LINUX);

  /** Knows the two public addresses above. */
  public static final IpLocator LOCATOR = ip -> Optional.ofNullable(Map.of(
      "203.0.113.5", new Location("San Francisco", "CA", "US"),
      "198.51.100.7", new Location("Berlin", "", "DE")).get(ip));

  private Clients() {}
}
