package dev.latchkey.store.jdbc;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/*
 * An append-only log; each SPI method is one statement.
 *
 * - append is one INSERT. The primary key on id decides uniqueness, across accounts; a duplicate
 *   is a constraint violation, which Jdbc.failure reports without the driver's message.
 * - page is a keyset query on (account_id, occurred_at, id): "strictly after the position" in
 *   newest-first order is "occurred_at < ? OR (occurred_at = ? AND id < ?)", the order
 *   "occurred_at DESC, id DESC" is total because ids are unique, and id compares byte-wise ("C"
 *   collation, utf8mb4_bin; H2 compares as Java does), so a page continues exactly where the last
 *   one stopped however many events share a millisecond. The first page has no position
 *   condition. The redundant "occurred_at <= ?" in front of the OR is for the planners: it is a
 *   plain range on the index, so a page starts reading at the position. Without it PostgreSQL
 *   keeps the OR as a filter and may walk the account's newer events first (EXPLAIN on 100 000
 *   events of one account: 96 000 index rows filtered out for a page in the middle, against 22).
 *   Each page is its own statement over committed rows: an event appended between two pages
 *   shows up in a later page only if it is older than the position, as keyset paging goes.
 *   The type filter is "type IN (?, ...)" with one placeholder per type, so the statement text
 *   depends on the number of types only, never on their values.
 * - Stored times are whole milliseconds, and DialectSql truncates every bound instant. A purge
 *   time or a position inside a millisecond (not one a stored event gave) is therefore moved up to
 *   the next whole millisecond (a position with the empty id, which no id is below): truncating it
 *   would leave out the events of that millisecond, which are strictly older.
 * - exists has four texts (any device and location, device only, location only, both) instead of
 *   "? IS NULL OR browser = ?": PostgreSQL cannot type a parameter that is only compared with
 *   NULL, and the OR would hide the fields from the (account_id, type, browser, os, device_type,
 *   address_scope, country_code, region, city) index. The device compares on browser, os and
 *   device_type (not browser_version: an update is not a new device), the location on every
 *   column (ClientColumns).
 * - purge is a series of bounded DELETEs on the occurred_at index (BatchedPurge).
 * - details is one column, SecurityEventRecord.detailsText() (form-encoded, deterministic). A row
 *   that no longer decodes or no longer makes a valid record is corrupt: the
 *   IllegalArgumentException becomes a StoreException (Jdbc.call), as any failure does.
 */
final class JdbcSecurityEventStore implements SecurityEventStore {
  private static final String COLUMNS = """
      id, account_id, type, occurred_at, ip_address, session_id, suspicious, details""" + ", "
      + ClientColumns.NAMES;

  private static final String PAGE = """
      SELECT %COLUMNS% FROM %PREFIX%security_events
      WHERE account_id = ?%TYPES%%AFTER%
      ORDER BY occurred_at DESC, id DESC
      %FIRST_ROWS%""";
  private static final String AFTER = """

        AND occurred_at <= ? AND (occurred_at < ? OR (occurred_at = ? AND id < ?))""";

  private static final String SEEN = """
      SELECT 1 FROM %PREFIX%security_events
      WHERE account_id = ? AND type = ?%PLACE%
      %FIRST_ROWS%""";

  private final Jdbc jdbc;
  private final DialectSql dialect;
  private final boolean mariaDb;
  private final String insert;
  private final String firstPage;
  private final String nextPage;
  private final String seenAnywhere;
  private final String seenOnDevice;
  private final String seenAtLocation;
  private final String seenOnDeviceAtLocation;
  private final BatchedPurge purge;

