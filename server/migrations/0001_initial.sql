-- Every row belongs to a company; every query is scoped to the signed-in user's company.
CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    offer         TEXT NOT NULL CHECK (offer IN ('action_pack', 'silver', 'gold')),
    account_email TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies(id),
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    guest         INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL
);
CREATE INDEX users_by_company ON users(company_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('global_admin', 'user_management_admin', 'admin_agent', 'mpn_partner_admin')),
    PRIMARY KEY (user_id, role)
);

-- Only a SHA-256 of the session token is kept: a stolen database opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE visual_studio_subscriptions (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES companies(id),
    product       TEXT NOT NULL CHECK (product IN ('professional', 'enterprise')),
    offer         TEXT NOT NULL CHECK (offer IN ('action_pack', 'silver', 'gold')),
    benefit_type  TEXT NOT NULL CHECK (benefit_type IN ('core', 'incremental')),
    expires_on    TEXT NOT NULL,
    subscriber_id INTEGER REFERENCES users(id),
    assigned_at   TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((subscriber_id IS NULL) = (assigned_at IS NULL))
);
CREATE INDEX visual_studio_by_company ON visual_studio_subscriptions(company_id);

-- Who held which subscription when: assignment history for reports and VS-3.
CREATE TABLE visual_studio_assignments (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES visual_studio_subscriptions(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    assigned_at     TEXT NOT NULL,
    removed_at      TEXT
);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    at         TEXT NOT NULL
);
CREATE INDEX audit_by_company ON audit_events(company_id, at);
