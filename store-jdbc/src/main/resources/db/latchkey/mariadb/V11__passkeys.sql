-- Latchkey schema, version 11 (MariaDB 10.5+, MySQL 8): passkeys (WebAuthn credentials) and the
-- challenges of their ceremonies.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name.
-- utf8mb4_bin everywhere: ids, account ids and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc").
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks.
-- BOOLEAN is TINYINT(1).
-- No secret is stored: a passkey is a public key (COSE, base64url) and public ids; a challenge is
-- kept as the SHA-256 (hex) of its bytes and bound to the SHA-256 of what asked for it.
-- A credential id may be up to 1023 bytes (1364 base64url characters), too long for InnoDB's
-- 3072-byte index limit in utf8mb4, so rows are keyed by credential_hash, its SHA-256 (hex),
-- computed by the store.

CREATE TABLE ${table_prefix}passkeys (
  credential_hash CHAR(64)      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  credential_id   VARCHAR(1364) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id      VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  user_handle     VARCHAR(86)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  public_key      VARCHAR(2731) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  sign_count      BIGINT        NOT NULL,
  transports      VARCHAR(200)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  backup_eligible BOOLEAN       NOT NULL,
  backup_state    BOOLEAN       NOT NULL,
  user_verified   BOOLEAN       NOT NULL,
  aaguid          CHAR(36)      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  name            VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at      DATETIME(3)   NOT NULL,
  last_used_at    DATETIME(3)   NULL,
  PRIMARY KEY (credential_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Listing an account's passkeys (oldest first) and locking them for the last-sign-in-method rule.
CREATE INDEX ${table_prefix}passkeys_account_ix
  ON ${table_prefix}passkeys (account_id, created_at);

CREATE TABLE ${table_prefix}passkey_challenges (
  challenge_hash CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  purpose        VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  binding_hash   CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  user_handle    VARCHAR(86)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  created_at     DATETIME(3)  NOT NULL,
  expires_at     DATETIME(3)  NOT NULL,
  consumed_at    DATETIME(3)  NULL,
  PRIMARY KEY (challenge_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Purging expired challenges.
CREATE INDEX ${table_prefix}passkey_challenges_expires_ix
  ON ${table_prefix}passkey_challenges (expires_at);
