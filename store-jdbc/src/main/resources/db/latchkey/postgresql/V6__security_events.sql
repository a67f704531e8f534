-- Latchkey schema, version 6 (PostgreSQL): security events (login history).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, account ids, type codes, device and location labels use the "C" collation: byte-wise,
-- case-sensitive comparison ("chrome on macos" is not "Chrome on macOS"), and ids order as Java's
-- String.compareTo for the ASCII ids Latchkey issues, so ties on occurred_at break as
-- SecurityEventRecord.NEWEST_FIRST says.
-- Rows are appended and deleted (purge), never updated. No secret is stored: details holds
-- descriptive facts only, as SecurityEventRecord.encodeDetails text (form-encoded, so ASCII; at
-- most 2000 characters; '' for none).
-- Index rows: the widest key, (account_id, type, device, location), is at most 765 + 192 + 765 +
-- 765 bytes (the record bounds lengths in UTF-16 units, so at most 3 UTF-8 bytes per unit), under
-- the 2704 bytes a B-tree row may take.
-- Constraint names are short enough (28 characters after the prefix at most) for PostgreSQL's
-- 63 and MariaDB's 64 with the longest prefix JdbcOptions allows (30).

CREATE TABLE ${table_prefix}security_events (
  id          VARCHAR(64)   COLLATE "C" NOT NULL,
  account_id  VARCHAR(255)  COLLATE "C" NOT NULL,
  type        VARCHAR(64)   COLLATE "C" NOT NULL,
  occurred_at TIMESTAMPTZ(3) NOT NULL,
  ip_address  VARCHAR(64)   NOT NULL,
  device      VARCHAR(255)  COLLATE "C" NOT NULL,
  location    VARCHAR(255)  COLLATE "C" NOT NULL,
  session_id  VARCHAR(128)  COLLATE "C",
  suspicious  BOOLEAN       NOT NULL,
  details     VARCHAR(2000) NOT NULL,
  CONSTRAINT ${table_prefix}security_events_pk PRIMARY KEY (id)
);

-- Paging an account's history newest first: "account_id = ? AND (occurred_at, id) after the
-- position ORDER BY occurred_at DESC, id DESC" walks this index backwards from the position.
CREATE INDEX ${table_prefix}security_events_acct_time_ix
  ON ${table_prefix}security_events (account_id, occurred_at, id);

-- "Has this account signed in from this device and location before?" (suspicious sign-ins):
-- one probe, with or without the device and location.
CREATE INDEX ${table_prefix}security_events_acct_seen_ix
  ON ${table_prefix}security_events (account_id, type, device, location);

-- Purging events older than the retention, across accounts.
CREATE INDEX ${table_prefix}security_events_occurred_ix
  ON ${table_prefix}security_events (occurred_at);
