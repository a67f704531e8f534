package dev.latchkey.client;


import java.util.Objects;

/**
 * What Latchkey shows about a client: its address, a readable device name and an approximate
 * location — the same values the session list and the login history show. Plain data, safe to
 * render; the device name and location are derived from untrusted input but are always short,
 * printable labels.
 *
 * @param ipAddress the client address as given (may be empty)
 * @param device "Chrome on macOS", "curl", "Unknown device", … (empty only for {@link #none()})
 * @param location "San Francisco, US", "Private network", "Unknown location", … (empty only for
 *     {@link #none()})
 */
public record ClientDescription(String ipAddress, String device, String location) {
  private static final ClientDescription NONE = new ClientDescription("", "", "");

  /** Requires every part (empty strings are fine). */
  public ClientDescription {
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(location, "location");
  }

  /**
   * Describes a client: the device from its User-Agent, the location from its address through
   * {@code locator}. Never throws for any input; a locator that throws counts as knowing nothing.
   *
   * @param locator the host's locator, or {@code null} for none
   */
  public static ClientDescription of(ClientInfo client, IpLocator locator) {
    Objects.requireNonNull(client, "client");
    return new ClientDescription(client.ipAddress(), DeviceNames.describe(client.userAgent()),
        Locations.describe(locator, client.ipAddress()));
  }

  /** No client at all (an operation made by the host or a background job): every part empty. */
  public static ClientDescription none() {
    return NONE;
  }
}
