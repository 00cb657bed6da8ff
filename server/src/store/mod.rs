//! The database behind the API: one interface ([`Store`] for reads, [`WriteTx`] inside a
//! write), two implementations — SQLite (`sqlite.rs`, the zero-setup default) and
//! PostgreSQL (`postgres.rs`, several instances on one database) — each with its own
//! migrations. Most SQL is written once with `?` placeholders; where the two differ, the
//! [`Dialect`] says how. Every function that touches company data takes the company's ID
//! and filters by it: one company never sees another's rows.

pub mod load;
pub mod postgres;
pub mod sqlite;
pub mod writes;

use crate::auth::SessionToken;
use benefits_domain::company::Company;
use benefits_domain::history::{actions_of_area, area_of_action, BenefitKind};
use benefits_domain::money::Currency;
use benefits_domain::wire::{AuditEntry, AuditQuery};
use benefits_domain::workspace::Workspace;
use benefits_domain::{EmailAddress, Role, User, UserId};
use chrono::{DateTime, NaiveTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;

pub use load::{Benefits, Parts};
pub use writes::{Arg, Stmt, Writes};

/// Which database's SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// SQL written with `?` placeholders, as this database takes it (PostgreSQL: `$1`, `$2` …;
    /// a `?` inside a quoted string stays).
    pub fn sql(self, sql: &str) -> Cow<'_, str> {
        match self {
            Dialect::Sqlite => Cow::Borrowed(sql),
            Dialect::Postgres => {
                let mut out = String::with_capacity(sql.len() + 16);
                let (mut n, mut quoted) = (0, false);
                for c in sql.chars() {
                    match c {
                        '\'' => {
                            quoted = !quoted;
                            out.push(c);
                        }
                        '?' if !quoted => {
                            n += 1;
                            out.push('$');
                            out.push_str(&n.to_string());
                        }
                        _ => out.push(c),
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    /// `expr` of every row joined into one text by `separator` (a SQL string literal, maybe
    /// followed by `ORDER BY …`).
    pub fn join(self, expr: &str, separator: &str) -> String {
        match self {
            Dialect::Sqlite => format!("group_concat({expr}, {separator})"),
            Dialect::Postgres => format!("string_agg({expr}, {separator})"),
        }
    }

    /// A JSON array of `items` (comma-separated SQL expressions), as text.
    pub fn json_array(self, items: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_array({items})"),
            Dialect::Postgres => format!("json_build_array({items})::text"),
        }
    }

    /// A column holding JSON text, as JSON inside [`Dialect::json_array`].
    pub fn json_text(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json({column})"),
            Dialect::Postgres => format!("{column}::json"),
        }
    }

    /// [`USER_COLUMNS`] as one JSON array per user (`[id, name, email, guest, "role,role"]`),
    /// for the big reads: they come back as one JSON value built by the database (sqlx hands
    /// every SQLite row from its thread to the task separately; for 10,000 rows that costs
    /// far more than the query).
    pub fn user_json(self) -> String {
        let guest = match self {
            Dialect::Sqlite => "json(CASE WHEN u.guest THEN 'true' ELSE 'false' END)",
            Dialect::Postgres => "u.guest",
        };
        self.json_array(&format!(
            "u.id, u.display_name, u.email, {guest}, (SELECT {} FROM user_roles r WHERE r.user_id = u.id)",
            self.join("r.role", "','")
        ))
    }

    /// A user's columns: ID, name, e-mail, guest, roles (comma-separated).
    fn user_columns(self) -> String {
        format!(
            "u.id, u.display_name, u.email, u.guest, (SELECT {} FROM user_roles r WHERE r.user_id = u.id)",
            self.join("r.role", "','")
        )
    }
}

/// The database, as the server was started on it (`--database`).
#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// `$body` with `$pool` the store's connection pool and `$d` its dialect: one body, compiled
/// for each database.
#[macro_export]
macro_rules! on_pool {
    ($store:expr, |$pool:ident, $d:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(store) => {
                let ($pool, $d) = (&store.pool, $crate::store::Dialect::Sqlite);
                $body
            }
            $crate::store::Store::Postgres(store) => {
                let ($pool, $d) = (&store.pool, $crate::store::Dialect::Postgres);
                $body
            }
        }
    };
}

/// Runs `$body` (an async block's body giving a `Result<_, E>` where `E: From<sqlx::Error>`, using
/// `$tx`, a [`WriteTx`]) inside one write transaction of the store, committed when it is
/// `Ok`, rolled back when it is `Err`. One body, compiled for each database.
#[macro_export]
macro_rules! in_write {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(store) => {
                let mut write = store.begin_write().await?;
                let result = {
                    let $tx = &mut write;
                    // A block of its own: `return` and `?` in the body end the body.
                    async { $body }.await
                };
                if result.is_ok() {
                    write.commit().await?;
                }
                result
            }
            $crate::store::Store::Postgres(store) => {
                let mut write = store.begin_write().await?;
                let result = {
                    let $tx = &mut write;
                    // A block of its own: `return` and `?` in the body end the body.
                    async { $body }.await
                };
                if result.is_ok() {
                    write.commit().await?;
                }
                result
            }
        }
    };
}

