-- Latchkey schema, version 1 (MariaDB 10.5+, MySQL 8): sessions and password credentials.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name. (Up to 0.1.0 they were named; the tables are the same.)
-- utf8mb4_bin everywhere: ids, account ids and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc").
-- DATETIME has no time zone: the stores write and read the UTC wall time.

CREATE TABLE ${table_prefix}sessions (
  id             VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  token_hash     CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at     DATETIME(3)  NOT NULL,
  last_active_at DATETIME(3)  NOT NULL,
  expires_at     DATETIME(3)  NOT NULL,
  revoked_at     DATETIME(3)  NULL,
  ip_address     VARCHAR(64)  NOT NULL,
  device         VARCHAR(100) NOT NULL,
  location       VARCHAR(200) NOT NULL,
  assurance      VARCHAR(32)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}sessions_token_hash_uk UNIQUE (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Listing an account's active sessions.
CREATE INDEX ${table_prefix}sessions_account_active_ix
  ON ${table_prefix}sessions (account_id, last_active_at);

-- Purging expired sessions.
CREATE INDEX ${table_prefix}sessions_expires_ix ON ${table_prefix}sessions (expires_at);

CREATE TABLE ${table_prefix}password_credentials (
  account_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  hash       VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  updated_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
