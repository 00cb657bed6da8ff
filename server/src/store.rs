//! Reads and writes of the database. Every function that touches company data takes
//! the company's ID and filters by it: one company never sees another's rows.

use benefits_domain::benefit::{BenefitType, Offer};
use benefits_domain::visual_studio::{VisualStudioAssignment, VisualStudioProduct, VisualStudioSubscription};
use benefits_domain::wire::Company;
use benefits_domain::{EmailAddress, Role, User, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

type UserRow = (i64, String, String, bool, Option<String>);

const USER_COLUMNS: &str = "u.id, u.display_name, u.email, u.guest, \
     (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id)";

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

/// The user holding an unexpired session, with their company.
pub async fn user_of_session(
    pool: &SqlitePool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(User, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.company_id FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = ? AND s.expires_at > ?"
    );
    let row: Option<(i64, String, String, bool, Option<String>, i64)> = sqlx::query_as(&sql)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await?;
    row.map(|(id, name, email, guest, roles, company_id)| {
        user_from_row((id, name, email, guest, roles)).map(|u| (u, company_id))
    })
    .transpose()
}

/// The company's user directory, by name.
pub async fn directory(conn: &mut SqliteConnection, company_id: i64) -> Result<Vec<User>, sqlx::Error> {
    let sql =
        format!("SELECT {USER_COLUMNS} FROM users u WHERE u.company_id = ? ORDER BY u.display_name, u.id");
    let rows: Vec<UserRow> = sqlx::query_as(&sql).bind(company_id).fetch_all(conn).await?;
    rows.into_iter().map(user_from_row).collect()
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

pub async fn create_session(
    pool: &SqlitePool,
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

pub async fn company(conn: &mut SqliteConnection, company_id: i64) -> Result<Company, sqlx::Error> {
    let (id, name, offer): (i64, String, String) =
        sqlx::query_as("SELECT id, name, offer FROM companies WHERE id = ?")
            .bind(company_id)
            .fetch_one(conn)
            .await?;
    Ok(Company {
        id,
        name,
        offer: Offer::from_key(&offer).ok_or_else(|| decode_error(&offer))?,
    })
}

type SubscriptionRow = (
    i64,
    String,
    String,
    String,
    NaiveDate,
    Option<i64>,
    Option<DateTime<Utc>>,
    i64,
);

const SUBSCRIPTION_COLUMNS: &str =
    "id, product, offer, benefit_type, expires_on, subscriber_id, assigned_at, version";

fn subscription_from_row(row: SubscriptionRow) -> Result<VisualStudioSubscription, sqlx::Error> {
    let (id, product, offer, benefit_type, expires_on, subscriber, assigned_at, version) = row;
    let assignment = match (subscriber, assigned_at) {
        (Some(user), Some(at)) => Some(VisualStudioAssignment {
            subscriber: UserId(user),
            assigned_at: at,
        }),
        _ => None,
    };
    Ok(VisualStudioSubscription {
        id,
        product: VisualStudioProduct::from_key(&product).ok_or_else(|| decode_error(&product))?,
        offer: Offer::from_key(&offer).ok_or_else(|| decode_error(&offer))?,
        benefit_type: BenefitType::from_key(&benefit_type).ok_or_else(|| decode_error(&benefit_type))?,
        expires_on,
        assignment,
        version,
    })
}

pub async fn visual_studio_subscriptions(
    conn: &mut SqliteConnection,
    company_id: i64,
) -> Result<Vec<VisualStudioSubscription>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM visual_studio_subscriptions WHERE company_id = ? ORDER BY id"
    );
    let rows: Vec<SubscriptionRow> = sqlx::query_as(&sql).bind(company_id).fetch_all(conn).await?;
    rows.into_iter().map(subscription_from_row).collect()
}

pub async fn visual_studio_subscription(
    conn: &mut SqliteConnection,
    company_id: i64,
    id: i64,
) -> Result<Option<VisualStudioSubscription>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM visual_studio_subscriptions WHERE company_id = ? AND id = ?"
    );
    let row: Option<SubscriptionRow> = sqlx::query_as(&sql)
        .bind(company_id)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(subscription_from_row).transpose()
}

/// Gives the subscription a new subscriber, closing the previous holder's history row.
/// Only succeeds on the version the caller checked; returns whether it did.
pub async fn set_visual_studio_subscriber(
    conn: &mut SqliteConnection,
    company_id: i64,
    subscription: &VisualStudioSubscription,
    subscriber: UserId,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE visual_studio_subscriptions SET subscriber_id = ?, assigned_at = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
    )
    .bind(subscriber.0)
    .bind(now)
    .bind(company_id)
    .bind(subscription.id)
    .bind(subscription.version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE visual_studio_assignments SET removed_at = ? WHERE subscription_id = ? AND removed_at IS NULL")
        .bind(now)
        .bind(subscription.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO visual_studio_assignments (subscription_id, user_id, assigned_at) VALUES (?, ?, ?)",
    )
    .bind(subscription.id)
    .bind(subscriber.0)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(true)
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
    sqlx::query(
        "INSERT INTO audit_events (company_id, actor_id, action, subject, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event.company_id)
    .bind(event.actor.0)
    .bind(event.action)
    .bind(event.subject)
    .bind(event.before.map(|v| v.to_string()))
    .bind(event.after.map(|v| v.to_string()))
    .bind(event.at)
    .execute(conn)
    .await?;
    Ok(())
}
