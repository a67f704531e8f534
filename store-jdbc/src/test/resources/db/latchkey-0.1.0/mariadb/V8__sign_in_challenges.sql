-- Latchkey schema, version 8 (MariaDB 10.5+, MySQL 8): sign-in challenges.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- utf8mb4_bin everywhere: ids, account ids and hashes must compare case-sensitively (the default
-- collations are case-insensitive, which would let "AbC" find "abc"), and utf8mb4 holds any
-- User-Agent.
-- DATETIME has no time zone: the stores write and read the UTC wall time. InnoDB: row locks.
-- A challenge stands between a passed first factor and the second one. No secret is stored: the
-- token is kept as its SHA-256 (hex). The only update is "consume": one conditional statement
-- ("... WHERE consumed_at IS NULL AND expires_at > ?"), so exactly one caller uses a challenge up.

CREATE TABLE ${table_prefix}sign_in_challenges (
  id          VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  token_hash  CHAR(64)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  account_id  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  ip_address  VARCHAR(64)  NOT NULL,
  user_agent  VARCHAR(512) NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  expires_at  DATETIME(3)  NOT NULL,
  consumed_at DATETIME(3)  NULL,
  CONSTRAINT ${table_prefix}sign_in_challenges_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}sign_in_challenges_token_hash_uk UNIQUE (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Purging expired challenges.
CREATE INDEX ${table_prefix}sign_in_challenges_expires_ix
  ON ${table_prefix}sign_in_challenges (expires_at);

-- Before version 8 a challenge was a session row with this assurance. Sessions no longer know the
-- level, and an unknown level reads as a restricted session: remove the old challenges, so none
-- can ever validate as a session. (Their users sign in again.)
DELETE FROM ${table_prefix}sessions WHERE assurance = 'second_factor_pending';
