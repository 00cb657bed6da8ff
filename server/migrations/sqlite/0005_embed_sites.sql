-- EMB-1: partner sites that embed the workspace: one exact origin, one company, the secret
-- only as its SHA-256 (it is random and long, so a slow hash would add nothing).
CREATE TABLE embed_sites (
    origin      TEXT PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- EMB-2: a session made from a site's token works only from that site's origin (NULL: a
-- sign-in of the app itself, by cookie). Removing the site ends its sessions.
ALTER TABLE sessions ADD COLUMN origin TEXT REFERENCES embed_sites(origin) ON DELETE CASCADE;
