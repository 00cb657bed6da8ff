//! SET-1: a company of one's own. A server started on an empty database without demo data
//! makes a one-time setup link (its token random, kept only as a SHA-256); the setup page
//! spends it to create the company and its first Global admin. Operators create companies
//! from the command line (`benefits-server admin create-company`).

use crate::auth::hash_token;
use crate::error::ApiError;
use crate::in_write;
use crate::store::{self, Arg, Stmt, Store, WriteTx, Writes};
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

/// A new setup link's token when the database has no company yet (earlier unused links are
/// void: only the newest printed one works); `None` when there is a company already.
pub async fn setup_link_if_empty(store: &Store) -> Result<Option<String>, sqlx::Error> {
    let token = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32);
    let made = in_write!(store, |tx| {
        store::first_start_lock(tx).await?;
        let companies = tx
            .fetch_i64(Stmt::same("SELECT count(*) FROM companies"), vec![])
            .await?
            .unwrap_or(0);
        if companies > 0 {
            Ok::<bool, sqlx::Error>(false)
        } else {
            tx.run(
                Stmt::same("DELETE FROM setup_links WHERE used_at IS NULL"),
                vec![],
            )
            .await?;
            tx.run(
                Stmt::same("INSERT INTO setup_links (token_hash, created_at) VALUES (?, ?)"),
                vec![Arg::from(hash_token(&token)), Arg::from(Utc::now())],
            )
            .await?;
            Ok(true)
        }
    })?;
    Ok(made.then_some(token))
}

fn link_used() -> ApiError {
    Violation::new(RuleId::Set1, Reason::SetupLinkUsed).into()
}

/// Whether the link's token is one not used yet, on a server with no company yet (`SET-1`
/// 410 otherwise).
pub async fn check_setup_link(store: &Store, token: &str) -> Result<(), ApiError> {
    let open = store
        .fetch_i64(
            "SELECT CAST(1 AS BIGINT) FROM setup_links WHERE token_hash = ? AND used_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM companies)",
            vec![Arg::from(hash_token(token))],
        )
        .await?;
    if open.is_some() {
        Ok(())
    } else {
        Err(link_used())
    }
}

/// Spends the link inside `conn`'s transaction: `SET-1` 410 when it was used (or replaced)
/// already, by this request's twin too (the update is the check).
pub async fn spend_setup_link(
    tx: &mut impl WriteTx,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // A link made for an empty server is void once it has a company (made by the command
    // line, say): it can't be kept to make companies later.
    let spent = tx
        .run(
            Stmt::same(
                "UPDATE setup_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM companies)",
            ),
            vec![Arg::from(now), Arg::from(hash_token(token))],
        )
        .await?;
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
    tx: &mut impl WriteTx,
    company: &NewCompany,
    password_hash: &str,
    temporary: bool,
    now: DateTime<Utc>,
) -> Result<(i64, UserId), ApiError> {
    check_new_company(company, now)?;
    // ROLE-5: addresses are unique across companies.
    if store::email_in_use(tx, &company.admin.email).await? {
        return Err(ApiError::Rule(Violation::new(
            RuleId::Role5,
            Reason::EmailAlreadyInUse {
                email: company.admin.email.clone(),
            },
        )));
    }
    let company_id = store::next_company_id(tx).await?;
    let admin = store::next_user_id(tx).await?;
    // As many IDs as its offers provision benefits.
    let provisioned = store::benefit_count(&new_company_workspace(company, company_id, admin, 0));
    let first_benefit = store::next_benefit_ids(tx, provisioned).await?;
    let ws = new_company_workspace(company, company_id, admin, first_benefit);
    store::insert_company(tx, &ws.company).await?;
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
    tx.execute(writes).await?;
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
pub async fn create_company_now(store: &Store, company: &NewCompany) -> Result<(i64, String), String> {
    let password = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 16);
    let hash = crate::auth::hash_password(&password);
    let now = Utc::now();
    let explain = |e: ApiError| match e {
        ApiError::Rule(v) => format!("{}: {}", v.rule, v.message(benefits_domain::Lang::En)),
        other => format!("{other:?}"),
    };
    let made: Result<(i64, UserId), ApiError> =
        async { in_write!(store, |tx| create_company(tx, company, &hash, true, now).await) }.await;
    let (company_id, _) = made.map_err(explain)?;
    Ok((company_id, password))
}
