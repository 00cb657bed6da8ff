-- ACC-4: people removed from their company leave `users` (their sessions and roles go with
-- them, their address is free again); their names stay here for the history and the audit.
CREATE TABLE former_users (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    display_name TEXT NOT NULL,
    email        TEXT NOT NULL,
    removed_at   TEXT NOT NULL
);
CREATE INDEX former_users_by_company ON former_users(company_id);

-- The audit log keeps the lines of people who were removed: no foreign key on the actor.
CREATE TABLE audit_events_kept (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    actor_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    at         TEXT NOT NULL
);
INSERT INTO audit_events_kept (id, company_id, actor_id, action, subject, before, after, at)
    SELECT id, company_id, actor_id, action, subject, before, after, at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_kept RENAME TO audit_events;
CREATE INDEX audit_by_company ON audit_events(company_id, at);

-- SET-1: the one-time setup link of a server started empty. Only a SHA-256 of its token is
-- kept; `used_at` voids it.
CREATE TABLE setup_links (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    used_at    TEXT
);
