//! Reads and writes of the database. Every function that touches company data takes
//! the company's ID and filters by it: one company never sees another's rows.

use crate::auth::SessionToken;
use benefits_domain::company::Company;
use benefits_domain::history::{actions_of_area, area_of_action, AssignmentRecord, BenefitKind};
use benefits_domain::money::Currency;
use benefits_domain::wire::{AuditEntry, AuditQuery};
use benefits_domain::workspace::{Command, Workspace};
use benefits_domain::{EmailAddress, Role, User, UserId};
use chrono::{DateTime, NaiveTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

type UserRow = (i64, String, String, bool, Option<String>);

const USER_COLUMNS: &str = "u.id, u.display_name, u.email, u.guest, \
     (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id)";

/// [`USER_COLUMNS`] as one JSON array per user, for [`directory`] and [`load_parts`].
/// Big reads come back as one JSON value built inside SQLite: sqlx hands every row from its
/// SQLite thread to the async task separately, and for 10,000 rows those hand-offs cost far
/// more than the query.
const USER_JSON: &str =
    "json_array(u.id, u.display_name, u.email, json(CASE WHEN u.guest THEN 'true' ELSE 'false' END), \
     (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id))";

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

/// The user holding an unexpired session, with their company.
pub async fn user_of_session<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    session: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&session_user_sql())
        .bind(&session.hash)
        .bind(now)
        .bind(session.origin.as_deref())
        .fetch_optional(db)
        .await?;
    row.map(session_user).transpose()
}

/// [`user_of_session`] on the command writer's connection, inside its transaction.
pub fn user_of_session_now(
    db: &rusqlite::Connection,
    session: &SessionToken,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>, sqlx::Error> {
    use rusqlite::OptionalExtension;
    let row: Option<SessionRow> = db
        .prepare_cached(&session_user_sql())
        .and_then(|mut statement| {
            statement
                .query_row(
                    rusqlite::params![session.hash, Arg::from(now), session.origin],
                    |r| SessionRow::try_from(r),
                )
                .optional()
        })
        .map_err(from_rusqlite)?;
    row.map(session_user).transpose()
}

/// A user's columns ([`USER_COLUMNS`]), company and ACC-1 flag.
type SessionRow = (i64, String, String, bool, Option<String>, i64, bool);

fn session_user_sql() -> String {
    format!(
        "SELECT {USER_COLUMNS}, u.company_id, u.must_change_password FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND s.origin IS ?"
    )
}

fn session_user(
    (id, name, email, guest, roles, company_id, must_change_password): SessionRow,
) -> Result<SessionUser, sqlx::Error> {
    Ok(SessionUser {
        user: user_from_row((id, name, email, guest, roles))?,
        company_id,
        must_change_password,
    })
}

/// Whether this session is stored at all, expired or not (with its origin): a site's token
/// that ran out is `token_expired`, not unknown.
pub async fn session_exists(pool: &SqlitePool, session: &SessionToken) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(SESSION_EXISTS)
        .bind(&session.hash)
        .bind(session.origin.as_deref())
        .fetch_one(pool)
        .await
}

/// [`session_exists`] on the command writer's connection.
pub fn session_exists_now(db: &rusqlite::Connection, session: &SessionToken) -> Result<bool, sqlx::Error> {
    db.prepare_cached(SESSION_EXISTS)
        .and_then(|mut statement| {
            statement.query_row(rusqlite::params![session.hash, session.origin], |r| r.get(0))
        })
        .map_err(from_rusqlite)
}

const SESSION_EXISTS: &str = "SELECT EXISTS (SELECT 1 FROM sessions WHERE token_hash = ? AND origin IS ?)";

/// The ID the next new user gets: after the highest of every company (user IDs are unique
/// across companies). Asked inside the command writer's transaction, so no two writes
/// are given the same one.
pub fn next_user_id_now(db: &rusqlite::Connection) -> Result<UserId, sqlx::Error> {
    // A removed person's ID is never given again: the history still names them by it.
    db.prepare_cached(NEXT_USER_ID)
        .and_then(|mut statement| statement.query_row([], |r| r.get(0)))
        .map(UserId)
        .map_err(from_rusqlite)
}

/// The ID the next new benefit gets: after the highest of every company (benefit IDs are
/// unique across companies, so an ID of another company is simply not found). Ask inside
/// the write transaction that inserts it.
pub async fn next_benefit_id(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(NEXT_BENEFIT_ID).fetch_one(conn).await
}

/// [`next_benefit_id`] on the command writer's connection.
pub fn next_benefit_id_now(db: &rusqlite::Connection) -> Result<i64, sqlx::Error> {
    db.prepare_cached(NEXT_BENEFIT_ID)
        .and_then(|mut statement| statement.query_row([], |r| r.get(0)))
        .map_err(from_rusqlite)
}

const NEXT_BENEFIT_ID: &str = "SELECT coalesce(max(id), 0) + 1 FROM benefits";

pub const NEXT_USER_ID: &str =
    "SELECT max(coalesce((SELECT max(id) FROM users), 0), coalesce((SELECT max(id) FROM former_users), 0)) + 1";

/// [`next_user_id_now`] through sqlx (setup, the command line).
pub async fn next_user_id(conn: &mut SqliteConnection) -> Result<UserId, sqlx::Error> {
    sqlx::query_scalar(NEXT_USER_ID).fetch_one(conn).await.map(UserId)
}

