//! SET-1: a company of one's own. A server started on an empty database without demo data
//! makes a one-time setup link (its token random, kept only as a SHA-256); the setup page
//! spends it to create the company and its first Global admin. Operators create companies
//! from the command line (`benefits-server admin create-company`).

use crate::auth::hash_token;
use crate::error::ApiError;
use crate::store::{self, Writes};
use benefits_domain::accounts::check_new_password;
use benefits_domain::benefit::Offer;
use benefits_domain::money::Currency;
use benefits_domain::setup::{
    check_new_company, new_company_workspace, FirstAdmin, NewCompany, PurchasedOffer,
};
use benefits_domain::workspace::Workspace;
use benefits_domain::EmailAddress;
use benefits_domain::{Reason, RuleId, UserId, Violation};
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use rand::distributions::{Alphanumeric, DistString};
use sqlx::{SqliteConnection, SqlitePool};

/// A new setup link's token when the database has no company yet (earlier unused links are
/// void: only the newest printed one works); `None` when there is a company already.
pub async fn setup_link_if_empty(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let companies: i64 = sqlx::query_scalar("SELECT count(*) FROM companies")
        .fetch_one(&mut *tx)
        .await?;
    if companies > 0 {
        return Ok(None);
    }
    let token = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32);
    sqlx::query("DELETE FROM setup_links WHERE used_at IS NULL")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO setup_links (token_hash, created_at) VALUES (?, ?)")
        .bind(hash_token(&token))
        .bind(Utc::now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(token))
}

fn link_used() -> ApiError {
    Violation::new(RuleId::Set1, Reason::SetupLinkUsed).into()
}

/// Whether the link's token is one not used yet, on a server with no company yet (`SET-1`
/// 410 otherwise).
pub async fn check_setup_link(pool: &SqlitePool, token: &str) -> Result<(), ApiError> {
    let open: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM setup_links WHERE token_hash = ? AND used_at IS NULL) \
         AND NOT EXISTS (SELECT 1 FROM companies)",
    )
    .bind(hash_token(token))
    .fetch_one(pool)
    .await?;
    if open {
        Ok(())
    } else {
        Err(link_used())
    }
}

/// Spends the link inside `conn`'s transaction: `SET-1` 410 when it was used (or replaced)
/// already, by this request's twin too (the update is the check).
pub async fn spend_setup_link(
    conn: &mut SqliteConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // A link made for an empty server is void once it has a company (made by the command
    // line, say): it can't be kept to make companies later.
    let spent = sqlx::query(
        "UPDATE setup_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM companies)",
    )
    .bind(now)
    .bind(hash_token(token))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if spent == 1 {
        Ok(())
    } else {
        Err(link_used())
    }
}

/// ACC-2's rules for the first admin's own password (there is no current one).
pub fn check_first_password(company: &NewCompany, password: &str) -> Result<(), Violation> {
    check_new_password(password, "", &company.admin.email)
}

/// Creates the company, its first Global admin (with `password_hash`; `temporary`: a
/// one-time password to change at the first sign-in, ACC-1) and what its offers provision
/// (OFR-1), inside `conn`'s transaction. Returns the company's and the admin's IDs.
pub async fn create_company(
    conn: &mut SqliteConnection,
    company: &NewCompany,
    password_hash: &str,
    temporary: bool,
    now: DateTime<Utc>,
) -> Result<(i64, UserId), ApiError> {
    check_new_company(company, now)?;
    // ROLE-5: addresses are unique across companies.
    let in_use: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)")
        .bind(company.admin.email.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if in_use {
        return Err(ApiError::Rule(Violation::new(
            RuleId::Role5,
            Reason::EmailAlreadyInUse {
                email: company.admin.email.clone(),
            },
        )));
    }
    let company_id: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) + 1 FROM companies")
        .fetch_one(&mut *conn)
        .await?;
    let admin = store::next_user_id(conn).await?;
    let first_benefit = store::next_benefit_id(conn).await?;
    let ws = new_company_workspace(company, company_id, admin, first_benefit);
    store::insert_company(conn, &ws.company).await?;
    let mut writes = Writes::default();
    writes.changes(&Workspace::empty(ws.company.clone()), &ws, password_hash)?;
    if temporary {
        store::temporary_password(&mut writes, admin, password_hash);
    }
    writes.audit(store::AuditEvent {
        company_id,
        actor: admin,
        action: "create_company",
        subject: format!("company:{company_id}"),
        before: None,
        after: serde_json::to_value(&ws.company).ok(),
        at: now,
    });
    writes.execute(conn).await?;
    Ok((company_id, admin))
}

/// `admin create-company`'s arguments as a [`NewCompany`]; a clear message for a bad one.
pub fn new_company_from_arguments(
    name: &str,
    account_email: &str,
    currency: &str,
    offers: &[String],
    admin_name: &str,
    admin_email: &str,
) -> Result<NewCompany, String> {
    let email = |what: &str, text: &str| {
        EmailAddress::parse(text).map_err(|_| format!("--{what}: {text:?} is not an e-mail address"))
    };
    let offers = offers
        .iter()
        .map(|text| {
            let (offer, date) = text.split_once(':').ok_or_else(|| {
                format!("--offer {text:?}: write it as offer:YYYY-MM-DD, e.g. silver:2026-03-01")
            })?;
            let offer = Offer::from_key(offer.trim())
                .ok_or_else(|| format!("--offer {text:?}: the offer is action_pack, silver or gold"))?;
            let purchased_on = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| format!("--offer {text:?}: the purchase date is YYYY-MM-DD"))?;
            Ok(PurchasedOffer { offer, purchased_on })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(NewCompany {
        name: name.to_string(),
        account_email: email("account-email", account_email)?,
        currency: Currency::parse(currency)
            .map_err(|_| format!("--currency {currency:?}: a three-letter code such as EUR"))?,
        offers,
        admin: FirstAdmin {
            display_name: admin_name.to_string(),
            email: email("admin-email", admin_email)?,
        },
    })
}

/// `admin create-company`: creates the company with a one-time password for its first
/// admin (ACC-1); returns the company's ID and the password. A rule's refusal is its
/// message (in English: the operator's console).
pub async fn create_company_now(pool: &SqlitePool, company: &NewCompany) -> Result<(i64, String), String> {
    let password = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 16);
    let hash = crate::auth::hash_password(&password);
    let now = Utc::now();
    let explain = |e: ApiError| match e {
        ApiError::Rule(v) => format!("{}: {}", v.rule, v.message(benefits_domain::Lang::En)),
        other => format!("{other:?}"),
    };
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|e| e.to_string())?;
    let (company_id, _) = create_company(&mut tx, company, &hash, true, now)
        .await
        .map_err(explain)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok((company_id, password))
}
