-- Latchkey schema, version 5 (MariaDB 10.5+, MySQL 8): connected accounts (identities at sign-in
-- providers).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- utf8mb4_bin everywhere: account ids, providers and subjects must compare case-sensitively (the
-- default collations are case-insensitive, which would let subject "AbC" open the account of
-- "abc"), and utf8mb4 holds any Unicode e-mail address.
-- utf8mb4_bin is a PAD SPACE collation (MySQL 8 and MariaDB alike): "abc" and "abc " compare
-- equal. ConnectedAccounts refuses spaces in provider codes and subjects, so it never matters.
-- DATETIME has no time zone: the stores write and read the UTC wall time.
-- No token is stored: the host keeps whatever OAuth tokens it needs.
-- The primary key (provider, subject) is the rule "an identity belongs to one account" and the
-- sign-in lookup (MariaDB names it PRIMARY whatever the DDL says); the unique
-- (account_id, provider) is "one identity per provider per account". Its leading column is
-- account_id, so it also serves listing an account's identities and locking them
-- (SELECT ... FOR UPDATE) for the last-sign-in-method check: a separate index on account_id
-- would only duplicate it. Key lengths: (32 + 255) * 4 and (255 + 32) * 4 bytes, under 3072.
-- Constraint names are short enough (33 characters after the prefix at most) for PostgreSQL's
-- 63 and MariaDB's 64 with the longest prefix JdbcOptions allows (30).

CREATE TABLE ${table_prefix}connected_accounts (
  account_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  provider   VARCHAR(32)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  subject    VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  email      VARCHAR(320) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  linked_at  DATETIME(3)  NOT NULL,
  CONSTRAINT ${table_prefix}connected_accounts_pk PRIMARY KEY (provider, subject),
  CONSTRAINT ${table_prefix}connected_accounts_acct_prov_uk UNIQUE (account_id, provider)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
