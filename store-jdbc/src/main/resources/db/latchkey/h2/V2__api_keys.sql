-- Latchkey schema, version 2 (H2 2.x): API keys.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- The key itself is never stored: key_hash is the lower-case hex SHA-256 of it.
-- scopes: the custom scopes, sorted, separated by one space ('' for none); a scope never contains a
-- space (ApiKeySpec.SCOPE_SYNTAX), and 20 scopes of 100 characters plus separators fit in 2100.
-- name: at most 100 code points, but H2 counts UTF-16 units (an emoji is two), hence 200.

CREATE TABLE ${table_prefix}api_keys (
  id           VARCHAR(64)   NOT NULL,
  owner        VARCHAR(255)  NOT NULL,
  key_hash     CHAR(64)      NOT NULL,
  hint         VARCHAR(64)   NOT NULL,
  name         VARCHAR(200)  NOT NULL,
  permission   VARCHAR(20)   NOT NULL,
  scopes       VARCHAR(2100) NOT NULL,
  environment  VARCHAR(32)   NOT NULL,
  created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP(3) WITH TIME ZONE,
  last_used_at TIMESTAMP(3) WITH TIME ZONE,
  revoked_at   TIMESTAMP(3) WITH TIME ZONE,
  replaced_by  VARCHAR(64),
  grace_until  TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT ${table_prefix}api_keys_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}api_keys_key_hash_uk UNIQUE (key_hash)
);

-- Listing an owner's keys newest first, revoking all of them, and finding the stale ones: every
-- per-owner query starts from this index (an owner holds a handful of keys, so the state and time
-- conditions of the stale query are filtered on those few rows).
CREATE INDEX ${table_prefix}api_keys_owner_created_ix
  ON ${table_prefix}api_keys (owner, created_at);
