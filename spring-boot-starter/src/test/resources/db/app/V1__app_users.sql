-- The test application's own migration: Latchkey's run must come after it and leave it alone.
CREATE TABLE app_users (id VARCHAR(64) PRIMARY KEY, email VARCHAR(320) NOT NULL);