/// ACC-1 / ACC-3: statements that give a user a new temporary password and end their sessions.
pub fn temporary_password(writes: &mut Writes, user: UserId, password_hash: &str) {
    writes.add(
        "UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?",
        vec![Arg::from(password_hash), Arg::from(user.0)],
    );
    writes.add("DELETE FROM sessions WHERE user_id = ?", vec![Arg::from(user.0)]);
}

/// ACC-2: the user's own new password; every session but `keep` ends. Only if, inside this
/// write, the password is still the one checked (`checked_hash`) and `keep` is still a live
/// session: a reset or a sign-out that came in meanwhile wins (`false`: nothing changed).
pub async fn change_password(
    conn: &mut SqliteConnection,
    user: UserId,
    checked_hash: &str,
    new_hash: &str,
    keep: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ? AND password_hash = ? \
         AND EXISTS (SELECT 1 FROM sessions WHERE token_hash = ? AND user_id = users.id AND expires_at > ?)",
    )
    .bind(new_hash)
    .bind(user.0)
    .bind(checked_hash)
    .bind(keep)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")
        .bind(user.0)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// The user's password hash (ACC-2 checks the current password against it).
pub async fn password_hash(pool: &SqlitePool, user: UserId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(user.0)
        .fetch_optional(pool)
        .await
}

/// The company's user directory, by name.
pub async fn directory(conn: &mut SqliteConnection, company_id: i64) -> Result<Vec<User>, sqlx::Error> {
    let sql = format!(
        "SELECT '[' || coalesce(group_concat(j, ','), '') || ']' FROM \
         (SELECT {USER_JSON} AS j FROM users u WHERE u.company_id = ?)"
    );
    let (rows,): (String,) = sqlx::query_as(&sql).bind(company_id).fetch_one(conn).await?;
    users_by_name(from_json(&rows)?)
}