/// What a write needs of the database inside its transaction (a command, an import, a
/// password change, a new company): implemented by SQLite's command writer (its own
/// connection), SQLite's and PostgreSQL's transactions.
#[allow(async_fn_in_trait)]
pub trait WriteTx {
    fn dialect(&self) -> Dialect;

    /// Runs one statement (nothing if its SQL is empty for this database); the rows it
    /// changed.
    async fn run(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<u64, sqlx::Error>;

    /// The first column of the first row, if any (a number).
    async fn fetch_i64(&mut self, stmt: Stmt, args: Vec<Arg>) -> Result<Option<i64>, sqlx::Error>;

    /// The user holding an unexpired session, with their company.
    async fn user_of_session(
        &mut self,
        session: &SessionToken,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, sqlx::Error>;

    /// The parts of a company's workspace ([`Parts`]); `actor` is always loaded.
    async fn load_parts(
        &mut self,
        company_id: i64,
        parts: Parts,
        actor: Option<UserId>,
    ) -> Result<Workspace, sqlx::Error>;

    /// Runs the statements collected.
    async fn execute(&mut self, writes: Writes) -> Result<(), sqlx::Error>;
}

/// Orders the writes of one company across every server instance: PostgreSQL locks the
/// company's row until the transaction ends (`NO KEY`: rows that merely reference it aren't
/// held up); SQLite's write transaction holds the whole database already. Taken before
/// anything of the company is read for a write.
pub async fn lock_company(tx: &mut impl WriteTx, company_id: i64) -> Result<(), sqlx::Error> {
    tx.run(
        Stmt::postgres_only("SELECT 1 FROM companies WHERE id = ? FOR NO KEY UPDATE"),
        vec![Arg::from(company_id)],
    )
    .await
    .map(|_| ())
}

/// Whether this session is stored at all, expired or not (with its origin): a site's token
/// that ran out is `token_expired`, not unknown.
pub async fn session_exists(tx: &mut impl WriteTx, session: &SessionToken) -> Result<bool, sqlx::Error> {
    let found = tx
        .fetch_i64(
            SESSION_EXISTS,
            vec![Arg::from(&session.hash), Arg::from(session.origin.clone())],
        )
        .await?;
    Ok(found.is_some())
}

const SESSION_EXISTS: Stmt = Stmt {
    sqlite: "SELECT CAST(1 AS BIGINT) FROM sessions WHERE token_hash = ? AND origin IS ?",
    postgres: "SELECT CAST(1 AS BIGINT) FROM sessions WHERE token_hash = ? AND origin IS NOT DISTINCT FROM ?",
};

/// Whether any user of any company has this address (ROLE-5).
pub async fn email_in_use(tx: &mut impl WriteTx, email: &EmailAddress) -> Result<bool, sqlx::Error> {
    let found = tx
        .fetch_i64(
            Stmt {
                sqlite: "SELECT CAST(1 AS BIGINT) FROM users WHERE email = ?",
                postgres: "SELECT CAST(1 AS BIGINT) FROM accounts WHERE email = ?",
            },
            vec![Arg::from(email.as_str())],
        )
        .await?;
    Ok(found.is_some())
}

/// The ID the next new user gets: unique across companies, never one a removed person had
/// (the history still names them by it). SQLite: after the highest, inside the write that
/// holds the database; PostgreSQL: its sequence.
pub async fn next_user_id(tx: &mut impl WriteTx) -> Result<UserId, sqlx::Error> {
    tx.fetch_i64(
        Stmt {
            sqlite: "SELECT max(coalesce((SELECT max(id) FROM users), 0), \
                     coalesce((SELECT max(id) FROM former_users), 0)) + 1",
            postgres: "SELECT nextval('user_ids')",
        },
        vec![],
    )
    .await?
    .map(UserId)
    .ok_or_else(|| decode_error("no next user ID"))
}

/// The first of `count` consecutive new benefit IDs (an offer's or a file's new benefits),
/// unique across companies, so an ID of another company is simply not found. PostgreSQL
/// moves its sequence past them under a lock every instance takes for this (held to the end
/// of the transaction).
pub async fn next_benefit_ids(tx: &mut impl WriteTx, count: i64) -> Result<i64, sqlx::Error> {
    tx.run(
        Stmt::postgres_only("SELECT pg_advisory_xact_lock(?)"),
        vec![Arg::from(BENEFIT_IDS_LOCK)],
    )
    .await?;
    tx.fetch_i64(
        Stmt {
            sqlite: "SELECT coalesce(max(id), 0) + 1 + 0 * ? FROM benefits",
            postgres: "SELECT setval('benefit_ids', nextval('benefit_ids') + ? - 1) - ? + 1",
        },
        match tx.dialect() {
            Dialect::Sqlite => vec![Arg::from(count)],
            Dialect::Postgres => vec![Arg::from(count), Arg::from(count)],
        },
    )
    .await?
    .ok_or_else(|| decode_error("no next benefit ID"))
}

/// Instances starting together on one PostgreSQL take turns at what an empty database
/// gets (the demo data, the setup link): the first does it, the others then find it done.
pub async fn first_start_lock(tx: &mut impl WriteTx) -> Result<(), sqlx::Error> {
    tx.run(
        Stmt::postgres_only("SELECT pg_advisory_xact_lock(?)"),
        vec![Arg::from(FIRST_START_LOCK)],
    )
    .await
    .map(|_| ())
}

const FIRST_START_LOCK: i64 = 0x5042_5354; // "PBST"

/// After rows were inserted with IDs given by hand (the demo data, a copy): PostgreSQL's
/// sequences move past the highest, so new rows don't collide with them.
pub async fn move_sequences_past_ids(tx: &mut impl WriteTx) -> Result<(), sqlx::Error> {
    for sql in [
        "SELECT setval('company_ids', greatest((SELECT max(id) FROM (SELECT id FROM companies) AS x), (SELECT last_value FROM company_ids)))",
        "SELECT setval('user_ids', greatest((SELECT max(id) FROM (SELECT id FROM users UNION ALL SELECT id FROM former_users) AS x), (SELECT last_value FROM user_ids)))",
        "SELECT setval('benefit_ids', greatest((SELECT max(id) FROM (SELECT id FROM benefits) AS x), (SELECT last_value FROM benefit_ids)))",
        "SELECT setval('key_reveal_ids', greatest((SELECT max(id) FROM (SELECT id FROM key_reveals) AS x), (SELECT last_value FROM key_reveal_ids)))",
        "SELECT setval('advisory_request_ids', greatest((SELECT max(id) FROM (SELECT id FROM advisory_requests) AS x), (SELECT last_value FROM advisory_request_ids)))",
        "SELECT setval('assignment_history_ids', greatest((SELECT max(id) FROM (SELECT id FROM assignment_history) AS x), (SELECT last_value FROM assignment_history_ids)))",
        "SELECT setval('audit_event_ids', greatest((SELECT max(id) FROM (SELECT id FROM audit_events) AS x), (SELECT last_value FROM audit_event_ids)))",
    ] {
        tx.run(Stmt::postgres_only(sql), vec![]).await?;
    }
    Ok(())
}

/// How many benefits a workspace holds (of every kind).
pub fn benefit_count(ws: &Workspace) -> i64 {
    (ws.software.len()
        + ws.credits.len()
        + ws.licences.len()
        + ws.visual_studio.len()
        + ws.support.len()
        + ws.go_to_market.len()) as i64
}

/// The advisory lock of [`next_benefit_ids`] (any constant of ours).
const BENEFIT_IDS_LOCK: i64 = 0x5042_4944; // "PBID"

/// Persists what changed between `before` and `after` (the same company). New users get
/// `new_user_password_hash`.
pub async fn save_changes(
    tx: &mut impl WriteTx,
    before: &Workspace,
    after: &Workspace,
    new_user_password_hash: &str,
) -> Result<(), sqlx::Error> {
    let mut writes = Writes::default();
    writes.changes(before, after, new_user_password_hash)?;
    tx.execute(writes).await
}

/// Writes one audit line.
pub async fn record_audit(tx: &mut impl WriteTx, event: AuditEvent<'_>) -> Result<(), sqlx::Error> {
    let mut writes = Writes::default();
    writes.audit(event);
    tx.execute(writes).await
}

/// Everything of one company, as the domain works on it.
pub async fn load_workspace(tx: &mut impl WriteTx, company_id: i64) -> Result<Workspace, sqlx::Error> {
    tx.load_parts(company_id, Parts::ALL, None).await
}

/// Creates a company's row (setup, seeding, tests); its benefits follow with [`save_changes`].
pub async fn insert_company(tx: &mut impl WriteTx, company: &Company) -> Result<(), sqlx::Error> {
    tx.run(
        Stmt::same(
            "INSERT INTO companies (id, name, account_email, currency, offers, usd_100_equivalent) \
             VALUES (?, ?, ?, ?, ?, ?)",
        ),
        vec![
            Arg::from(company.id),
            Arg::from(&company.name),
            Arg::from(company.account_email.as_str()),
            Arg::from(company.currency.code()),
            Arg::from(to_json(&company.offers)?),
            Arg::from(company.usd_100_equivalent.as_ref().map(to_json).transpose()?),
        ],
    )
    .await?;
    // PostgreSQL: new companies number on after the highest inserted by hand.
    tx.run(
        Stmt::postgres_only(
            "SELECT setval('company_ids', greatest(?, (SELECT last_value FROM company_ids)))",
        ),
        vec![Arg::from(company.id)],
    )
    .await?;
    Ok(())
}

/// The ID a new company gets.
pub async fn next_company_id(tx: &mut impl WriteTx) -> Result<i64, sqlx::Error> {
    tx.fetch_i64(
        Stmt {
            sqlite: "SELECT coalesce(max(id), 0) + 1 FROM companies",
            postgres: "SELECT nextval('company_ids')",
        },
        vec![],
    )
    .await?
    .ok_or_else(|| decode_error("no next company ID"))
}

/// ACC-1 / ACC-3: statements that give a user a new temporary password and end their sessions.
pub fn temporary_password(writes: &mut Writes, user: UserId, password_hash: &str) {
    writes.add(
        "UPDATE users SET password_hash = ?, must_change_password = TRUE WHERE id = ?",
        vec![Arg::from(password_hash), Arg::from(user.0)],
    );
    writes.add("DELETE FROM sessions WHERE user_id = ?", vec![Arg::from(user.0)]);
}

/// ACC-2: the user's own new password; every session but `keep` ends. Only if, inside this
/// write, the password is still the one checked (`checked_hash`) and `keep` is still a live
/// session: a reset or a sign-out that came in meanwhile wins (`false`: nothing changed).
pub async fn change_password(
    tx: &mut impl WriteTx,
    user: UserId,
    checked_hash: &str,
    new_hash: &str,
    keep: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let changed = tx
        .run(
            Stmt::same(
                "UPDATE users SET password_hash = ?, must_change_password = FALSE WHERE id = ? AND password_hash = ? \
                 AND EXISTS (SELECT 1 FROM sessions WHERE token_hash = ? AND user_id = users.id AND expires_at > ?)",
            ),
            vec![
                Arg::from(new_hash),
                Arg::from(user.0),
                Arg::from(checked_hash),
                Arg::from(keep),
                Arg::from(now),
            ],
        )
        .await?;
    if changed != 1 {
        return Ok(false);
    }
    tx.run(
        Stmt::same("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"),
        vec![Arg::from(user.0), Arg::from(keep)],
    )
    .await?;
    Ok(true)
}

type UserRow = (i64, String, String, bool, Option<String>);

fn user_from_row((id, display_name, email, guest, roles): UserRow) -> Result<User, sqlx::Error> {
    let email = EmailAddress::parse(&email).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let mut roles: Vec<Role> = roles
        .unwrap_or_default()
        .split(',')
        .filter_map(Role::from_key)
        .collect();
    roles.sort();
    Ok(User {
        id: UserId(id),
        display_name,
        email,
        roles,
        guest,
    })
}

impl std::error::Error for DecodeError {}
#[derive(Debug)]
struct DecodeError(String);
impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unexpected value in the database: {}", self.0)
    }
}
fn decode_error(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(DecodeError(what.to_string())))
}