  JdbcSecurityEventStore(Jdbc jdbc, DialectSql dialect, String prefix) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.mariaDb = dialect.dialect() == Dialect.MARIADB;
    this.insert = sql(prefix, dialect.insertSkippingDuplicates("""
        %PREFIX%security_events (%COLUMNS%)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
    // %TYPES% stays in the page texts: it is filled per call with the type placeholders.
    this.firstPage = sql(prefix, PAGE.replace("%AFTER%", ""));
    this.nextPage = sql(prefix, PAGE.replace("%AFTER%", AFTER));
    this.seenAnywhere = sql(prefix, SEEN.replace("%PLACE%", ""));
    String device = "\n  AND " + ClientColumns.SAME_DEVICE;
    String location = "\n  AND " + ClientColumns.SAME_LOCATION;
    this.seenOnDevice = sql(prefix, SEEN.replace("%PLACE%", device));
    this.seenAtLocation = sql(prefix, SEEN.replace("%PLACE%", location));
    this.seenOnDeviceAtLocation = sql(prefix, SEEN.replace("%PLACE%", device + location));
    this.purge = new BatchedPurge(jdbc, dialect, "purge security events",
        prefix + "security_events", "occurred_at");
  }

  private String sql(String prefix, String template) {
    return template.replace("%COLUMNS%", COLUMNS)
        .replace("%FIRST_ROWS%", dialect.firstRows())
        .replace("%PREFIX%", prefix);
  }

  @Override
  public void append(SecurityEventRecord event) {
    Objects.requireNonNull(event, "event");
    String details = event.detailsText();
    jdbc.insertNew("append security event", mariaDb, insert, ps -> {
        ps.setString(1, event.id());
        ps.setString(2, event.accountId());
        ps.setString(3, event.type());
        dialect.bindInstant(ps, 4, event.at());
        ps.setString(5, event.ipAddress());
        ps.setString(6, event.sessionId());
        ps.setBoolean(7, event.suspicious());
        ps.setString(8, details);
        ClientColumns.bind(ps, 9, event.device(), event.location());
    });
  }

  @Override
  public List<SecurityEventRecord> page(String accountId, Set<String> types, EventPosition after,
      int limit) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(types, "types");
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid limit " + limit + "; must be at least 1");
    }
    // Sorted, so one set of types always binds in one order; refuses a null element.
    List<String> typeList = List.copyOf(new TreeSet<>(types));
    EventPosition from = after == null ? null : onWholeMillis(after);
    String query = (from == null ? firstPage : nextPage)
        .replace("%TYPES%", typeCondition(typeList.size()));
    return jdbc.call("page security events", c -> {
      try (PreparedStatement ps = c.prepareStatement(query)) {
        int i = 1;
        ps.setString(i++, accountId);
        for (String type : typeList) {
          ps.setString(i++, type);
        }
        if (from != null) {
          dialect.bindInstant(ps, i++, from.at());
          dialect.bindInstant(ps, i++, from.at());
          dialect.bindInstant(ps, i++, from.at());
          ps.setString(i++, from.id());
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<SecurityEventRecord> out = new ArrayList<>(Math.min(limit, 128));
          while (rs.next()) {
            out.add(read(rs));
          }
          return List.copyOf(out);
        }
      }
    });
  }

  /** {@code AND type IN (?, ?, ...)}, or nothing for "every type". */
  private static String typeCondition(int count) {
    if (count == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n  AND type IN (?");
    for (int i = 1; i < count; i++) {
      out.append(", ?");
    }
    return out.append(')').toString();
  }

  /**
   * The position as the columns hold time: a position inside a millisecond comes after every event
   * of that millisecond (they are all older), which is the next millisecond with the empty id.
   */
  private static EventPosition onWholeMillis(EventPosition p) {
    Instant up = upToMillis(p.at());
    return up.equals(p.at()) ? p : new EventPosition(up, "");
  }

  /**
   * The first whole millisecond at or after {@code t}: for whole-millisecond times, "before
   * {@code t}" and "before this" select the same ones (binding {@code t} would truncate it).
   */
  private static Instant upToMillis(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.MILLIS);
    return down.equals(t) ? t : down.plusMillis(1);
  }

  @Override
  public boolean exists(String accountId, String type, Device device, Location location) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(type, "type");
    String query = device == null
        ? (location == null ? seenAnywhere : seenAtLocation)
        : (location == null ? seenOnDevice : seenOnDeviceAtLocation);
    return jdbc.call("look up security events", c -> {
      try (PreparedStatement ps = c.prepareStatement(query)) {
        int i = 1;
        ps.setString(i++, accountId);
        ps.setString(i++, type);
        if (device != null) {
          i = ClientColumns.bindSameDevice(ps, i, device);
        }
        if (location != null) {
          i = ClientColumns.bindSameLocation(ps, i, location);
        }
        ps.setInt(i, 1);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    return purge.run(upToMillis(before));
  }

  private SecurityEventRecord read(ResultSet rs) throws SQLException {
    return new SecurityEventRecord(
        rs.getString("id"),
        rs.getString("account_id"),
        rs.getString("type"),
        dialect.readInstant(rs, "occurred_at"),
        rs.getString("ip_address"),
        ClientColumns.device(rs),
        ClientColumns.location(rs),
        rs.getString("session_id"),
        rs.getBoolean("suspicious"),
        SecurityEventRecord.decodeDetails(rs.getString("details")));
  }
}
