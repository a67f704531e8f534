-- Latchkey schema, version 12 (PostgreSQL): SMS and email one-time codes, and the phone numbers
-- and addresses accounts enrolled to receive them as a second factor.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, account ids and hashes use the "C" collation: byte-wise, case-sensitive comparison.
-- No code is stored: code_hash is an HMAC-SHA-256 (hex) under a key held outside the database,
-- beside the id of that key. An account has at most one code per purpose (a new one replaces it)
-- and one destination per channel.

CREATE TABLE ${table_prefix}one_time_codes (
  account_id  VARCHAR(255) COLLATE "C" NOT NULL,
  purpose     VARCHAR(16)  COLLATE "C" NOT NULL,
  channel     VARCHAR(8)   COLLATE "C" NOT NULL,
  destination VARCHAR(254) COLLATE "C" NOT NULL,
  key_id      VARCHAR(64)  COLLATE "C" NOT NULL,
  code_hash   CHAR(64)     COLLATE "C" NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL,
  expires_at  TIMESTAMPTZ(3) NOT NULL,
  consumed_at TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}one_time_codes_pk PRIMARY KEY (account_id, purpose)
);

-- Purging expired codes.
CREATE INDEX ${table_prefix}one_time_codes_expires_ix
  ON ${table_prefix}one_time_codes (expires_at);

CREATE TABLE ${table_prefix}code_factors (
  account_id  VARCHAR(255) COLLATE "C" NOT NULL,
  channel     VARCHAR(8)   COLLATE "C" NOT NULL,
  destination VARCHAR(254) COLLATE "C" NOT NULL,
  enrolled_at TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT ${table_prefix}code_factors_pk PRIMARY KEY (account_id, channel)
);
