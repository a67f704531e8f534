package dev.latchkey.session;

import java.util.Optional;

/** Placeholder replaced by the device/location work. */
public interface IpLocator {
  /** Locates an address. */
  Optional<Location> locate(String ipAddress);

  /** Knows nothing. */
  static IpLocator none() {
    return ip -> Optional.empty();
  }
}
