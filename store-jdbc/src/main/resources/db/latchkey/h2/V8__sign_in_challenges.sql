-- Latchkey schema, version 8 (H2 2.x): sign-in challenges.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- A challenge stands between a passed first factor and the second one. No secret is stored: the
-- token is kept as its SHA-256 (hex). The only update is "consume": one conditional statement
-- ("... WHERE consumed_at IS NULL AND expires_at > ?"), so exactly one caller uses a challenge up.

CREATE TABLE ${table_prefix}sign_in_challenges (
  id          VARCHAR(64)  NOT NULL,
  token_hash  CHAR(64)     NOT NULL,
  account_id  VARCHAR(255) NOT NULL,
  ip_address  VARCHAR(64)  NOT NULL,
  user_agent  VARCHAR(512) NOT NULL,
  created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  consumed_at TIMESTAMP(3) WITH TIME ZONE,
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