/// Users as every list shows them at first: by name, then ID (sorted here, not in SQL:
/// see [`load_parts`]). Byte order, as SQLite's `ORDER BY` had it.
fn users_by_name(rows: Vec<UserRow>) -> Result<Vec<User>, sqlx::Error> {
    let mut users = rows
        .into_iter()
        .map(user_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    users.sort_unstable_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(users)
}

/// For sign-in: the user's ID and password hash, by e-mail (any company).
pub async fn credentials(
    pool: &SqlitePool,
    email: &EmailAddress,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?")
        .bind(email.as_str())
        .fetch_optional(pool)
        .await
}

/// The user with this address and their company (any company).
pub async fn credentials_company(
    pool: &SqlitePool,
    email: &EmailAddress,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, company_id FROM users WHERE email = ?")
        .bind(email.as_str())
        .fetch_optional(pool)
        .await
}

/// Whether any user of any company has this address.
const EMAIL_IN_USE: &str = "SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)";

/// [`EMAIL_IN_USE`], on the command writer's connection (`api::commands`).
pub fn email_in_use_now(db: &rusqlite::Connection, email: &EmailAddress) -> Result<bool, sqlx::Error> {
    db.prepare_cached(EMAIL_IN_USE)
        .and_then(|mut statement| statement.query_row([email.as_str()], |r| r.get(0)))
        .map_err(from_rusqlite)
}

pub async fn create_session<'e>(
    pool: impl sqlx::SqliteExecutor<'e>,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &SqlitePool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
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

pub async fn record_audit(conn: &mut SqliteConnection, event: AuditEvent<'_>) -> Result<(), sqlx::Error> {
    let mut writes = Writes::default();
    writes.audit(event);
    writes.execute(conn).await
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

/// The company's name and offer, as the top bar shows them.
pub async fn company_summary(
    conn: &mut SqliteConnection,
    company_id: i64,
) -> Result<benefits_domain::wire::Company, sqlx::Error> {
    let company = company(conn, company_id).await?;
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

async fn company(conn: &mut SqliteConnection, company_id: i64) -> Result<Company, sqlx::Error> {
    let (name, email, currency, offers, equivalent): CompanyColumns = sqlx::query_as(
        "SELECT name, account_email, currency, offers, usd_100_equivalent FROM companies WHERE id = ?",
    )
    .bind(company_id)
    .fetch_one(&mut *conn)
    .await?;
    company_from_row(
        company_id,
        name,
        (&email, &currency, &offers, equivalent.as_deref()),
    )
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

/// Creates a company's row (seeding and tests); its benefits follow with [`save_changes`].
pub async fn insert_company(conn: &mut SqliteConnection, company: &Company) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO companies (id, name, account_email, currency, offers, usd_100_equivalent) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(company.id)
    .bind(&company.name)
    .bind(company.account_email.as_str())
    .bind(company.currency.code())
    .bind(to_json(&company.offers)?)
    .bind(company.usd_100_equivalent.as_ref().map(to_json).transpose()?)
    .execute(conn)
    .await?;
    Ok(())
}

/// Which benefits a read loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Benefits {
    All,
    None,
    /// Every benefit of one kind.
    Kind(BenefitKind),
    /// One benefit.
    One(BenefitKind, i64),
}

/// The parts of a company's workspace a command needs. Writes load only these, so a
/// write costs the same with 1,000 or 100,000 assignments in the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    pub benefits: Benefits,
    /// Every user (else: users with a role — whom to ask, ROLE-6/7 — plus `user`).
    pub all_users: bool,
    pub user: Option<UserId>,
    pub key_reveals: bool,
    pub advisory_requests: bool,
    pub cancellations: bool,
    /// The assignment history of the loaded benefits.
    pub history: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        benefits: Benefits::All,
        all_users: true,
        user: None,
        key_reveals: true,
        advisory_requests: true,
        cancellations: true,
        history: true,
    };

    /// What the workspace view shows (`WorkspaceView::of`): all but the assignment history,
    /// which is as long as the benefits list again and the view never reads.
    pub const VIEW: Parts = Parts {
        history: false,
        ..Parts::ALL
    };

    /// What `command` reads and changes (see `Workspace::check` / `apply`).
    pub fn for_command(command: &Command) -> Parts {
        let none = Parts {
            benefits: Benefits::None,
            all_users: false,
            user: None,
            key_reveals: false,
            advisory_requests: false,
            cancellations: false,
            history: false,
        };
        match command {
            Command::RevealSoftwareKeys { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::Software),
                key_reveals: true,
                ..none
            },
            // AZ-6 looks at every credit of the company.
            Command::AssignAzureCredit { user_id, .. } | Command::TransferAzureCredit { user_id, .. } => {
                Parts {
                    benefits: Benefits::Kind(BenefitKind::AzureCredit),
                    user: Some(*user_id),
                    history: true,
                    ..none
                }
            }
            Command::RemoveAzureCredit { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::AzureCredit),
                history: true,
                ..none
            },
            Command::RedeemProductKey { subscription_id, .. }
            | Command::RequestReplacementKey { subscription_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::LicenceSubscription, *subscription_id),
                ..none
            },
            Command::AssignVisualStudioSubscriber {
                subscription_id,
                user_id,
            }
            | Command::ReassignVisualStudioSubscriber {
                subscription_id,
                user_id,
            } => Parts {
                benefits: Benefits::One(BenefitKind::VisualStudioSubscription, *subscription_id),
                user: Some(*user_id),
                history: true,
                ..none
            },
            Command::ActivateProductSupport { support_id, contact } => Parts {
                benefits: Benefits::One(BenefitKind::ProductSupport, *support_id),
                user: contact.as_ref().map(|c| c.user),
                ..none
            },
            Command::SubmitAdvisoryRequest { .. } => Parts {
                advisory_requests: true,
                ..none
            },
            Command::SetMarketingContact { contact } => Parts {
                user: Some(contact.user),
                ..none
            },
            Command::ActivateGoToMarketOffer { offer_id } => Parts {
                benefits: Benefits::One(BenefitKind::GoToMarketOffer, *offer_id),
                ..none
            },
            Command::RequestCancellation { .. } => Parts {
                benefits: Benefits::Kind(BenefitKind::Software),
                key_reveals: true,
                cancellations: true,
                ..none
            },
            // The new user's ID and the unique address are the database's to answer
            // (`next_user_id_now`, `email_in_use_now`): only the actor and whom to ask.
            Command::AddUser { .. } => none,
            Command::SetRoles { user_id, .. } | Command::ResetPassword { user_id } => Parts {
                user: Some(*user_id),
                ..none
            },
            // ACC-4: what they hold (credits, subscriptions) and its history.
            Command::RemoveUser { user_id } => Parts {
                benefits: Benefits::All,
                user: Some(*user_id),
                history: true,
                ..none
            },
            Command::RecordSupportConfirmation { support_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::ProductSupport, *support_id),
                ..none
            },
            Command::RecordGoToMarketActivation { offer_id, .. } => Parts {
                benefits: Benefits::One(BenefitKind::GoToMarketOffer, *offer_id),
                ..none
            },
            // OFR-3 extends every benefit of the offer.
            Command::RenewOffer { .. } => Parts {
                benefits: Benefits::All,
                ..none
            },
            // OFR-1: the new benefits' IDs are the database's (`next_benefit_id_now`).
            Command::AddOffer { .. } => none,
            Command::SetCreditEquivalent { .. } => none,
        }
    }
}

/// The company's Visual Studio subscriptions (the list page and its API).
pub async fn visual_studio_subscriptions(
    conn: &mut SqliteConnection,
    company_id: i64,
) -> Result<Vec<benefits_domain::visual_studio::VisualStudioSubscription>, sqlx::Error> {
    let (bodies,): (String,) = sqlx::query_as(
        "SELECT '[' || coalesce(group_concat(body, ',' ORDER BY id), '') || ']' FROM benefits \
         WHERE company_id = ? AND kind = ?",
    )
    .bind(company_id)
    .bind(kind_key(BenefitKind::VisualStudioSubscription))
    .fetch_one(conn)
    .await?;
    from_json(&bodies)
}

/// Everything of one company, as the domain works on it.
pub async fn load_workspace(conn: &mut SqliteConnection, company_id: i64) -> Result<Workspace, sqlx::Error> {
    load_parts(conn, company_id, Parts::ALL, None).await
}

/// What [`WorkspaceView::of`](benefits_domain::wire::WorkspaceView::of) needs of a company.
pub async fn load_for_view(conn: &mut SqliteConnection, company_id: i64) -> Result<Workspace, sqlx::Error> {
    load_parts(conn, company_id, Parts::VIEW, None).await
}

