-- Latchkey schema, version 7 (MariaDB 10.5+, MySQL 8): devices and locations as structured
-- fields.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Sessions and security events stored the device and the location as English labels ("Chrome on
-- macOS", "Berlin, DE"). They now store what was observed, and words are made only when a row is
-- shown (dev.latchkey.client.ClientLabels), so another language or a better parser changes no row:
--   browser, browser_version, os, device_type        dev.latchkey.client.Device
--   city, region, country_code, address_scope        dev.latchkey.client.Location
-- device_type and address_scope hold the enums' codes ('desktop', 'public', ...).
-- The label columns are dropped, not parsed back: nothing is released yet, so rows written
-- before this version simply read as an unknown device ('' names, version 0, 'unknown') at an
-- unknown location ('' components, 'unknown'), which is what the column defaults give them. A
-- first sign-in after the upgrade may therefore be flagged as from a new device once.
-- Sizes follow the value types: names at most 64 characters (Device.MAX_NAME_LENGTH), location
-- components at most 100 (Location.MAX_COMPONENT_LENGTH), codes at most 16.
-- utf8mb4_bin everywhere, as in the tables themselves: suspicious-sign-in detection compares the
-- events' browser, os, device_type and every location column case-sensitively. Latchkey's names
-- and components are trimmed, so utf8mb4_bin's PAD SPACE comparison changes nothing.
-- MariaDB and MySQL commit each DDL statement on its own (see JdbcSchema); each ALTER below
-- changes its table completely, in one statement.
--
-- Sizes of the rebuilt index. InnoDB limits an index key to 3072 bytes, and with utf8mb4 it
-- counts every character of a VARCHAR(n) as 4 bytes: the full (account_id, type, browser, os,
-- device_type, address_scope, country_code, region, city) would take (255 + 64 + 64 + 64 + 16 +
-- 16 + 100 + 100 + 100) * 4 = 3116 bytes, over the limit, so the index holds the first 32
-- characters of country_code and the first 64 of region and city: (255 + 64 + 64 + 64 + 16 + 16
-- + 32 + 64 + 64) * 4 = 2556 bytes. Real country codes have two letters and real place names fit;
-- for a longer one the index still narrows the search, and the comparison with the full column
-- (exact, in the row) decides.

DROP INDEX ${table_prefix}security_events_acct_seen_ix ON ${table_prefix}security_events;

ALTER TABLE ${table_prefix}sessions
  ADD COLUMN browser         VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN browser_version INTEGER      NOT NULL DEFAULT 0,
  ADD COLUMN os              VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN device_type     VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'unknown',
  ADD COLUMN city            VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN region          VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN country_code    VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN address_scope   VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'unknown',
  DROP COLUMN device,
  DROP COLUMN location;

ALTER TABLE ${table_prefix}security_events
  ADD COLUMN browser         VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN browser_version INTEGER      NOT NULL DEFAULT 0,
  ADD COLUMN os              VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN device_type     VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'unknown',
  ADD COLUMN city            VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN region          VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN country_code    VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  ADD COLUMN address_scope   VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'unknown',
  DROP COLUMN device,
  DROP COLUMN location;

-- "Has this account signed in from this device at this place before?" (suspicious sign-ins):
-- one probe, with or without the device and location. Prefixes: see "Sizes" above.
CREATE INDEX ${table_prefix}security_events_acct_seen_ix
  ON ${table_prefix}security_events (account_id, type, browser, os, device_type, address_scope,
    country_code(32), region(64), city(64));
