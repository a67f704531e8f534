-- Latchkey schema, version 1 (H2 2.x): sessions and password credentials.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.

CREATE TABLE ${table_prefix}sessions (
  id             VARCHAR(64)  NOT NULL,
  account_id     VARCHAR(255) NOT NULL,
  token_hash     CHAR(64)     NOT NULL,
  created_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  last_active_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  revoked_at     TIMESTAMP(3) WITH TIME ZONE,
  ip_address     VARCHAR(64)  NOT NULL,
  device         VARCHAR(100) NOT NULL,
  location       VARCHAR(200) NOT NULL,
  assurance      VARCHAR(32)  NOT NULL,
  CONSTRAINT ${table_prefix}sessions_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}sessions_token_hash_uk UNIQUE (token_hash)
);

-- Listing an account's active sessions.
CREATE INDEX ${table_prefix}sessions_account_active_ix
  ON ${table_prefix}sessions (account_id, last_active_at);

-- Purging expired sessions.
CREATE INDEX ${table_prefix}sessions_expires_ix ON ${table_prefix}sessions (expires_at);

CREATE TABLE ${table_prefix}password_credentials (
  account_id VARCHAR(255) NOT NULL,
  hash       VARCHAR(255) NOT NULL,
  updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT ${table_prefix}password_credentials_pk PRIMARY KEY (account_id)
);
