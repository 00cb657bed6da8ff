-- PostgreSQL's schema (issue 21): the final schema of the SQLite migrations 0001 … 0007, in
-- one file. Every row of a tenant table belongs to a company; every query is scoped to the
-- signed-in user's company.
--
-- Ready for distribution by company (Citus): every tenant table's primary key, unique
-- constraints and foreign keys include `company_id` (`companies`: its `id`), so a company's
-- rows and every check on them stay on one node. Tables global by nature (sign-in by
-- e-mail, sessions by token, sites by origin, setup links, the sign-in throttle) have no
-- `company_id` in their keys and no foreign key into a tenant table: reference tables, or
-- distributed on their own key. `tests/sql/postgres_distribution_check.sql` checks the rule.
--
-- IDs are unique across companies, so an ID of another company is simply not found, and a
-- session names its user by ID. With the company in every key, that uniqueness is the
-- sequences' promise, not a constraint's: new rows take `nextval`, never `max + 1` (several
-- writers). Explicit IDs stay insertable (a copy from SQLite); after one, `setval` the
-- sequence past them.
--
-- Types: BIGINT for every integer, BOOLEAN for flags, TIMESTAMPTZ for every time. JSON
-- bodies are TEXT, not jsonb: the app reads back exactly the text it wrote (jsonb reorders
-- keys and drops spaces) and pastes bodies together into its big reads; `body::json` where
-- SQL must look inside.

-- Companies are distributed on `id` (every other tenant table on `company_id`).
CREATE SEQUENCE company_ids;
CREATE TABLE companies (
    id            BIGINT PRIMARY KEY DEFAULT nextval('company_ids'),
    name          TEXT NOT NULL,
    account_email TEXT NOT NULL,
    currency      TEXT NOT NULL,
    -- The purchased membership offers with their dates (domain `MembershipOffer`s), JSON.
    offers        TEXT NOT NULL,
    -- Partner advisory hours used this membership year (PAH-2).
    advisory_hours_used BIGINT NOT NULL DEFAULT 0,
    -- GTM-3's contact (domain `MarketingContact`) as JSON, or NULL.
    marketing_contact TEXT,
    -- AZ-1: what Microsoft gives in the company's currency for USD 100 of Azure credit
    -- (JSON money, e.g. {"minor_units":8600,"currency":"EUR"}); NULL: amounts stay in USD.
    usd_100_equivalent TEXT
);
ALTER SEQUENCE company_ids OWNED BY companies.id;

-- One sequence for `users` and `former_users`: a removed person's row moves to
-- `former_users` with the same ID, and that ID is never given again (the history still
-- names them by it). `former_users` takes no default: its IDs all come from `users`.
CREATE SEQUENCE user_ids;
CREATE TABLE users (
    company_id    BIGINT NOT NULL REFERENCES companies (id),
    id            BIGINT NOT NULL DEFAULT nextval('user_ids'),
    -- "C": byte order, as SQLite's ORDER BY had it, whatever the database's collation.
    display_name  TEXT COLLATE "C" NOT NULL,
    -- Unique across companies: `accounts` (keyed by e-mail) enforces that; here only
    -- within the company, which is all a distributed table can check.
    email         TEXT NOT NULL,
    guest         BOOLEAN NOT NULL DEFAULT false,
    password_hash TEXT NOT NULL,
    -- ACC-1: a temporary password (a new user's, or one a reset gave) must be changed at the
    -- first sign-in; until then that user's sessions can do nothing else.
    must_change_password BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, email)
);
ALTER SEQUENCE user_ids OWNED BY users.id;
-- The directory is read in name order; this index makes that order a walk, not a sort.
-- Its first column serves every lookup by company.
CREATE INDEX users_by_company_name ON users (company_id, display_name, id);

CREATE TABLE user_roles (
    company_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('global_admin', 'user_management_admin', 'admin_agent', 'mpn_partner_admin')),
    PRIMARY KEY (company_id, user_id, role),
    FOREIGN KEY (company_id, user_id) REFERENCES users (company_id, id) ON DELETE CASCADE
);

-- ACC-4: people removed from their company leave `users` (their roles go with them, their
-- address is free again); their names stay here for the history and the audit. The
-- primary key's first column serves every lookup by company, in ID order.
CREATE TABLE former_users (
    company_id   BIGINT NOT NULL REFERENCES companies (id),
    id           BIGINT NOT NULL,
    display_name TEXT COLLATE "C" NOT NULL,
    email        TEXT NOT NULL,
    removed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id)
);

-- Sign-in by e-mail, across companies: which user an address is (ROLE-5: an address is
-- unique across companies; the key says so). Global, so no foreign key into `users`: the
-- app writes a row here with every new user and deletes it when the user is removed, in
-- the same transaction.
CREATE TABLE accounts (
    email      TEXT PRIMARY KEY,
    company_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL
);
CREATE INDEX accounts_by_user ON accounts (user_id);

