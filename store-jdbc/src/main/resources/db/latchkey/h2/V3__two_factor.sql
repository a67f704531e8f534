-- Latchkey schema, version 3 (H2 2.x): authenticator-app credentials and backup codes.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.

-- At most one credential per account. The stores change a row only with conditional statements
-- ("... WHERE status = 'active' AND last_accepted_step < ?") or under its row lock.
CREATE TABLE ${table_prefix}totp_credentials (
  account_id         VARCHAR(255) NOT NULL,
  encrypted_secret   VARCHAR(512) NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  last_accepted_step BIGINT       DEFAULT -1 NOT NULL,
  created_at         TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  confirmed_at       TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT ${table_prefix}totp_credentials_pk PRIMARY KEY (account_id),
  CONSTRAINT ${table_prefix}totp_credentials_status_ck CHECK (status IN ('pending', 'active'))
);

-- Keyed hashes (HMAC-SHA-256, lower-case hex) of the codes, never the codes. The primary key
-- serves every lookup: an account's set (list, count, delete) and one code (consume).
CREATE TABLE ${table_prefix}backup_codes (
  account_id VARCHAR(255) NOT NULL,
  code_hash  VARCHAR(64)  NOT NULL,
  key_id     VARCHAR(64)  NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  used_at    TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT ${table_prefix}backup_codes_pk PRIMARY KEY (account_id, code_hash)
);
