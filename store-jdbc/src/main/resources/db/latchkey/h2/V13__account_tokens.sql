-- Latchkey schema, version 13 (H2 2.x): single-use account tokens (password-reset links, email
-- verification, email change and its undo link).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- No token is stored: token_hash is the SHA-256 (hex) of a 256-bit random token.
-- password_fingerprint is an HMAC (under a key held outside the database) of the account's
-- password hash when a reset link was sent, so the link dies when the password changes.

CREATE TABLE ${table_prefix}account_tokens (
  token_hash           CHAR(64)     NOT NULL,
  purpose              VARCHAR(32)  NOT NULL,
  account_id           VARCHAR(255) NOT NULL,
  destination          VARCHAR(254),
  previous_destination VARCHAR(254),
  password_fingerprint VARCHAR(160),
  created_at           TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at           TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  consumed_at          TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT ${table_prefix}account_tokens_pk PRIMARY KEY (token_hash)
);

-- Revoking an account's links of one purpose.
CREATE INDEX ${table_prefix}account_tokens_account_ix
  ON ${table_prefix}account_tokens (account_id, purpose);

-- Purging expired tokens.
CREATE INDEX ${table_prefix}account_tokens_expires_ix
  ON ${table_prefix}account_tokens (expires_at);
