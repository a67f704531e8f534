-- Latchkey schema, version 2 (MariaDB 10.5+, MySQL 8): API keys.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- utf8mb4_bin everywhere: ids, owners and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc"), and utf8mb4 holds any
-- Unicode name or hint (a name is at most 100 code points; VARCHAR counts code points).
-- The key itself is never stored: key_hash is the lower-case hex SHA-256 of it.
-- scopes: the custom scopes, sorted, separated by one space ('' for none); a scope never contains a
-- space (ApiKeySpec.SCOPE_SYNTAX), and 20 scopes of 100 characters plus separators fit in 2100.
-- DATETIME has no time zone: the stores write and read the UTC wall time.

CREATE TABLE ${table_prefix}api_keys (
  id           VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  owner        VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  key_hash     CHAR(64)      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  hint         VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  name         VARCHAR(100)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  permission   VARCHAR(20)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  scopes       VARCHAR(2100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  environment  VARCHAR(32)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at   DATETIME(3)   NOT NULL,
  expires_at   DATETIME(3)   NULL,
  last_used_at DATETIME(3)   NULL,
  revoked_at   DATETIME(3)   NULL,
  replaced_by  VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  grace_until  DATETIME(3)   NULL,
  CONSTRAINT ${table_prefix}api_keys_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}api_keys_key_hash_uk UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Listing an owner's keys newest first, revoking all of them, and finding the stale ones: every
-- per-owner query starts from this index (an owner holds a handful of keys, so the state and time
-- conditions of the stale query are filtered on those few rows).
CREATE INDEX ${table_prefix}api_keys_owner_created_ix
  ON ${table_prefix}api_keys (owner, created_at);
