-- Latchkey schema, version 14 (MariaDB 10.5+, MySQL 8): the invalidation log of
-- PollingInvalidationBus.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Primary keys are unnamed: MariaDB and MySQL call every one PRIMARY and warn (1280) about
-- any other name.
-- Each row says that a session, an account's sessions or an API key stopped working, by id only
-- (never a token, key or hash). Pollers read rows above the last id they saw; rows older than the
-- bus's retention (minutes) are deleted by the bus itself, so the table stays small.
-- DATETIME has no time zone: the bus writes and reads the UTC wall time.

CREATE TABLE ${table_prefix}invalidations (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  kind       VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  subject    VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Retention: deleting rows older than the window.
CREATE INDEX ${table_prefix}invalidations_created_ix
  ON ${table_prefix}invalidations (created_at);