/// Who holds a session: the user, their company, and whether their password is a temporary
/// one that must be changed first (ACC-1).
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: User,
    pub company_id: i64,
    pub must_change_password: bool,
}

/// A user's columns ([`Dialect::user_columns`]), company and ACC-1 flag.
pub type SessionRow = (i64, String, String, bool, Option<String>, i64, bool);

/// The session's user, if the session is live: token, now, origin (`NULL`: the app's own).
pub fn session_user_sql(d: Dialect) -> String {
    let same_origin = match d {
        Dialect::Sqlite => "s.origin IS ?",
        Dialect::Postgres => "s.origin IS NOT DISTINCT FROM ?",
    };
    format!(
        "SELECT {}, u.company_id, u.must_change_password FROM sessions s \
         JOIN users u ON u.id = s.user_id AND u.company_id = s.company_id \
         WHERE s.token_hash = ? AND s.expires_at > ? AND {same_origin}",
        d.user_columns()
    )
}

pub fn session_user(
    (id, name, email, guest, roles, company_id, must_change_password): SessionRow,
) -> Result<SessionUser, sqlx::Error> {
    Ok(SessionUser {
        user: user_from_row((id, name, email, guest, roles))?,
        company_id,
        must_change_password,
    })
}

/// Users as every list shows them at first: by name, then ID (sorted here, not in SQL:
/// see [`load::load_parts`]). Byte order, as SQLite's `ORDER BY` had it.
fn users_by_name(rows: Vec<UserRow>) -> Result<Vec<User>, sqlx::Error> {
    let mut users = rows
        .into_iter()
        .map(user_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    users.sort_unstable_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(users)
}

/// One line of the audit log: who did what to which thing, and its state before and after.
pub struct AuditEvent<'a> {
    pub company_id: i64,
    pub actor: UserId,
    pub action: &'a str,
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}

