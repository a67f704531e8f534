package dev.latchkey.store.jdbc;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The columns a {@link Device} and a {@link Location} are stored in, the same in the sessions and
 * the security events tables (schema version 7). Enums are stored as their codes, and a code this
 * version does not know reads as unknown, never as an error.
 */
final class ClientColumns {
  /** In the order {@link #bind} binds them. */
  static final String NAMES =
      "browser, browser_version, os, device_type, city, region, country_code, address_scope";

  /** "Same device": browser, OS and type; not the version (SecurityEventStore.exists). */
  static final String SAME_DEVICE = "browser = ? AND os = ? AND device_type = ?";
  /** "Same place": every part of the location. */
  static final String SAME_LOCATION =
      "address_scope = ? AND country_code = ? AND region = ? AND city = ?";

  private ClientColumns() {}

  /** Binds {@link #NAMES} from {@code index} on; returns the next free index. */
  static int bind(PreparedStatement ps, int index, Device device, Location location)
      throws SQLException {
    int i = index;
    ps.setString(i++, device.browser());
    ps.setInt(i++, device.browserVersion());
    ps.setString(i++, device.os());
    ps.setString(i++, device.type().code());
    ps.setString(i++, location.city());
    ps.setString(i++, location.region());
    ps.setString(i++, location.countryCode());
    ps.setString(i++, location.scope().code());
    return i;
  }

  /** Binds {@link #SAME_DEVICE}; returns the next free index. */
  static int bindSameDevice(PreparedStatement ps, int index, Device device) throws SQLException {
    int i = index;
    ps.setString(i++, device.browser());
    ps.setString(i++, device.os());
    ps.setString(i++, device.type().code());
    return i;
  }

  /** Binds {@link #SAME_LOCATION}; returns the next free index. */
  static int bindSameLocation(PreparedStatement ps, int index, Location location)
      throws SQLException {
    int i = index;
    ps.setString(i++, location.scope().code());
    ps.setString(i++, location.countryCode());
    ps.setString(i++, location.region());
    ps.setString(i++, location.city());
    return i;
  }

  static Device device(ResultSet rs) throws SQLException {
    return new Device(rs.getString("browser"), rs.getInt("browser_version"), rs.getString("os"),
        DeviceType.fromCode(rs.getString("device_type")));
  }

  static Location location(ResultSet rs) throws SQLException {
    return new Location(rs.getString("city"), rs.getString("region"),
        rs.getString("country_code"), AddressScope.fromCode(rs.getString("address_scope")));
  }
}