/// ` AND kind = ? [AND <id_column> = ?]`: the benefits (or their history) a read loads.
fn push_benefit_filter(query: &mut Query, benefits: Benefits, id_column: &str) {
    match benefits {
        Benefits::All | Benefits::None => {}
        Benefits::Kind(kind) => {
            query.push_bind(" AND kind = ", kind_key(kind));
        }
        Benefits::One(kind, id) => {
            query.push_bind(" AND kind = ", kind_key(kind));
            query.push_bind(&format!(" AND {id_column} = "), id);
        }
    }
}

/// SQL with `?` placeholders and their values in order, run by sqlx ([`Query::sqlx`]) or on
/// the writer's own connection ([`Query::now`]).
#[derive(Default)]
pub struct Query {
    sql: String,
    args: Vec<Arg>,
}

impl Query {
    fn push(&mut self, sql: &str) -> &mut Query {
        self.sql.push_str(sql);
        self
    }

    /// `sql` followed by a placeholder for `value`.
    fn push_bind(&mut self, sql: &str, value: impl Into<Arg>) -> &mut Query {
        self.sql.push_str(sql);
        self.sql.push('?');
        self.args.push(value.into());
        self
    }

    fn sqlx(&self) -> sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments<'_>> {
        bind_all(sqlx::query(&self.sql), self.args.iter().cloned())
    }
}

/// `args` bound to `query` in order.
fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    args: impl IntoIterator<Item = Arg>,
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(v),
            Arg::OptionalInt(v) => query.bind(v),
            Arg::Text(v) => query.bind(v),
            Arg::OptionalText(v) => query.bind(v),
            Arg::Bool(v) => query.bind(v),
            Arg::Time(v) => query.bind(v),
            Arg::OptionalTime(v) => query.bind(v),
        };
    }
    query
}

/// One kind's benefits as [`load_parts`] reads them: `{"kind": "<BenefitKind>", "bodies": […]}`.
/// The variants are `BenefitKind`'s, named the same way (a test checks every kind).
#[derive(Deserialize)]
#[serde(tag = "kind", content = "bodies", rename_all = "snake_case")]
enum BenefitsOfKind {
    Software(Vec<benefits_domain::software::SoftwareBenefit>),
    AzureCredit(Vec<benefits_domain::azure::AzureCredit>),
    LicenceSubscription(Vec<benefits_domain::licences::LicenceSubscription>),
    VisualStudioSubscription(Vec<benefits_domain::visual_studio::VisualStudioSubscription>),
    ProductSupport(Vec<benefits_domain::technical::ProductSupport>),
    GoToMarketOffer(Vec<benefits_domain::go_to_market::GoToMarketOffer>),
}

/// The parts of a company's workspace; the rest stays empty. `actor` is always loaded.
///
/// One query whatever the parts: the company row with every other part as JSON in a column
/// (users, history, key reveals, advisory requests, cancellations, benefits by kind). Each
/// query is a hand-off between sqlx's SQLite thread and the request, and a write waits for
/// its loads inside the writer's transaction.
pub async fn load_parts(
    conn: &mut SqliteConnection,
    company_id: i64,
    parts: Parts,
    actor: Option<UserId>,
) -> Result<Workspace, sqlx::Error> {
    let query = parts_query(company_id, parts, actor);
    let row = CompanyRow::from_row(&query.sqlx().fetch_one(&mut *conn).await?)?;
    workspace_of(company_id, row)
}

/// [`load_parts`] on the command writer's own connection (see `api::commands`).
pub fn load_parts_now(
    db: &rusqlite::Connection,
    company_id: i64,
    parts: Parts,
    actor: Option<UserId>,
) -> Result<Workspace, sqlx::Error> {
    let query = parts_query(company_id, parts, actor);
    let row: CompanyRow = db
        .prepare_cached(&query.sql)
        .and_then(|mut statement| {
            statement.query_row(rusqlite::params_from_iter(&query.args), |r| {
                CompanyRow::try_from(r)
            })
        })
        .map_err(from_rusqlite)?;
    workspace_of(company_id, row)
}

