-- Latchkey schema, version 7 (H2 2.x): devices and locations as structured fields.
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
-- components at most 100 (Location.MAX_COMPONENT_LENGTH), codes at most 16. H2 compares strings
-- as Java does (case-sensitive), as suspicious-sign-in detection needs.

DROP INDEX ${table_prefix}security_events_acct_seen_ix;

ALTER TABLE ${table_prefix}sessions ADD (
  browser         VARCHAR(64)  DEFAULT '' NOT NULL,
  browser_version INTEGER      DEFAULT 0 NOT NULL,
  os              VARCHAR(64)  DEFAULT '' NOT NULL,
  device_type     VARCHAR(16)  DEFAULT 'unknown' NOT NULL,
  city            VARCHAR(100) DEFAULT '' NOT NULL,
  region          VARCHAR(100) DEFAULT '' NOT NULL,
  country_code    VARCHAR(100) DEFAULT '' NOT NULL,
  address_scope   VARCHAR(16)  DEFAULT 'unknown' NOT NULL
);

ALTER TABLE ${table_prefix}sessions DROP COLUMN device;

ALTER TABLE ${table_prefix}sessions DROP COLUMN location;

ALTER TABLE ${table_prefix}security_events ADD (
  browser         VARCHAR(64)  DEFAULT '' NOT NULL,
  browser_version INTEGER      DEFAULT 0 NOT NULL,
  os              VARCHAR(64)  DEFAULT '' NOT NULL,
  device_type     VARCHAR(16)  DEFAULT 'unknown' NOT NULL,
  city            VARCHAR(100) DEFAULT '' NOT NULL,
  region          VARCHAR(100) DEFAULT '' NOT NULL,
  country_code    VARCHAR(100) DEFAULT '' NOT NULL,
  address_scope   VARCHAR(16)  DEFAULT 'unknown' NOT NULL
);

ALTER TABLE ${table_prefix}security_events DROP COLUMN device;

ALTER TABLE ${table_prefix}security_events DROP COLUMN location;

-- "Has this account signed in from this device at this place before?" (suspicious sign-ins):
-- one probe, with or without the device and location.
CREATE INDEX ${table_prefix}security_events_acct_seen_ix
  ON ${table_prefix}security_events (account_id, type, browser, os, device_type, address_scope,
    country_code, region, city);
