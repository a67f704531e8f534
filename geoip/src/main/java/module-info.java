/**
 * Latchkey GeoIP: an {@link dev.latchkey.client.IpLocator} over MaxMind GeoLite2/GeoIP2 and DB-IP
 * {@code .mmdb} files ({@link dev.latchkey.geoip.MmdbIpLocator}).
 *
 * <p>Exports one package. {@code dev.latchkey.geoip.internal} holds the types MaxMind's decoder
 * builds from a database record; it is opened to that decoder only, and exported to no one.
 */
module dev.latchkey.geoip {
  exports dev.latchkey.geoip;

  // com.maxmind.db's decoder instantiates the record types reflectively.
  opens dev.latchkey.geoip.internal to com.maxmind.db;

  // MmdbIpLocator implements dev.latchkey.client.IpLocator, answers dev.latchkey.client.Location
  // and throws a dev.latchkey.common.LatchkeyException: hosts see those types through this module.
  requires transitive dev.latchkey.core;
  // Explicit module descriptor in the jar (checked with jar --describe-module).
  requires com.maxmind.db;
  requires org.slf4j;
}
