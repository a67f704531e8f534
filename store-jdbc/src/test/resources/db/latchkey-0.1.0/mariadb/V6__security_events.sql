-- Latchkey schema, version 6 (MariaDB 10.5+, MySQL 8): security events (login history).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- utf8mb4_bin everywhere: ids, account ids, type codes, device and location labels must compare
-- case-sensitively (the default collations are case-insensitive, which would count a sign-in from
-- "chrome on macos" as one from "Chrome on macOS"), ids must order by code point so ties on
-- occurred_at break as SecurityEventRecord.NEWEST_FIRST says, and utf8mb4 holds any label.
-- utf8mb4_bin is a PAD SPACE collation (MySQL 8 and MariaDB alike): "abc" and "abc " compare
-- equal. Latchkey's ids are hex and its device and location labels are trimmed, so it matters
-- only for an account id that differs from another by trailing spaces, which every Latchkey
-- table on MariaDB treats as the same account.
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks and
-- a clustered primary key.
-- Rows are appended and deleted (purge), never updated. No secret is stored: details holds
-- descriptive facts only, as SecurityEventRecord.encodeDetails text (form-encoded, so ASCII; at
-- most 2000 characters; '' for none).
--
-- Sizes. InnoDB limits an index key to 3072 bytes, and with utf8mb4 it counts every character of
-- a VARCHAR(n) as 4 bytes, whatever the value holds:
--   primary key (id)                                 64 * 4                         =  256 bytes
--   (account_id, occurred_at, id)                    255 * 4 + 7 + 64 * 4           = 1283 bytes
--   (account_id, type, device(128), location(128))   (255 + 64 + 128 + 128) * 4     = 2300 bytes
-- The full (account_id, type, device, location) would take (255 + 64 + 255 + 255) * 4 = 3316
-- bytes, over the limit, so that index holds the first 128 characters of device and location.
-- The labels Latchkey writes are at most 64 characters, so the index holds them whole; for a
-- longer one it still narrows the search to the account, type and label prefix, and the
-- comparison with the full column (exact, in the row) decides. The columns keep their full size.
-- Row size: at most 64 + 255 + 64 + 64 + 255 + 255 + 128 + 2000 characters, 4 bytes each
-- (12 340 bytes), under MariaDB's 65 535-byte row limit; with the DYNAMIC row format (the
-- default) long VARCHARs move off the page, so InnoDB's half-page limit does not apply.
-- Constraint names are short enough (28 characters after the prefix at most) for PostgreSQL's
-- 63 and MariaDB's 64 with the longest prefix JdbcOptions allows (30).

CREATE TABLE ${table_prefix}security_events (
  id          VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id  VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  type        VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  occurred_at DATETIME(3)   NOT NULL,
  ip_address  VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  device      VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  location    VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  session_id  VARCHAR(128)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  suspicious  BOOLEAN       NOT NULL,
  details     VARCHAR(2000) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  CONSTRAINT ${table_prefix}security_events_pk PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

-- Paging an account's history newest first: "account_id = ? AND (occurred_at, id) after the
-- position ORDER BY occurred_at DESC, id DESC" walks this index backwards from the position.
CREATE INDEX ${table_prefix}security_events_acct_time_ix
  ON ${table_prefix}security_events (account_id, occurred_at, id);

-- "Has this account signed in from this device and location before?" (suspicious sign-ins):
-- one probe, with or without the device and location. Prefixes: see "Sizes" above.
CREATE INDEX ${table_prefix}security_events_acct_seen_ix
  ON ${table_prefix}security_events (account_id, type, device(128), location(128));

-- Purging events older than the retention, across accounts.
CREATE INDEX ${table_prefix}security_events_occurred_ix
  ON ${table_prefix}security_events (occurred_at);