/// The company's columns, then users, history, key reveals, advisory requests,
/// cancellations and benefits by kind as JSON (NULL: not loaded).
type CompanyRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The one query of [`load_parts`].
fn parts_query(company_id: i64, parts: Parts, actor: Option<UserId>) -> Query {
    // Every column but the company's is `'[…]'` or NULL (part not wanted).
    let json_array = |rows: &str| {
        format!("(SELECT '[' || coalesce(group_concat(j, ',' ORDER BY o), '') || ']' FROM ({rows}))")
    };
    // The big lists (users, benefits) come unordered and are sorted here: an aggregate's
    // ORDER BY makes SQLite copy every row into a temporary b-tree first (a third of the
    // time of a 10,000-user workspace).
    let unordered_json_array =
        |rows: &str| format!("(SELECT '[' || coalesce(group_concat(j, ','), '') || ']' FROM ({rows}))");
    let mut query = Query::default();
    query.push(
        "SELECT c.name, c.account_email, c.currency, c.offers, c.usd_100_equivalent, c.advisory_hours_used, \
         c.marketing_contact, ",
    );
    if parts.all_users {
        query.push(&unordered_json_array(&format!(
            "SELECT {USER_JSON} AS j FROM users u WHERE u.company_id = c.id"
        )));
    } else {
        // Users with a role (whom to ask, ROLE-6/7), the actor and the command's user.
        // `+company_id`: look these few up by ID; the company's index would walk all of
        // its users (1.4 ms of every write at 10,000 users).
        query.push_bind(
            &format!(
                "(SELECT '[' || coalesce(group_concat(j, ','), '') || ']' FROM (\
                 SELECT {USER_JSON} AS j FROM users u WHERE +u.company_id = c.id AND u.id IN (SELECT "
            ),
            actor.map_or(0, |a| a.0),
        );
        query.push_bind(" UNION SELECT ", parts.user.map_or(0, |u| u.0));
        query.push(" UNION SELECT r.user_id FROM user_roles r)))");
    }
    query.push(", ");
    if parts.history && parts.benefits != Benefits::None {
        query.push(
            "(SELECT '[' || coalesce(group_concat(json_array(kind, benefit_id, user_id, assigned_at, removed_at), ',' \
             ORDER BY position), '') || ']' FROM assignment_history WHERE company_id = c.id",
        );
        push_benefit_filter(&mut query, parts.benefits, "benefit_id");
        query.push(")");
    } else {
        query.push("NULL");
    }
    let wanted = |wanted: bool, rows: &str| if wanted { json_array(rows) } else { "NULL".into() };
    query.push(", ").push(&wanted(
        parts.key_reveals,
        "SELECT body AS j, position AS o FROM key_reveals WHERE company_id = c.id",
    ));
    query.push(", ").push(&wanted(
        parts.advisory_requests,
        "SELECT json_array(number, json(body)) AS j, id AS o FROM advisory_requests WHERE company_id = c.id",
    ));
    query.push(", ").push(&wanted(
        parts.cancellations,
        "SELECT body AS j, local_id AS o FROM cancellations WHERE company_id = c.id",
    ));
    query.push(", ");
    // The benefits: per kind, `{"kind": …, "bodies": […]}` (see `BenefitsOfKind`).
    if parts.benefits == Benefits::None {
        query.push("NULL");
    } else {
        query.push(
            "(SELECT '[' || coalesce(group_concat('{\"kind\":\"' || kind || '\",\"bodies\":' || bodies || '}', ','), '') || ']' \
             FROM (SELECT kind, '[' || group_concat(body, ',') || ']' AS bodies FROM benefits \
             WHERE company_id = c.id",
        );
        push_benefit_filter(&mut query, parts.benefits, "id");
        query.push(" GROUP BY kind))");
    }
    query.push_bind(" FROM companies c WHERE c.id = ", company_id);
    query
}

/// A [`CompanyRow`] as the domain's workspace (the parts not loaded stay empty).
fn workspace_of(company_id: i64, row: CompanyRow) -> Result<Workspace, sqlx::Error> {
    let (
        name,
        email,
        currency,
        offers,
        equivalent,
        hours,
        contact,
        users,
        history,
        reveals,
        advisory,
        cancellations,
        benefits,
    ) = row;
    let company = company_from_row(
        company_id,
        name,
        (&email, &currency, &offers, equivalent.as_deref()),
    )?;
    let users: Vec<UserRow> = from_json(&users)?;
    type HistoryRow = (String, i64, i64, DateTime<Utc>, Option<DateTime<Utc>>);
    let history: Vec<HistoryRow> = history.as_deref().map(from_json).transpose()?.unwrap_or_default();
    let mut ws = Workspace {
        company,
        directory: users_by_name(users)?,
        software: vec![],
        key_reveals: reveals.as_deref().map(from_json).transpose()?.unwrap_or_default(),
        credits: vec![],
        licences: vec![],
        visual_studio: vec![],
        support: vec![],
        advisory_hours_used: u32::try_from(hours).map_err(|_| decode_error("advisory hours"))?,
        advisory_requests: advisory
            .as_deref()
            .map(from_json)
            .transpose()?
            .unwrap_or_default(),
        marketing_contact: contact.as_deref().map(from_json).transpose()?,
        go_to_market: vec![],
        cancellations: cancellations
            .as_deref()
            .map(from_json)
            .transpose()?
            .unwrap_or_default(),
        history: history
            .into_iter()
            .map(|(kind, benefit_id, user, assigned_at, removed_at)| {
                Ok(AssignmentRecord {
                    kind: from_json(&format!("\"{kind}\""))?,
                    benefit_id,
                    user: UserId(user),
                    assigned_at,
                    removed_at,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
    };
    let benefits: Vec<BenefitsOfKind> = benefits
        .as_deref()
        .map(from_json)
        .transpose()?
        .unwrap_or_default();
    // Each kind in ID order (they came unordered, see above).
    macro_rules! by_id {
        ($all:ident) => {{
            let mut all = $all;
            all.sort_unstable_by_key(|b| b.id);
            all
        }};
    }
    for of_kind in benefits {
        match of_kind {
            BenefitsOfKind::Software(all) => ws.software = by_id!(all),
            BenefitsOfKind::AzureCredit(all) => ws.credits = by_id!(all),
            BenefitsOfKind::LicenceSubscription(all) => ws.licences = by_id!(all),
            BenefitsOfKind::VisualStudioSubscription(all) => ws.visual_studio = by_id!(all),
            BenefitsOfKind::ProductSupport(all) => ws.support = by_id!(all),
            BenefitsOfKind::GoToMarketOffer(all) => ws.go_to_market = by_id!(all),
        }
    }
    Ok(ws)
}

/// A value bound to a statement of [`Writes`] or a [`Query`].
#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    OptionalInt(Option<i64>),
    Text(String),
    OptionalText(Option<String>),
    Bool(bool),
    Time(DateTime<Utc>),
    OptionalTime(Option<DateTime<Utc>>),
}

/// As sqlx binds them, so the writer's rows read the same as any other: booleans as 0/1,
/// times as RFC 3339 text with `+00:00`.
impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value};
        let time = |t: &DateTime<Utc>| Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false));
        Ok(match self {
            Arg::Int(v) => ToSqlOutput::from(*v),
            Arg::OptionalInt(v) => v.map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from),
            Arg::Text(v) => ToSqlOutput::from(v.as_str()),
            Arg::OptionalText(v) => v
                .as_deref()
                .map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from),
            Arg::Bool(v) => ToSqlOutput::from(i64::from(*v)),
            Arg::Time(v) => ToSqlOutput::Owned(time(v)),
            Arg::OptionalTime(v) => ToSqlOutput::Owned(v.as_ref().map_or(Value::Null, time)),
        })
    }
}

