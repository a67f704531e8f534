-- Latchkey schema, version 10 (MariaDB 10.5+, MySQL 8): known devices.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name. (Up to 0.1.0 they were named; the tables are the same.)
-- utf8mb4_bin everywhere: ids, account ids and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc").
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks.
-- A known device is a client that signed in to an account and was given a device token then; its
-- later sign-ins count against an attempt allowance of their own. No secret is stored: the token
-- is kept as its SHA-256 (hex), bound to the account.

CREATE TABLE ${table_prefix}known_devices (
  id          VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  token_hash  CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}known_devices_token_hash_uk UNIQUE (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Forgetting an account's devices (signed out everywhere, password reset).
CREATE INDEX ${table_prefix}known_devices_account_ix
  ON ${table_prefix}known_devices (account_id);

-- Purging expired devices.
CREATE INDEX ${table_prefix}known_devices_expires_ix
  ON ${table_prefix}known_devices (expires_at);
