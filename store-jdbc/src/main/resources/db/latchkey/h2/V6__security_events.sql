-- Latchkey schema, version 6 (H2 2.x): security events (login history).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- H2 compares strings as Java does (case-sensitive, UTF-16 order), so ties on occurred_at break
-- by id as SecurityEventRecord.NEWEST_FIRST says. VARCHAR lengths count UTF-16 units, as the
-- record's bounds do.
-- Rows are appended and deleted (purge), never updated. No secret is stored: details holds
-- descriptive facts only, as SecurityEventRecord.encodeDetails text (form-encoded, so ASCII; at
-- most 2000 characters; '' for none).
-- Constraint names are short enough (28 characters after the prefix at most) for PostgreSQL's
-- 63 and MariaDB's 64 with the longest prefix JdbcOptions allows (30).

CREATE TABLE ${table_prefix}security_events (
  id          VARCHAR(64)   NOT NULL,
  account_id  VARCHAR(255)  NOT NULL,
  type        VARCHAR(64)   NOT NULL,
  occurred_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  ip_address  VARCHAR(64)   NOT NULL,
  device      VARCHAR(255)  NOT NULL,
  location    VARCHAR(255)  NOT NULL,
  session_id  VARCHAR(128),
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