-- EMB-1: partner sites that embed the workspace: one exact origin, one company, the secret
-- only as its SHA-256 (it is random and long, so a slow hash would add nothing). Global
-- (found by origin or secret), so no foreign key into `companies`.
CREATE TABLE embed_sites (
    origin      TEXT PRIMARY KEY,
    company_id  BIGINT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL
);

-- Only a SHA-256 of the session token is kept: a stolen database opens no session. The
-- company is kept with the user, so the user is found by their key (company, ID). Global,
-- so no foreign key into `users`: the app deletes a user's sessions itself (a reset, a
-- removal). EMB-2: a session made from a site's token works only from that site's origin
-- (NULL: a sign-in of the app itself, by cookie); removing the site ends its sessions
-- (a key between two global tables: both reference tables under Citus).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    company_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    origin     TEXT REFERENCES embed_sites (origin) ON DELETE CASCADE
);
-- A reset, a new password or a removal ends every session of the user.
CREATE INDEX sessions_by_user ON sessions (user_id);

-- SET-1: the one-time setup link of a server started empty. Only a SHA-256 of its token is
-- kept; `used_at` voids it.
CREATE TABLE setup_links (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- The sign-in throttle shared by every instance: one row per failed attempt, counted over
-- the last minutes under an advisory lock on the account.
CREATE TABLE sign_in_failures (
    account TEXT NOT NULL,
    id      BIGSERIAL,
    at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account, id)
);
CREATE INDEX sign_in_failures_recent ON sign_in_failures (account, at);

-- Every benefit of every area: the domain entity as JSON, with what queries need beside it.
-- The holder is a user of the same company (MATCH SIMPLE: no holder, no check).
CREATE SEQUENCE benefit_ids;
CREATE TABLE benefits (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    id         BIGINT NOT NULL DEFAULT nextval('benefit_ids'),
    kind       TEXT NOT NULL CHECK (kind IN ('software', 'azure_credit', 'licence_subscription',
                   'visual_studio_subscription', 'product_support', 'go_to_market_offer')),
    version    BIGINT NOT NULL,
    holder_id  BIGINT,
    body       TEXT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, holder_id) REFERENCES users (company_id, id) MATCH SIMPLE
);
ALTER SEQUENCE benefit_ids OWNED BY benefits.id;
CREATE INDEX benefits_by_company ON benefits (company_id, kind);
-- Also what removing a user checks (nothing may still name them).
CREATE INDEX benefits_by_holder ON benefits (company_id, holder_id) WHERE holder_id IS NOT NULL;

-- SW-1: every "Get keys" (CAN-1 reads these), in order.
CREATE SEQUENCE key_reveal_ids;
CREATE TABLE key_reveals (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    id         BIGINT NOT NULL DEFAULT nextval('key_reveal_ids'),
    position   BIGINT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, position)
);
ALTER SEQUENCE key_reveal_ids OWNED BY key_reveals.id;

-- PAH-3: requests in the order made (by ID). Numbers name their company
-- (TPD-<company>-<n>), so unique within it is unique.
CREATE SEQUENCE advisory_request_ids;
CREATE TABLE advisory_requests (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    id         BIGINT NOT NULL DEFAULT nextval('advisory_request_ids'),
    number     TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, number)
);
ALTER SEQUENCE advisory_request_ids OWNED BY advisory_requests.id;

-- Keyed by the company's own local ID already.
CREATE TABLE cancellations (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    local_id   BIGINT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (company_id, local_id)
);

-- Who held which benefit when (assigned at, removed at). No foreign keys on the benefit or
-- the user: the history outlives both.
CREATE SEQUENCE assignment_history_ids;
CREATE TABLE assignment_history (
    company_id  BIGINT NOT NULL REFERENCES companies (id),
    id          BIGINT NOT NULL DEFAULT nextval('assignment_history_ids'),
    position    BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    benefit_id  BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    assigned_at TIMESTAMPTZ NOT NULL,
    removed_at  TIMESTAMPTZ,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, position)
);
ALTER SEQUENCE assignment_history_ids OWNED BY assignment_history.id;
-- A write loads and updates only the history of the benefit it changes (in order).
CREATE INDEX history_by_benefit ON assignment_history (company_id, kind, benefit_id, position);

-- The audit log keeps the lines of people who were removed: no foreign key on the actor.
-- Pages are read newest first by ID (the primary key); the index serves the date filters.
CREATE SEQUENCE audit_event_ids;
CREATE TABLE audit_events (
    company_id BIGINT NOT NULL REFERENCES companies (id),
    id         BIGINT NOT NULL DEFAULT nextval('audit_event_ids'),
    actor_id   BIGINT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (company_id, id)
);
ALTER SEQUENCE audit_event_ids OWNED BY audit_events.id;
CREATE INDEX audit_by_company ON audit_events (company_id, at);
