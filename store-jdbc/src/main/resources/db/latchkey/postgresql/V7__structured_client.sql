-- Latchkey schema, version 7 (PostgreSQL): devices and locations as structured fields.
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
-- Suspicious-sign-in detection compares the events' browser, os, device_type and every location
-- column, so those use the "C" collation (byte-wise, case-sensitive) like the labels did. Its
-- index is rebuilt over them; the widest key, (account_id, type, browser, os, device_type,
-- address_scope, country_code, region, city), is at most (255 + 64 + 64 + 64 + 16 + 16 + 100 +
-- 100 + 100) * 3 = 2337 bytes (at most 3 UTF-8 bytes per UTF-16 unit), under the 2704 bytes a
-- B-tree row may take.

DROP INDEX ${table_prefix}security_events_acct_seen_ix;

ALTER TABLE ${table_prefix}sessions
  ADD COLUMN browser         VARCHAR(64)  NOT NULL DEFAULT '',
  ADD COLUMN browser_version INTEGER      NOT NULL DEFAULT 0,
  ADD COLUMN os              VARCHAR(64)  NOT NULL DEFAULT '',
  ADD COLUMN device_type     VARCHAR(16)  NOT NULL DEFAULT 'unknown',
  ADD COLUMN city            VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN region          VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN country_code    VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN address_scope   VARCHAR(16)  NOT NULL DEFAULT 'unknown',
  DROP COLUMN device,
  DROP COLUMN location;

ALTER TABLE ${table_prefix}security_events
  ADD COLUMN browser         VARCHAR(64)  COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN browser_version INTEGER      NOT NULL DEFAULT 0,
  ADD COLUMN os              VARCHAR(64)  COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN device_type     VARCHAR(16)  COLLATE "C" NOT NULL DEFAULT 'unknown',
  ADD COLUMN city            VARCHAR(100) COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN region          VARCHAR(100) COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN country_code    VARCHAR(100) COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN address_scope   VARCHAR(16)  COLLATE "C" NOT NULL DEFAULT 'unknown',
  DROP COLUMN device,
  DROP COLUMN location;

-- "Has this account signed in from this device at this place before?" (suspicious sign-ins):
-- one probe, with or without the device and location.
CREATE INDEX ${table_prefix}security_events_acct_seen_ix
  ON ${table_prefix}security_events (account_id, type, browser, os, device_type, address_scope,
    country_code, region, city);
