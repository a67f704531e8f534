/**
 * Approximate client locations from MaxMind DB ({@code .mmdb}) files:
 * {@link dev.latchkey.geoip.MmdbIpLocator}, an {@link dev.latchkey.client.IpLocator} for
 * {@code Latchkey.builder().ipLocator(...)} that reads MaxMind GeoLite2/GeoIP2 and DB-IP City and
 * Country databases memory-mapped and reloads them without a restart.
 */
package dev.latchkey.geoip;
