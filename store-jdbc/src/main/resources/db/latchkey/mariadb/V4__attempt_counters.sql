-- Latchkey schema, version 4 (MariaDB 10.5+, MySQL 8): attempt counters for brute-force
-- protection.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name. (Up to 0.1.0 they were named; the tables are the same.)
-- utf8mb4_bin: "account:Alice" and "account:alice" are two subjects. InnoDB: row locks.
-- DATETIME has no time zone: the stores write and read the UTC wall time.

-- One counter per factor (password, totp, ...) and subject (account:<id> or client:<ip>). The only
-- writes are a compare-and-set ("UPDATE ... WHERE attempts = ?"), an insert that loses to a
-- concurrent one on the primary key, and deletes.
CREATE TABLE ${table_prefix}attempt_counters (
  factor          VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  subject         VARCHAR(300) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  attempts        INT          NOT NULL,
  last_attempt_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (factor, subject),
  CONSTRAINT ${table_prefix}attempt_counters_attempts_ck CHECK (attempts >= 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Purging idle counters.
CREATE INDEX ${table_prefix}attempt_counters_last_attempt_ix
  ON ${table_prefix}attempt_counters (last_attempt_at);
