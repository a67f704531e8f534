package dev.latchkey.client;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client address into the location the session registry stores. Not API.
 *
 * <p>Thread-safe (stateless); never throws.
 */
final class Locations {
  private static final Logger LOG = LoggerFactory.getLogger(Locations.class);

  private Locations() {}

  /**
   * The location of a new session.
   *
   * <p>Order: a value that is not an IP literal is {@link AddressScope#UNKNOWN} (the locator is
   * not asked, so a host locator built on {@code InetAddress.getByName} can never be made to
   * resolve a name); loopback is {@link AddressScope#LOOPBACK} and private, CGNAT and link-local
   * addresses are {@link AddressScope#PRIVATE} (no database can place them); otherwise the locator
   * is asked with the canonical literal, and its answer's city, region and country are kept with
   * scope {@link AddressScope#PUBLIC} (all empty when it has none).
   *
   * @param locator the host's locator; {@code null} means {@link IpLocator#none()}. A locator that
   *     throws or returns {@code null} is treated as having no answer: it must never break a
   *     sign-in
   * @param ipAddress the client address as the host saw it; may be {@code null} or garbage
   * @return the location; its components are empty unless the scope is public
   */
  static Location describe(IpLocator locator, String ipAddress) {
    Optional<byte[]> address = IpAddresses.parse(ipAddress);
    if (address.isEmpty()) {
      return Location.of(AddressScope.UNKNOWN);
    }
    AddressScope scope = IpAddresses.classify(address.get());
    if (scope != AddressScope.PUBLIC) {
      return Location.of(scope);
    }
    Location nowhere = Location.of(AddressScope.PUBLIC);
    if (locator == null) {
      return nowhere;
    }
    try {
      Optional<Location> found = locator.locate(IpAddresses.format(address.get()));
      if (found == null || found.isEmpty()) {
        return nowhere;
      }
      Location l = found.get();
      // The scope is ours to say: a locator answers for public addresses only.
      return l.scope() == AddressScope.PUBLIC ? l
          : new Location(l.city(), l.region(), l.countryCode(), AddressScope.PUBLIC);
    } catch (RuntimeException e) {
      // Debug, not warn: a broken locator fails on every sign-in and would flood the log. The
      // address is personal data, so it is not logged.
      LOG.debug("IP locator {} failed; storing no location", locator.getClass().getName(), e);
      return nowhere;
    }
  }
}
