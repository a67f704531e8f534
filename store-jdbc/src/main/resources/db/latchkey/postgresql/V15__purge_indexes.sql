-- Latchkey schema, version 15 (PostgreSQL): an index for purging revoked sessions.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Purges run in bounded batches, each an index range scan on the column the cutoff applies to.
-- Sessions go when expired (sessions_expires_ix, version 1) or revoked before the cutoff; without
-- this index each batch of the second kind would scan the whole table.
-- Partial: most sessions are never revoked, and purge asks only for revoked_at < cutoff.
CREATE INDEX ${table_prefix}sessions_revoked_ix
  ON ${table_prefix}sessions (revoked_at) WHERE revoked_at IS NOT NULL;
