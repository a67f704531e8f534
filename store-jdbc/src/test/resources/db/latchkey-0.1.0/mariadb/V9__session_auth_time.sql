-- Latchkey schema, version 9 (MariaDB 10.5+, MySQL 8): when each session last authenticated.
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- authenticated_at is when the session's holder last proved a factor: the sign-in, raised by a
-- re-authentication (password or code) with one conditional update that only moves it forward
-- ("SET authenticated_at = GREATEST(authenticated_at, ?) WHERE id = ? AND revoked_at IS NULL").
-- Sensitive actions need it recent. Sessions that exist before this version were authenticated
-- when they were created, so they take created_at. Read by id only: no index.
-- MariaDB and MySQL commit each DDL statement on its own (see JdbcSchema): the column is added
-- nullable, filled, then made NOT NULL.

ALTER TABLE ${table_prefix}sessions ADD COLUMN authenticated_at DATETIME(3) NULL;

UPDATE ${table_prefix}sessions SET authenticated_at = created_at;

ALTER TABLE ${table_prefix}sessions MODIFY COLUMN authenticated_at DATETIME(3) NOT NULL;
