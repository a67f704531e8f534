-- Latchkey schema, version 5 (PostgreSQL): connected accounts (identities at sign-in providers).
-- ${table_prefix} is the table-name prefix (latchkey_ by default). JdbcSchema substitutes it;
-- with Flyway, set the placeholder table_prefix.
-- Ids, providers and subjects use the "C" collation: byte-wise, case-sensitive comparison (a
-- provider's subject "AbC" is not "abc"), ordered as Java's String.compareTo for ASCII.
-- No token is stored: the host keeps whatever OAuth tokens it needs.
-- The primary key (provider, subject) is the rule "an identity belongs to one account" and the
-- sign-in lookup; the unique (account_id, provider) is "one identity per provider per account".
-- Its leading column is account_id, so it also serves listing an account's identities and
-- locking them (SELECT ... FOR UPDATE) for the last-sign-in-method check: a separate index on
-- account_id would only duplicate it.
-- Constraint names are short enough (33 characters after the prefix at most) for PostgreSQL's
-- 63 and MariaDB's 64 with the longest prefix JdbcOptions allows (30).

CREATE TABLE ${table_prefix}connected_accounts (
  account_id VARCHAR(255) COLLATE "C" NOT NULL,
  provider   VARCHAR(32)  COLLATE "C" NOT NULL,
  subject    VARCHAR(255) COLLATE "C" NOT NULL,
  email      VARCHAR(320),
  linked_at  TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT ${table_prefix}connected_accounts_pk PRIMARY KEY (provider, subject),
  CONSTRAINT ${table_prefix}connected_accounts_acct_prov_uk UNIQUE (account_id, provider)
);
