-- Latchkey schema, version 3 (PostgreSQL): authenticator-app credentials and backup codes.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Account ids, ciphertexts and hashes use the "C" collation: byte-wise, case-sensitive comparison
-- (a base64url ciphertext differs from its case variant) and Java's String order for the hashes.

-- At most one credential per account. The stores change a row only with conditional statements
-- ("... WHERE status = 'active' AND last_accepted_step < ?") or under its row lock.
CREATE TABLE ${table_prefix}totp_credentials (
  account_id         VARCHAR(255) COLLATE "C" NOT NULL,
  encrypted_secret   VARCHAR(512) COLLATE "C" NOT NULL,
  status             VARCHAR(16)  COLLATE "C" NOT NULL,
  last_accepted_step BIGINT       NOT NULL DEFAULT -1,
  created_at         TIMESTAMPTZ(3) NOT NULL,
  confirmed_at       TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}totp_credentials_pk PRIMARY KEY (account_id),
  CONSTRAINT ${table_prefix}totp_credentials_status_ck CHECK (status IN ('pending', 'active'))
);

-- Keyed hashes (HMAC-SHA-256, lower-case hex) of the codes, never the codes. The primary key
-- serves every lookup: an account's set (list, count, delete) and one code (consume).
CREATE TABLE ${table_prefix}backup_codes (
  account_id VARCHAR(255) COLLATE "C" NOT NULL,
  code_hash  VARCHAR(64)  COLLATE "C" NOT NULL,
  key_id     VARCHAR(64)  COLLATE "C" NOT NULL,
  created_at TIMESTAMPTZ(3) NOT NULL,
  used_at    TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}backup_codes_pk PRIMARY KEY (account_id, code_hash)
);
