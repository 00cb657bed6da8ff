-- ACC-1: a temporary password (a new user's, or one a reset gave) must be changed at the
-- first sign-in; until then that user's sessions can do nothing else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