/// A failure of the writer's connection, as the rest of the store reports failures.
pub fn from_rusqlite(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Protocol(format!("sqlite: {error}"))
}

/// `Arg::from(value)` for each type a statement binds.
macro_rules! arg_from {
    ($($from:ty => |$v:ident| $arg:expr),* $(,)?) => {
        $(impl From<$from> for Arg {
            fn from($v: $from) -> Arg {
                $arg
            }
        })*
    };
}

arg_from! {
    i64 => |v| Arg::Int(v),
    Option<i64> => |v| Arg::OptionalInt(v),
    String => |v| Arg::Text(v),
    &String => |v| Arg::Text(v.clone()),
    &str => |v| Arg::Text(v.to_string()),
    Option<String> => |v| Arg::OptionalText(v),
    bool => |v| Arg::Bool(v),
    DateTime<Utc> => |v| Arg::Time(v),
    Option<DateTime<Utc>> => |v| Arg::OptionalTime(v),
}

/// Statements collected to be sent together. Each `execute` is a hand-off to sqlx's SQLite
/// thread and back, and a write's statements wait inside the writer's transaction: a
/// command's changes and its audit line go in one hand-off instead of one each.
#[derive(Default)]
pub struct Writes {
    statements: Vec<(&'static str, Vec<Arg>)>,
}

/// Statements per hand-off at most: a seed of 100,000 benefits goes in pieces, and a
/// command's few statements stay one cached, prepared batch.
const STATEMENTS_PER_BATCH: usize = 32;

impl Writes {
    /// `sql` has one `?` per argument.
    pub fn add(&mut self, sql: &'static str, args: Vec<Arg>) {
        debug_assert_eq!(sql.matches('?').count(), args.len(), "{sql}");
        self.statements.push((sql, args));
    }

    /// The audit line of a change ([`record_audit`]).
    pub fn audit(&mut self, event: AuditEvent<'_>) {
        self.add(
            "INSERT INTO audit_events (company_id, actor_id, action, subject, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                Arg::from(event.company_id),
                Arg::from(event.actor.0),
                Arg::from(event.action),
                Arg::from(event.subject),
                Arg::from(event.before.map(|v| v.to_string())),
                Arg::from(event.after.map(|v| v.to_string())),
                Arg::from(event.at),
            ],
        );
    }

