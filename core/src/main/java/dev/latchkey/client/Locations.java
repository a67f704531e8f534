package dev.latchkey.client;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client address into the location label the session registry stores. Not API.
 *
 * <p>Thread-safe (stateless); never throws.
 */
final class Locations {
  private static final Logger LOG = LoggerFactory.getLogger(Locations.class);

  private Locations() {}

  /**
   * The label for a new session's location.
   *
   * <p>Order: a value that is not an IP literal is "Unknown location" (the locator is not asked,
   * so a host locator built on {@code InetAddress.getByName} can never be made to resolve a name);
   * loopback is "Localhost" and private, CGNAT and link-local addresses are "Private network" (no
   * database can place them); otherwise the locator is asked with the canonical literal and its
   * answer's {@link Location#display()} is used, or "Unknown location" when it has none.
   *
   * @param locator the host's locator; {@code null} means {@link IpLocator#none()}. A locator that
   *     throws or returns {@code null} is treated as having no answer: it must never break a
   *     sign-in
   * @param ipAddress the client address as the host saw it; may be {@code null} or garbage
   * @return a non-empty label of at most 64 characters
   */
  static String describe(IpLocator locator, String ipAddress) {
    Optional<byte[]> address = IpAddresses.parse(ipAddress);
    if (address.isEmpty()) {
      return Location.UNKNOWN;
    }
    String special = IpAddresses.classify(address.get());
    if (special != null) {
      return special;
    }
    if (locator == null) {
      return Location.UNKNOWN;
    }
    try {
      Optional<Location> location = locator.locate(IpAddresses.format(address.get()));
      return location == null || location.isEmpty() ? Location.UNKNOWN : location.get().display();
    } catch (RuntimeException e) {
      // Debug, not warn: a broken locator fails on every sign-in and would flood the log. The
      // address is personal data, so it is not logged.
      LOG.debug("IP locator {} failed; storing \"{}\"", locator.getClass().getName(),
          Location.UNKNOWN, e);
      return Location.UNKNOWN;
    }
  }
}
