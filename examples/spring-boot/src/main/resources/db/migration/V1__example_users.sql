-- The example's own users: Latchkey knows an account only by its id. (Latchkey's tables come from
-- the starter, with their own Flyway history table.)
CREATE TABLE example_users (
  id         VARCHAR(36)  NOT NULL,
  email      VARCHAR(320) NOT NULL,
  created_at TIMESTAMP    NOT NULL,
  CONSTRAINT example_users_pk PRIMARY KEY (id),
  CONSTRAINT example_users_email_uq UNIQUE (email)
);