fn to_json<T: Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn kind_key(kind: BenefitKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A company's own columns: name, account e-mail, currency, offers (JSON), AZ-1's equivalent (JSON).
type CompanyColumns = (String, String, String, String, Option<String>);

fn company_from_row(
    id: i64,
    name: String,
    (email, currency, offers, equivalent): (&str, &str, &str, Option<&str>),
) -> Result<Company, sqlx::Error> {
    Ok(Company {
        id,
        name,
        account_email: EmailAddress::parse(email).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        currency: Currency::parse(currency).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        offers: from_json(offers)?,
        usd_100_equivalent: equivalent.map(from_json).transpose()?,
    })
}

impl Store {
    /// Connects to `--database`: a `postgres://` or `postgresql://` URL, else SQLite (a file
    /// path or `sqlite://path`); migrated before it answers.
    pub async fn connect(database: &str) -> Result<Store, Box<dyn std::error::Error>> {
        if database.starts_with("postgres://") || database.starts_with("postgresql://") {
            Ok(Store::Postgres(postgres::PgStore::connect(database).await?))
        } else {
            // `sqlite://path`, `sqlite:path` or the path itself.
            let path = database
                .strip_prefix("sqlite://")
                .or_else(|| database.strip_prefix("sqlite:"))
                .unwrap_or(database);
            Ok(Store::Sqlite(
                sqlite::SqliteStore::connect(std::path::Path::new(path)).await?,
            ))
        }
    }

    pub fn dialect(&self) -> Dialect {
        on_pool!(self, |_pool, d| d)
    }

    pub async fn close(&self) {
        on_pool!(self, |pool, _d| pool.close().await)
    }

    /// The user holding an unexpired session, with their company.
    pub async fn user_of_session(
        &self,
        session: &SessionToken,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        let row: Option<SessionRow> = on_pool!(self, |pool, d| {
            sqlx::query_as(&d.sql(&session_user_sql(d)))
                .bind(&session.hash)
                .bind(now)
                .bind(session.origin.as_deref())
                .fetch_optional(pool)
                .await?
        });
        row.map(session_user).transpose()
    }

    /// [`session_exists`] outside a write.
    pub async fn session_exists(&self, session: &SessionToken) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = on_pool!(self, |pool, d| {
            let stmt = match d {
                Dialect::Sqlite => SESSION_EXISTS.sqlite,
                Dialect::Postgres => SESSION_EXISTS.postgres,
            };
            sqlx::query_scalar(&d.sql(stmt))
                .bind(&session.hash)
                .bind(session.origin.as_deref())
                .fetch_optional(pool)
                .await?
        });
        Ok(found.is_some())
    }

    /// For sign-in: the user's ID and password hash, by e-mail (any company).
    pub async fn credentials(&self, email: &EmailAddress) -> Result<Option<(i64, String)>, sqlx::Error> {
        on_pool!(self, |pool, d| {
            let sql = match d {
                Dialect::Sqlite => "SELECT id, password_hash FROM users WHERE email = ?",
                Dialect::Postgres => {
                    "SELECT u.id, u.password_hash FROM accounts a \
                     JOIN users u ON u.company_id = a.company_id AND u.id = a.user_id WHERE a.email = ?"
                }
            };
            sqlx::query_as(&d.sql(sql))
                .bind(email.as_str())
                .fetch_optional(pool)
                .await
        })
    }

    /// The user with this address and their company (any company).
    pub async fn credentials_company(&self, email: &EmailAddress) -> Result<Option<(i64, i64)>, sqlx::Error> {
        on_pool!(self, |pool, d| {
            let sql = match d {
                Dialect::Sqlite => "SELECT id, company_id FROM users WHERE email = ?",
                Dialect::Postgres => "SELECT user_id, company_id FROM accounts WHERE email = ?",
            };
            sqlx::query_as(&d.sql(sql))
                .bind(email.as_str())
                .fetch_optional(pool)
                .await
        })
    }

    /// A new session of `user_id` (with `origin`: a partner site's token, EMB-2).
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        origin: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool, d| {
            sqlx::query(&d.sql(CREATE_SESSION))
                .bind(token_hash)
                .bind(now)
                .bind(expires_at)
                .bind(origin)
                .bind(user_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        on_pool!(self, |pool, d| {
            sqlx::query(&d.sql("DELETE FROM sessions WHERE token_hash = ?"))
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The user's password hash (ACC-2 checks the current password against it).
    pub async fn password_hash(&self, user: UserId) -> Result<Option<String>, sqlx::Error> {
        on_pool!(self, |pool, d| {
            sqlx::query_scalar(&d.sql("SELECT password_hash FROM users WHERE id = ?"))
                .bind(user.0)
                .fetch_optional(pool)
                .await
        })
    }

    /// The company's user directory, by name.
    pub async fn directory(&self, company_id: i64) -> Result<Vec<User>, sqlx::Error> {
        let (rows,): (String,) = on_pool!(self, |pool, d| {
            let sql = format!(
                "SELECT '[' || coalesce({}, '') || ']' FROM \
                 (SELECT {} AS j FROM users u WHERE u.company_id = ?) AS x",
                d.join("j", "','"),
                d.user_json()
            );
            sqlx::query_as(&d.sql(&sql))
                .bind(company_id)
                .fetch_one(pool)
                .await?
        });
        users_by_name(from_json(&rows)?)
    }

    /// The company's name and offer, as the top bar shows them.
    pub async fn company_summary(
        &self,
        company_id: i64,
    ) -> Result<benefits_domain::wire::Company, sqlx::Error> {
        let (name, email, currency, offers, equivalent): CompanyColumns = on_pool!(self, |pool, d| {
            sqlx::query_as(&d.sql(
                "SELECT name, account_email, currency, offers, usd_100_equivalent FROM companies WHERE id = ?",
            ))
            .bind(company_id)
            .fetch_one(pool)
            .await?
        });
        let company = company_from_row(
            company_id,
            name,
            (&email, &currency, &offers, equivalent.as_deref()),
        )?;
        let level = company
            .offers
            .iter()
            .map(|o| o.offer)
            .max_by_key(|o| o.rank())
            .ok_or_else(|| decode_error("a company without offers"))?;
        Ok(benefits_domain::wire::Company {
            id: company.id,
            name: company.name,
            offer: level,
        })
    }

    /// The company's Visual Studio subscriptions (the list page and its API).
    pub async fn visual_studio_subscriptions(
        &self,
        company_id: i64,
    ) -> Result<Vec<benefits_domain::visual_studio::VisualStudioSubscription>, sqlx::Error> {
        let (bodies,): (String,) = on_pool!(self, |pool, d| {
            let sql = format!(
                "SELECT '[' || coalesce({}, '') || ']' FROM benefits WHERE company_id = ? AND kind = ?",
                d.join("body", "',' ORDER BY id")
            );
            sqlx::query_as(&d.sql(&sql))
                .bind(company_id)
                .bind(kind_key(BenefitKind::VisualStudioSubscription))
                .fetch_one(pool)
                .await?
        });
        from_json(&bodies)
    }

    /// The parts of a company's workspace, outside a write.
    pub async fn load_parts(&self, company_id: i64, parts: Parts) -> Result<Workspace, sqlx::Error> {
        match self {
            Store::Sqlite(store) => {
                let mut conn = store.pool.acquire().await?;
                load::load_parts(&mut conn, company_id, parts, None).await
            }
            Store::Postgres(store) => {
                let mut conn = store.pool.acquire().await?;
                load::load_parts_postgres(&mut conn, company_id, parts, None).await
            }
        }
    }

    /// Everything of one company, as the domain works on it.
    pub async fn load_workspace(&self, company_id: i64) -> Result<Workspace, sqlx::Error> {
        self.load_parts(company_id, Parts::ALL).await
    }

    /// What [`WorkspaceView::of`](benefits_domain::wire::WorkspaceView::of) needs of a company.
    pub async fn load_for_view(&self, company_id: i64) -> Result<Workspace, sqlx::Error> {
        self.load_parts(company_id, Parts::VIEW).await
    }

    /// A number the SQL answers (counts, IDs), `?` placeholders; tests and commands.
    pub async fn fetch_i64(&self, sql: &str, args: Vec<Arg>) -> Result<Option<i64>, sqlx::Error> {
        on_pool!(self, |pool, d| {
            let sql = d.sql(sql);
            let row = crate::bind_args!(sqlx::query(&sql), args)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Some(sqlx::Row::try_get::<i64, _>(&row, 0)).transpose(),
                None => Ok(None),
            }
        })
    }

    /// Runs one statement (`?` placeholders); the rows it changed.
    pub async fn run(&self, sql: &str, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        on_pool!(self, |pool, d| {
            let sql = d.sql(sql);
            Ok(crate::bind_args!(sqlx::query(&sql), args)
                .execute(pool)
                .await?
                .rows_affected())
        })
    }
}

/// A new session: token, created, expires, origin, then the user (whose company it takes).
pub const CREATE_SESSION: &str =
    "INSERT INTO sessions (token_hash, company_id, user_id, created_at, expires_at, origin) \
     SELECT ?, u.company_id, u.id, ?, ?, ? FROM users u WHERE u.id = ?";

impl Store {
    /// One page of the company's audit log (every matching line when `all_pages`), newest
    /// first, with the number of matching lines and the names of the people removed (ACC-4:
    /// the lines still name who held what).
    pub async fn audit_page(
        &self,
        company_id: i64,
        query: &AuditQuery,
        all_pages: bool,
    ) -> Result<(Vec<AuditEntry>, u64, Vec<(UserId, String)>), sqlx::Error> {
        // The filters, shared by the count and the page.
        let mut filter = String::from(" FROM audit_events WHERE company_id = ?");
        let mut args = vec![Arg::from(company_id)];
        if let Some(person) = query.person {
            filter.push_str(" AND actor_id = ?");
            args.push(Arg::from(person));
        }
        if let Some(area) = &query.area {
            // An unknown area matches nothing (an empty IN list is not valid SQL).
            let actions: Vec<&str> = actions_of_area(area).into_iter().chain([""]).collect();
            filter.push_str(&format!(
                " AND action IN ({})",
                vec!["?"; actions.len()].join(", ")
            ));
            args.extend(actions.into_iter().map(Arg::from));
        }
        if let Some(from) = query.from {
            filter.push_str(" AND at >= ?");
            args.push(Arg::from(from.and_time(NaiveTime::MIN).and_utc()));
        }
        if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
            filter.push_str(" AND at < ?");
            args.push(Arg::from(to.and_time(NaiveTime::MIN).and_utc()));
        }
        let count_sql = format!("SELECT count(*){filter}");
        let mut page_sql =
            format!("SELECT actor_id, action, subject, before, after, at{filter} ORDER BY id DESC");
        let mut page_args = args.clone();
        if !all_pages {
            let per_page = i64::from(query.per_page());
            page_sql.push_str(" LIMIT ? OFFSET ?");
            page_args.push(Arg::from(per_page));
            page_args.push(Arg::from((i64::from(query.page()) - 1).saturating_mul(per_page)));
        }
        type Row = (i64, String, String, Option<String>, Option<String>, DateTime<Utc>);
        type Names = Vec<(i64, String)>;
        let (total, rows, mut names, former): (i64, Vec<Row>, Names, Names) = on_pool!(self, |pool, d| {
            let count_sql = d.sql(&count_sql);
            let total = crate::bind_args!(sqlx::query_scalar(&count_sql), args)
                .fetch_one(pool)
                .await?;
            let page_sql = d.sql(&page_sql);
            let rows = crate::bind_args!(sqlx::query_as(&page_sql), page_args)
                .fetch_all(pool)
                .await?;
            // ACC-4: people removed are still named.
            let names = sqlx::query_as(&d.sql("SELECT id, display_name FROM users WHERE company_id = ?"))
                .bind(company_id)
                .fetch_all(pool)
                .await?;
            let former = sqlx::query_as(
                &d.sql("SELECT id, display_name FROM former_users WHERE company_id = ? ORDER BY id"),
            )
            .bind(company_id)
            .fetch_all(pool)
            .await?;
            (total, rows, names, former)
        });
        names.extend(former.iter().cloned());
        let name_of = |id: i64| {
            names
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| format!("#{id}"))
        };
        let entries = rows
            .into_iter()
            .map(|(actor, action, subject, before, after, at)| {
                Ok(AuditEntry {
                    actor: UserId(actor),
                    actor_name: name_of(actor),
                    area: area_of_action(&action).to_string(),
                    action,
                    subject,
                    before: before.as_deref().map(from_json).transpose()?,
                    after: after.as_deref().map(from_json).transpose()?,
                    at,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let former = former.into_iter().map(|(id, name)| (UserId(id), name)).collect();
        Ok((entries, total.max(0) as u64, former))
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn postgres_numbers_the_placeholders_but_not_a_question_mark_in_a_string() {
        assert_eq!(
            Dialect::Postgres.sql("SELECT ? WHERE a = '?' AND b = ?"),
            "SELECT $1 WHERE a = '?' AND b = $2"
        );
        assert_eq!(Dialect::Sqlite.sql("SELECT ?"), "SELECT ?");
    }
}