    /// Runs the statements in order, in batches of [`STATEMENTS_PER_BATCH`].
    pub async fn execute(self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        let mut statements = self.statements.into_iter().peekable();
        while statements.peek().is_some() {
            let batch: Vec<_> = statements.by_ref().take(STATEMENTS_PER_BATCH).collect();
            let sql = batch.iter().map(|(sql, _)| *sql).collect::<Vec<_>>().join(";\n");
            bind_all(sqlx::query(&sql), batch.into_iter().flat_map(|(_, args)| args))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// [`Writes::execute`] on the command writer's own connection: no hand-offs; each
    /// statement is prepared once per group (rusqlite's cache lives as long as `db`).
    pub fn execute_now(self, db: &rusqlite::Connection) -> Result<(), sqlx::Error> {
        for (sql, args) in self.statements {
            db.prepare_cached(sql)
                .and_then(|mut statement| statement.execute(rusqlite::params_from_iter(&args)))
                .map_err(from_rusqlite)?;
        }
        Ok(())
    }
}

/// Writes the benefits of one kind that are new or changed.
fn plan_benefits<T: Serialize + PartialEq>(
    writes: &mut Writes,
    company_id: i64,
    kind: BenefitKind,
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> (i64, i64, Option<i64>),
) -> Result<(), sqlx::Error> {
    // By ID, so a write to a company with 100,000 benefits is not 100,000² comparisons.
    let before: std::collections::HashMap<i64, &T> = before.iter().map(|b| (key(b).0, b)).collect();
    for item in after {
        let (id, version, holder) = key(item);
        if before.get(&id).is_some_and(|b| *b == item) {
            continue;
        }
        writes.add(
"INSERT INTO benefits (id, company_id, kind, version, holder_id, body) VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET version = excluded.version, holder_id = excluded.holder_id, \
             body = excluded.body WHERE benefits.company_id = excluded.company_id",
 vec![Arg::from(id), Arg::from(company_id), Arg::from(kind_key(kind)), Arg::from(version), Arg::from(holder), Arg::from(to_json(item)?)],
);
    }
    Ok(())
}

/// Persists what changed between `before` and `after` (the same company).
/// New users get `new_user_password_hash`.
pub async fn save_changes(
    conn: &mut SqliteConnection,
    before: &Workspace,
    after: &Workspace,
    new_user_password_hash: &str,
) -> Result<(), sqlx::Error> {
    let mut writes = Writes::default();
    writes.changes(before, after, new_user_password_hash)?;
    writes.execute(conn).await
}

impl Writes {
    /// The statements that store what changed between `before` and `after` (the same company).
    /// New users get `new_user_password_hash`.
    pub fn changes(
        &mut self,
        before: &Workspace,
        after: &Workspace,
        new_user_password_hash: &str,
    ) -> Result<(), sqlx::Error> {
        let company_id = after.company.id;
        // OFR-1 / OFR-3: an offer added or renewed.
        if before.company.offers != after.company.offers {
            self.add(
                "UPDATE companies SET offers = ? WHERE id = ?",
                vec![Arg::from(to_json(&after.company.offers)?), Arg::from(company_id)],
            );
        }
        // AZ-1: the equivalent of USD 100 recorded.
        if before.company.usd_100_equivalent != after.company.usd_100_equivalent {
            let equivalent = after
                .company
                .usd_100_equivalent
                .as_ref()
                .map(to_json)
                .transpose()?;
            self.add(
                "UPDATE companies SET usd_100_equivalent = ? WHERE id = ?",
                vec![Arg::from(equivalent), Arg::from(company_id)],
            );
        }
        if before.advisory_hours_used != after.advisory_hours_used
            || before.marketing_contact != after.marketing_contact
        {
            self.add(
                "UPDATE companies SET advisory_hours_used = ?, marketing_contact = ? WHERE id = ?",
                vec![
                    Arg::from(i64::from(after.advisory_hours_used)),
                    Arg::from(after.marketing_contact.as_ref().map(to_json).transpose()?),
                    Arg::from(company_id),
                ],
            );
        }
        let users_before: std::collections::HashMap<UserId, &User> =
            before.directory.iter().map(|u| (u.id, u)).collect();
        for user in &after.directory {
            match users_before.get(&user.id).copied() {
                Some(old) if old == user => continue,
                Some(_) => {}
                None => {
                    self.add(
"INSERT INTO users (id, company_id, display_name, email, guest, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
 vec![Arg::from(user.id.0), Arg::from(company_id), Arg::from(&user.display_name), Arg::from(user.email.as_str()), Arg::from(user.guest), Arg::from(new_user_password_hash)],
);
                }
            }
            self.add(
                "DELETE FROM user_roles WHERE user_id = ?",
                vec![Arg::from(user.id.0)],
            );
            for role in &user.roles {
                self.add(
                    "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                    vec![Arg::from(user.id.0), Arg::from(role.key())],
                );
            }
        }
        plan_benefits(
            self,
            company_id,
            BenefitKind::Software,
            &before.software,
            &after.software,
            |b| (b.id, 1, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::AzureCredit,
            &before.credits,
            &after.credits,
            |c| (c.id, c.version, c.holder.as_ref().map(|h| h.user.0)),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::LicenceSubscription,
            &before.licences,
            &after.licences,
            |l| (l.id, l.version, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::VisualStudioSubscription,
            &before.visual_studio,
            &after.visual_studio,
            |v| (v.id, v.version, v.assignment.as_ref().map(|a| a.subscriber.0)),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::ProductSupport,
            &before.support,
            &after.support,
            |s| (s.id, s.version, None),
        )?;
        plan_benefits(
            self,
            company_id,
            BenefitKind::GoToMarketOffer,
            &before.go_to_market,
            &after.go_to_market,
            |o| (o.id, o.version, None),
        )?;
        for (position, reveal) in after
            .key_reveals
            .iter()
            .enumerate()
            .skip(before.key_reveals.len())
        {
            self.add(
                "INSERT INTO key_reveals (company_id, position, body) VALUES (?, ?, ?)",
                vec![
                    Arg::from(company_id),
                    Arg::from(position as i64),
                    Arg::from(to_json(reveal)?),
                ],
            );
        }
        for (number, request) in after
            .advisory_requests
            .iter()
            .skip(before.advisory_requests.len())
        {
            self.add(
                "INSERT INTO advisory_requests (company_id, number, body) VALUES (?, ?, ?)",
                vec![
                    Arg::from(company_id),
                    Arg::from(number),
                    Arg::from(to_json(request)?),
                ],
            );
        }
        for request in &after.cancellations {
            if before.cancellations.contains(request) {
                continue;
            }
            self.add(
                "INSERT INTO cancellations (company_id, local_id, body) VALUES (?, ?, ?) \
             ON CONFLICT(company_id, local_id) DO UPDATE SET body = excluded.body",
                vec![
                    Arg::from(company_id),
                    Arg::from(request.id),
                    Arg::from(to_json(request)?),
                ],
            );
        }
        // By identity (kind, benefit, holder, since), not position: a write may have loaded
        // only the history of the benefit it changes.
        let identity = |r: &AssignmentRecord| (r.kind, r.benefit_id, r.user, r.assigned_at);
        let history_before: std::collections::HashMap<_, &AssignmentRecord> =
            before.history.iter().map(|r| (identity(r), r)).collect();
        for record in &after.history {
            match history_before.get(&identity(record)) {
                Some(old) if *old == record => {}
                Some(_) => {
                    self.add(
                        "UPDATE assignment_history SET removed_at = ? WHERE company_id = ? AND kind = ? \
                     AND benefit_id = ? AND user_id = ? AND assigned_at = ?",
                        vec![
                            Arg::from(record.removed_at),
                            Arg::from(company_id),
                            Arg::from(kind_key(record.kind)),
                            Arg::from(record.benefit_id),
                            Arg::from(record.user.0),
                            Arg::from(record.assigned_at),
                        ],
                    );
                }
                None => {
                    self.add(
"INSERT INTO assignment_history (company_id, position, kind, benefit_id, user_id, assigned_at, removed_at) \
                     VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM assignment_history WHERE company_id = ?), \
                     ?, ?, ?, ?, ?)",
 vec![Arg::from(company_id), Arg::from(company_id), Arg::from(kind_key(record.kind)), Arg::from(record.benefit_id), Arg::from(record.user.0), Arg::from(record.assigned_at), Arg::from(record.removed_at)],
);
                }
            }
        }
        // ACC-4: people removed leave last, once what they held names them no more. Their
        // name stays in `former_users`; their roles and sessions go with the row.
        let kept: std::collections::HashSet<UserId> = after.directory.iter().map(|u| u.id).collect();
        for user in before.directory.iter().filter(|u| !kept.contains(&u.id)) {
            self.add(
                "INSERT INTO former_users (id, company_id, display_name, email, removed_at) \
                 SELECT id, company_id, display_name, email, ? FROM users WHERE id = ? AND company_id = ?",
                vec![Arg::from(Utc::now()), Arg::from(user.id.0), Arg::from(company_id)],
            );
            self.add(
                "DELETE FROM users WHERE id = ? AND company_id = ?",
                vec![Arg::from(user.id.0), Arg::from(company_id)],
            );
        }
        Ok(())
    }
}

/// One page of the company's audit log (every matching line when `all_pages`), newest
/// first, with the number of matching lines and the names of the people removed (ACC-4:
/// the lines still name who held what).
pub async fn audit_page(
    conn: &mut SqliteConnection,
    company_id: i64,
    query: &AuditQuery,
    all_pages: bool,
) -> Result<(Vec<AuditEntry>, u64, Vec<(UserId, String)>), sqlx::Error> {
    // The filters, shared by the count and the page.
    fn filtered<'q>(builder: &mut QueryBuilder<'q, Sqlite>, company_id: i64, query: &'q AuditQuery) {
        builder
            .push(" FROM audit_events WHERE company_id = ")
            .push_bind(company_id);
        if let Some(person) = query.person {
            builder.push(" AND actor_id = ").push_bind(person);
        }
        if let Some(area) = &query.area {
            builder.push(" AND action IN (");
            let mut list = builder.separated(", ");
            for action in actions_of_area(area) {
                list.push_bind(action);
            }
            // An unknown area matches nothing (an empty IN list is not valid SQL).
            list.push_bind("");
            builder.push(")");
        }
        if let Some(from) = query.from {
            builder
                .push(" AND at >= ")
                .push_bind(from.and_time(NaiveTime::MIN).and_utc());
        }
        if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
            builder
                .push(" AND at < ")
                .push_bind(to.and_time(NaiveTime::MIN).and_utc());
        }
    }
    let mut count = QueryBuilder::new("SELECT count(*)");
    filtered(&mut count, company_id, query);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;

    let mut page = QueryBuilder::new("SELECT actor_id, action, subject, before, after, at");
    filtered(&mut page, company_id, query);
    page.push(" ORDER BY id DESC");
    if !all_pages {
        let per_page = i64::from(query.per_page());
        page.push(" LIMIT ")
            .push_bind(per_page)
            .push(" OFFSET ")
            .push_bind((i64::from(query.page()) - 1).saturating_mul(per_page));
    }
    type Row = (i64, String, String, Option<String>, Option<String>, DateTime<Utc>);
    let rows: Vec<Row> = page.build_query_as().fetch_all(&mut *conn).await?;
    // ACC-4: people removed are still named.
    let mut names: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, display_name FROM users WHERE company_id = ?")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?;
    let former: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, display_name FROM former_users WHERE company_id = ? ORDER BY id")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_benefit_kind_is_read_back_by_a_load() {
        use BenefitKind::*;
        let kinds = [
            Software,
            AzureCredit,
            LicenceSubscription,
            VisualStudioSubscription,
            ProductSupport,
            GoToMarketOffer,
        ];
        for kind in kinds {
            // A new kind fails to compile here until it is listed above and in `BenefitsOfKind`.
            match kind {
                Software
                | AzureCredit
                | LicenceSubscription
                | VisualStudioSubscription
                | ProductSupport
                | GoToMarketOffer => {}
            }
            let json = format!(r#"{{"kind":"{}","bodies":[]}}"#, kind_key(kind));
            assert!(serde_json::from_str::<BenefitsOfKind>(&json).is_ok(), "{json}");
        }
    }
}
