-- Latchkey schema, version 11 (PostgreSQL): passkeys (WebAuthn credentials) and the challenges of
-- their ceremonies.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, account ids and hashes use the "C" collation: byte-wise, case-sensitive comparison.
-- No secret is stored: a passkey is a public key (COSE, base64url) and public ids; a challenge is
-- kept as the SHA-256 (hex) of its bytes and bound to the SHA-256 of what asked for it.
-- A credential id may be up to 1023 bytes (1364 base64url characters), too long for a portable
-- unique index, so rows are keyed by credential_hash, its SHA-256 (hex), computed by the store.

CREATE TABLE ${table_prefix}passkeys (
  credential_hash CHAR(64)      COLLATE "C" NOT NULL,
  credential_id   VARCHAR(1364) COLLATE "C" NOT NULL,
  account_id      VARCHAR(255)  COLLATE "C" NOT NULL,
  user_handle     VARCHAR(86)   COLLATE "C" NOT NULL,
  public_key      VARCHAR(2731) COLLATE "C" NOT NULL,
  sign_count      BIGINT        NOT NULL,
  transports      VARCHAR(200)  COLLATE "C" NOT NULL,
  backup_eligible BOOLEAN       NOT NULL,
  backup_state    BOOLEAN       NOT NULL,
  user_verified   BOOLEAN       NOT NULL,
  aaguid          CHAR(36)      COLLATE "C" NOT NULL,
  name            VARCHAR(64)   NOT NULL,
  created_at      TIMESTAMPTZ(3) NOT NULL,
  last_used_at    TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}passkeys_pk PRIMARY KEY (credential_hash)
);

-- Listing an account's passkeys (oldest first) and locking them for the last-sign-in-method rule.
CREATE INDEX ${table_prefix}passkeys_account_ix
  ON ${table_prefix}passkeys (account_id, created_at);

CREATE TABLE ${table_prefix}passkey_challenges (
  challenge_hash CHAR(64)     COLLATE "C" NOT NULL,
  purpose        VARCHAR(32)  COLLATE "C" NOT NULL,
  binding_hash   CHAR(64)     COLLATE "C" NOT NULL,
  account_id     VARCHAR(255) COLLATE "C",
  user_handle    VARCHAR(86)  COLLATE "C",
  created_at     TIMESTAMPTZ(3) NOT NULL,
  expires_at     TIMESTAMPTZ(3) NOT NULL,
  consumed_at    TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}passkey_challenges_pk PRIMARY KEY (challenge_hash)
);

-- Purging expired challenges.
CREATE INDEX ${table_prefix}passkey_challenges_expires_ix
  ON ${table_prefix}passkey_challenges (expires_at);
