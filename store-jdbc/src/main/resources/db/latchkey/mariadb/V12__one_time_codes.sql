-- Latchkey schema, version 12 (MariaDB 10.5+, MySQL 8): SMS and email one-time codes, and the
-- phone numbers and addresses accounts enrolled to receive them as a second factor.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name.
-- utf8mb4_bin everywhere: account ids and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc").
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks.
-- No code is stored: code_hash is an HMAC-SHA-256 (hex) under a key held outside the database,
-- beside the id of that key. An account has at most one code per purpose (a new one replaces it)
-- and one destination per channel.

CREATE TABLE ${table_prefix}one_time_codes (
  account_id  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  purpose     VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  channel     VARCHAR(8)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  destination VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  key_id      VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  code_hash   CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  consumed_at DATETIME(3)  NULL,
  PRIMARY KEY (account_id, purpose)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Purging expired codes.
CREATE INDEX ${table_prefix}one_time_codes_expires_ix
  ON ${table_prefix}one_time_codes (expires_at);

CREATE TABLE ${table_prefix}code_factors (
  account_id  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  channel     VARCHAR(8)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  destination VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  enrolled_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (account_id, channel)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
