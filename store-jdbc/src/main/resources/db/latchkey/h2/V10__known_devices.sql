-- Latchkey schema, version 10 (H2 2.x): known devices.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- A known device is a client that signed in to an account and was given a device token then; its
-- later sign-ins count against an attempt allowance of their own. No secret is stored: the token
-- is kept as its SHA-256 (hex), bound to the account.

CREATE TABLE ${table_prefix}known_devices (
  id          VARCHAR(64)  NOT NULL,
  token_hash  CHAR(64)     NOT NULL,
  account_id  VARCHAR(255) NOT NULL,
  created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${table_prefix}known_devices_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}known_devices_token_hash_uk UNIQUE (token_hash)
);

-- Forgetting an account's devices (signed out everywhere, password reset).
CREATE INDEX ${table_prefix}known_devices_account_ix
  ON ${table_prefix}known_devices (account_id);

-- Purging expired devices.
CREATE INDEX ${table_prefix}known_devices_expires_ix
  ON ${table_prefix}known_devices (expires_at);
