-- Roles and sessions name their user's company too, as PostgreSQL's do (its keys include the
-- company): one statement writes them on both databases.
ALTER TABLE user_roles ADD COLUMN company_id INTEGER REFERENCES companies(id);
UPDATE user_roles SET company_id = (SELECT u.company_id FROM users u WHERE u.id = user_roles.user_id);
-- Sessions too: a session's user is found by (company, ID), as on PostgreSQL.
ALTER TABLE sessions ADD COLUMN company_id INTEGER REFERENCES companies(id);
UPDATE sessions SET company_id = (SELECT u.company_id FROM users u WHERE u.id = sessions.user_id);
