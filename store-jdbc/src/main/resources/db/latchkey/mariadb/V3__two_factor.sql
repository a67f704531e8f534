-- Latchkey schema, version 3 (MariaDB 10.5+, MySQL 8): authenticator-app credentials and backup
-- codes.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name. (Up to 0.1.0 they were named; the tables are the same.)
-- utf8mb4_bin everywhere: account ids, ciphertexts (base64url) and hashes must compare
-- case-sensitively. InnoDB: the stores rely on row locks and transactions.
-- DATETIME has no time zone: the stores write and read the UTC wall time.

-- At most one credential per account. The stores change a row only with conditional statements
-- ("... WHERE status = 'active' AND last_accepted_step < ?") or under its row lock.
CREATE TABLE ${table_prefix}totp_credentials (
  account_id         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  encrypted_secret   VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  status             VARCHAR(16)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  last_accepted_step BIGINT       NOT NULL DEFAULT -1,
  created_at         DATETIME(3)  NOT NULL,
  confirmed_at       DATETIME(3)  NULL,
  PRIMARY KEY (account_id),
  CONSTRAINT ${table_prefix}totp_credentials_status_ck CHECK (status IN ('pending', 'active'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Keyed hashes (HMAC-SHA-256, lower-case hex) of the codes, never the codes. The primary key
-- serves every lookup: an account's set (list, count, delete) and one code (consume).
CREATE TABLE ${table_prefix}backup_codes (
  account_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  code_hash  VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  key_id     VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at DATETIME(3)  NOT NULL,
  used_at    DATETIME(3)  NULL,
  PRIMARY KEY (account_id, code_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
