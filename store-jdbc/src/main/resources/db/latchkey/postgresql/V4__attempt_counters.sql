-- Latchkey schema, version 4 (PostgreSQL): attempt counters for brute-force protection.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Factors and subjects use the "C" collation: "account:Alice" and "account:alice" are two
-- subjects.

-- One counter per factor (password, totp, ...) and subject (account:<id> or client:<ip>). The only
-- writes are a compare-and-set ("UPDATE ... WHERE attempts = ?"), an insert that loses to a
-- concurrent one on the primary key, and deletes.
CREATE TABLE ${table_prefix}attempt_counters (
  factor          VARCHAR(32)  COLLATE "C" NOT NULL,
  subject         VARCHAR(300) COLLATE "C" NOT NULL,
  attempts        INT          NOT NULL,
  last_attempt_at TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT ${table_prefix}attempt_counters_pk PRIMARY KEY (factor, subject),
  CONSTRAINT ${table_prefix}attempt_counters_attempts_ck CHECK (attempts >= 1)
);

-- Purging idle counters.
CREATE INDEX ${table_prefix}attempt_counters_last_attempt_ix
  ON ${table_prefix}attempt_counters (last_attempt_at);
