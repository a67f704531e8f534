package dev.latchkey.client;


import java.util.Optional;

/**
 * Answers the approximate location of a client address, for the "where" column of the active
 * sessions list and the login history (rendered "San Francisco, US" by {@link ClientLabels}).
 *
 * <p>Latchkey calls it once per session creation, on the sign-in path, and stores the answer with
 * the session (and once per recorded security event); it is never called again for that row.
 * Loopback and private addresses are recognised before the locator is asked
 * ({@link AddressScope}), so an implementation need only know public addresses; Latchkey stores
 * every answer with {@link AddressScope#PUBLIC}.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li><b>Must not throw</b>, for any input: {@code null}, garbage, a host name, a
 *       100&nbsp;KB string. Latchkey passes only a syntactically valid literal in canonical form
 *       ({@code 203.0.113.7}, {@code 2001:db8::1}), but guards against a misbehaving
 *       implementation anyway: an exception is logged at debug level and the session is stored
 *       with no city, region or country ("Unknown location"), because a location lookup must
 *       never break a sign-in.
 *   <li><b>Must be thread-safe</b>: concurrent sign-ins call it concurrently.
 *   <li><b>Should be fast</b> (microseconds, from memory). It must never resolve the address as a
 *       host name: {@code InetAddress.getByName} on a literal is safe, on anything else it is a
 *       DNS query. A locator that calls a remote service should bound its own time.
 * </ul>
 *
 * <p>Latchkey ships {@link CsvIpLocator} (DB-IP Lite and MaxMind GeoLite2 CSV files, loaded into
 * memory) and {@link #none()}. A host with a MaxMind {@code .mmdb} reader can adapt it in a lambda.
 */
@FunctionalInterface
public interface IpLocator {

  /**
   * Locates an address.
   *
   * @param ipAddress an IPv4 or IPv6 literal; implementations must tolerate any string and
   *     {@code null}
   * @return the location, or empty when the address is unknown, not public or not an address;
   *     never {@code null} and never an exception
   */
  Optional<Location> locate(String ipAddress);

  /**
   * A locator that knows nothing: every public address is stored with no city, region or country
   * ("Unknown location"); loopback and private addresses need no data ("Localhost", "Private
   * network"). The default when the host supplies none.
   *
   * @return a stateless, thread-safe locator that always answers empty
   */
  static IpLocator none() {
    return ipAddress -> Optional.empty();
  }
}
