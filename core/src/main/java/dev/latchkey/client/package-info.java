/**
 * Who is calling: the client's address and User-Agent ({@link dev.latchkey.client.ClientInfo}),
 * and what Latchkey stores about it with every session and security event
 * ({@link dev.latchkey.client.ClientDescription}).
 *
 * <p>Devices and locations are stored as what was observed, never as words: a
 * {@link dev.latchkey.client.Device} (browser, major version, OS, {@link
 * dev.latchkey.client.DeviceType}) from a replaceable {@link dev.latchkey.client.DeviceNamer}, and
 * a {@link dev.latchkey.client.Location} (city, region, country code, {@link
 * dev.latchkey.client.AddressScope}) from the host's {@link dev.latchkey.client.IpLocator}, such as
 * {@link dev.latchkey.client.CsvIpLocator}. {@link dev.latchkey.client.ClientLabels} turns them
 * into words when they are shown ("Chrome on macOS", "Berlin, DE"), so another language or a better
 * parser changes no stored row.
 */
package dev.latchkey.client;
