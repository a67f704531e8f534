-- Latchkey schema, version 12 (H2 2.x): SMS and email one-time codes, and the phone numbers and
-- addresses accounts enrolled to receive them as a second factor.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- No code is stored: code_hash is an HMAC-SHA-256 (hex) under a key held outside the database,
-- beside the id of that key. An account has at most one code per purpose (a new one replaces it)
-- and one destination per channel.

CREATE TABLE ${table_prefix}one_time_codes (
  account_id  VARCHAR(255) NOT NULL,
  purpose     VARCHAR(16)  NOT NULL,
  channel     VARCHAR(8)   NOT NULL,
  destination VARCHAR(254) NOT NULL,
  key_id      VARCHAR(64)  NOT NULL,
  code_hash   CHAR(64)     NOT NULL,
  created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  consumed_at TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT ${table_prefix}one_time_codes_pk PRIMARY KEY (account_id, purpose)
);

-- Purging expired codes.
CREATE INDEX ${table_prefix}one_time_codes_expires_ix
  ON ${table_prefix}one_time_codes (expires_at);

CREATE TABLE ${table_prefix}code_factors (
  account_id  VARCHAR(255) NOT NULL,
  channel     VARCHAR(8)   NOT NULL,
  destination VARCHAR(254) NOT NULL,
  enrolled_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${table_prefix}code_factors_pk PRIMARY KEY (account_id, channel)
);
