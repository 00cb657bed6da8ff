-- Every row belongs to a company; every query is scoped to the signed-in user's company.
-- IDs are unique across companies, so an ID of another company is simply not found.
CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    account_email TEXT NOT NULL,
    currency      TEXT NOT NULL,
    -- The purchased membership offers with their dates (domain `MembershipOffer`s).
    offers        TEXT NOT NULL,
    -- Partner advisory hours used this membership year (PAH-2).
    advisory_hours_used INTEGER NOT NULL DEFAULT 0,
    -- GTM-3's contact (domain `MarketingContact`), or NULL.
    marketing_contact TEXT
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

-- Every benefit of every area: the domain entity as JSON, with what queries need beside it.
CREATE TABLE benefits (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    kind       TEXT NOT NULL CHECK (kind IN ('software', 'azure_credit', 'licence_subscription',
                   'visual_studio_subscription', 'product_support', 'go_to_market_offer')),
    version    INTEGER NOT NULL,
    holder_id  INTEGER REFERENCES users(id),
    body       TEXT NOT NULL
);
CREATE INDEX benefits_by_company ON benefits(company_id, kind);
CREATE INDEX benefits_by_holder ON benefits(holder_id) WHERE holder_id IS NOT NULL;

-- SW-1: every "Get keys" (CAN-1 reads these).
CREATE TABLE key_reveals (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    position   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (company_id, position)
);

CREATE TABLE advisory_requests (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    number     TEXT NOT NULL UNIQUE,
    body       TEXT NOT NULL
);

CREATE TABLE cancellations (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    local_id   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (company_id, local_id)
);

-- Who held which benefit when (assigned at, removed at).
CREATE TABLE assignment_history (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    benefit_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    assigned_at TEXT NOT NULL,
    removed_at  TEXT,
    UNIQUE (company_id, position)
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
