package dev.latchkey.client;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Latchkey knows about a client: its address, its device and its approximate location — the
 * values stored with a session and a security event. Plain structured data; render it with a
 * {@link ClientLabels}.
 *
 * @param ipAddress the client address as given (may be empty)
 * @param device the device ({@link Device#none()} only for {@link #none()})
 * @param location the location ({@link AddressScope#NONE} only for {@link #none()})
 */
public record ClientDescription(String ipAddress, Device device, Location location) {
  private static final Logger LOG = LoggerFactory.getLogger(ClientDescription.class);
  private static final ClientDescription NONE =
      new ClientDescription("", Device.none(), Location.of(AddressScope.NONE));

  /** Requires every part (an empty address is fine). */
  public ClientDescription {
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(location, "location");
  }

  /**
   * Describes a client: the device from its User-Agent through {@code namer}, the location from
   * its address through {@code locator}. Never throws for any input: a namer or locator that
   * throws or answers {@code null} counts as knowing nothing.
   *
   * @param namer the host's device namer, or {@code null} for
   *     {@link DeviceNamer#userAgentParser()}
   * @param locator the host's locator, or {@code null} for none
   */
  public static ClientDescription of(ClientInfo client, DeviceNamer namer, IpLocator locator) {
    Objects.requireNonNull(client, "client");
    return new ClientDescription(client.ipAddress(), identify(namer, client.userAgent()),
        Locations.describe(locator, client.ipAddress()));
  }

  /** No client at all (an operation made by the host or a background job). */
  public static ClientDescription none() {
    return NONE;
  }

  private static Device identify(DeviceNamer namer, String userAgent) {
    DeviceNamer n = namer == null ? DeviceNamer.userAgentParser() : namer;
    try {
      Device device = n.identify(userAgent);
      if (device == null) {
        return Device.unknown();
      }
      // A request always has a client; NONE is reserved for operations without one.
      return device.type() != DeviceType.NONE ? device
          : new Device(device.browser(), device.browserVersion(), device.os(), DeviceType.UNKNOWN);
    } catch (RuntimeException e) {
      // Debug, not warn: a broken namer fails on every request and would flood the log.
      LOG.debug("Device namer {} failed; storing an unknown device", n.getClass().getName(), e);
      return Device.unknown();
    }
  }
}
