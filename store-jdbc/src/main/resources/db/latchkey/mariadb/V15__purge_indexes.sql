-- Latchkey schema, version 15 (MariaDB/MySQL): an index for purging revoked sessions.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Purges run in bounded batches, each an index range scan on the column the cutoff applies to.
-- Sessions go when expired (sessions_expires_ix, version 1) or revoked before the cutoff; without
-- this index each batch of the second kind would scan the whole table.
-- NULLs (unrevoked sessions) sort first and a purge's range scan never visits them.
CREATE INDEX ${table_prefix}sessions_revoked_ix
  ON ${table_prefix}sessions (revoked_at);
