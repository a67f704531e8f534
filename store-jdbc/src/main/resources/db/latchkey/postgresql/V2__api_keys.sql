-- Latchkey schema, version 2 (PostgreSQL): API keys.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, owners and hashes use the "C" collation: byte-wise, case-sensitive comparison and the same
-- ordering as Java's String.compareTo for the ASCII ids Latchkey issues. The key itself is never
-- stored: key_hash is the lower-case hex SHA-256 of it.
-- scopes: the custom scopes, sorted, separated by one space ('' for none); a scope never contains a
-- space (ApiKeySpec.SCOPE_SYNTAX), and 20 scopes of 100 characters plus separators fit in 2100.
-- name and hint are Unicode text (a name is at most 100 code points; VARCHAR counts code points).

CREATE TABLE ${table_prefix}api_keys (
  id           VARCHAR(64)   COLLATE "C" NOT NULL,
  owner        VARCHAR(255)  COLLATE "C" NOT NULL,
  key_hash     CHAR(64)      COLLATE "C" NOT NULL,
  hint         VARCHAR(64)   NOT NULL,
  name         VARCHAR(100)  NOT NULL,
  permission   VARCHAR(20)   COLLATE "C" NOT NULL,
  scopes       VARCHAR(2100) COLLATE "C" NOT NULL,
  environment  VARCHAR(32)   COLLATE "C" NOT NULL,
  created_at   TIMESTAMPTZ(3) NOT NULL,
  expires_at   TIMESTAMPTZ(3),
  last_used_at TIMESTAMPTZ(3),
  revoked_at   TIMESTAMPTZ(3),
  replaced_by  VARCHAR(64)   COLLATE "C",
  grace_until  TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}api_keys_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}api_keys_key_hash_uk UNIQUE (key_hash)
);

-- Listing an owner's keys newest first, revoking all of them, and finding the stale ones: every
-- per-owner query starts from this index (an owner holds a handful of keys, so the state and time
-- conditions of the stale query are filtered on those few rows).
CREATE INDEX ${table_prefix}api_keys_owner_created_ix
  ON ${table_prefix}api_keys (owner, created_at);
