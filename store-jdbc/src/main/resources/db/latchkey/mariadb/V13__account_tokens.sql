-- Latchkey schema, version 13 (MariaDB 10.5+, MySQL 8): single-use account tokens
-- (password-reset links, email verification, email change and its undo link).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name.
-- utf8mb4_bin everywhere: account ids and hashes must compare case-sensitively.
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks.
-- No token is stored: token_hash is the SHA-256 (hex) of a 256-bit random token.
-- password_fingerprint is an HMAC (under a key held outside the database) of the account's
-- password hash when a reset link was sent, so the link dies when the password changes.

CREATE TABLE ${table_prefix}account_tokens (
  token_hash           CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  purpose              VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id           VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  destination          VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  previous_destination VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  password_fingerprint VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  created_at           DATETIME(3)  NOT NULL,
  expires_at           DATETIME(3)  NOT NULL,
  consumed_at          DATETIME(3)  NULL,
  PRIMARY KEY (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Revoking an account's links of one purpose.
CREATE INDEX ${table_prefix}account_tokens_account_ix
  ON ${table_prefix}account_tokens (account_id, purpose);

-- Purging expired tokens.
CREATE INDEX ${table_prefix}account_tokens_expires_ix
  ON ${table_prefix}account_tokens (expires_at);
