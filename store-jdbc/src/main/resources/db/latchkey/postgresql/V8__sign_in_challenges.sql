-- Latchkey schema, version 8 (PostgreSQL): sign-in challenges.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, account ids and hashes use the "C" collation: byte-wise, case-sensitive comparison.
-- A challenge stands between a passed first factor and the second one. No secret is stored: the
-- token is kept as its SHA-256 (hex). The only update is "consume": one conditional statement
-- ("... WHERE consumed_at IS NULL AND expires_at > ?"), so exactly one caller uses a challenge up.
-- Constraint names are short enough (32 characters after the prefix at most) for PostgreSQL's 63
-- and MariaDB's 64 with the longest prefix JdbcSettings allows (30).

CREATE TABLE ${table_prefix}sign_in_challenges (
  id          VARCHAR(64)  COLLATE "C" NOT NULL,
  token_hash  CHAR(64)     COLLATE "C" NOT NULL,
  account_id  VARCHAR(255) COLLATE "C" NOT NULL,
  ip_address  VARCHAR(64)  NOT NULL,
  user_agent  VARCHAR(512) NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL,
  expires_at  TIMESTAMPTZ(3) NOT NULL,
  consumed_at TIMESTAMPTZ(3),
  CONSTRAINT ${table_prefix}sign_in_challenges_pk PRIMARY KEY (id),
  CONSTRAINT ${table_prefix}sign_in_challenges_token_hash_uk UNIQUE (token_hash)
);

-- Purging expired challenges.
CREATE INDEX ${table_prefix}sign_in_challenges_expires_ix
  ON ${table_prefix}sign_in_challenges (expires_at);

-- Before version 8 a challenge was a session row with this assurance. Sessions no longer know the
-- level, and an unknown level reads as a restricted session: remove the old challenges, so none
-- can ever validate as a session. (Their users sign in again.)
DELETE FROM ${table_prefix}sessions WHERE assurance = 'second_factor_pending';
