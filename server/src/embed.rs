//! Partner sites that embed the workspace (EMB-1, EMB-2): registered by an operator from the
//! command line, and the short-lived tokens their backends obtain for their users.

use crate::auth::{hash_token, new_session_token};
use crate::on_pool;
use crate::store::{Arg, Store};
use benefits_domain::embed::{site_origin, TOKEN_MINUTES};
use chrono::{DateTime, Duration, Utc};

/// A registered site.
#[derive(Debug, PartialEq, Eq)]
pub struct Site {
    pub origin: String,
    pub company_id: i64,
}

/// EMB-1: registers `origin` for `company_id`; returns the site's secret, which exists
/// nowhere else afterwards (only its hash is kept).
pub async fn add_site(store: &Store, origin: &str, company_id: i64) -> Result<(String, Site), String> {
    let origin = site_origin(origin)?;
    let company: Option<String> = on_pool!(store, |pool, d| {
        sqlx::query_scalar(&d.sql("SELECT name FROM companies WHERE id = ?"))
            .bind(company_id)
            .fetch_optional(pool)
            .await
    })
    .map_err(|e| e.to_string())?;
    if company.is_none() {
        return Err(format!("there is no company {company_id}"));
    }
    // Prefixed, so a secret found in a log or a repository is recognisable as ours.
    let secret = format!("pbsite_{}", new_session_token().0);
    let secret_hash = hash_token(&secret);
    let inserted = store
        .run(
            "INSERT INTO embed_sites (origin, company_id, secret_hash, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (origin) DO NOTHING",
            vec![
                Arg::from(&origin),
                Arg::from(company_id),
                Arg::from(&secret_hash),
                Arg::from(Utc::now()),
            ],
        )
        .await
        .map_err(|e| e.to_string())?;
    if inserted == 0 {
        return Err(format!(
            "{origin} is registered already: remove it first to get a new secret"
        ));
    }
    Ok((secret, Site { origin, company_id }))
}

/// Every registered site, with its company's name and when it was registered.
pub async fn list_sites(store: &Store) -> Result<Vec<(String, i64, String, DateTime<Utc>)>, sqlx::Error> {
    on_pool!(store, |pool, _d| {
        sqlx::query_as(
            "SELECT s.origin, s.company_id, c.name, s.created_at FROM embed_sites s \
             JOIN companies c ON c.id = s.company_id ORDER BY s.origin",
        )
        .fetch_all(pool)
        .await
    })
}

/// Removes a site; its tokens stop working at once. `false` if it wasn't registered.
pub async fn remove_site(store: &Store, origin: &str) -> Result<bool, String> {
    let origin = site_origin(origin)?;
    let removed = store
        .run(
            "DELETE FROM embed_sites WHERE origin = ?",
            vec![Arg::from(&origin)],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(removed == 1)
}

/// The site whose secret this is.
pub async fn site_of_secret(store: &Store, secret: &str) -> Result<Option<Site>, sqlx::Error> {
    let found: Option<(String, i64)> = on_pool!(store, |pool, d| {
        sqlx::query_as(&d.sql("SELECT origin, company_id FROM embed_sites WHERE secret_hash = ?"))
            .bind(hash_token(secret))
            .fetch_optional(pool)
            .await?
    });
    Ok(found.map(|(origin, company_id)| Site { origin, company_id }))
}

/// Whether `origin` is a registered site (CORS lets it call the API).
pub async fn is_registered(store: &Store, origin: &str) -> bool {
    store
        .fetch_i64(
            "SELECT CAST(1 AS BIGINT) FROM embed_sites WHERE origin = ?",
            vec![Arg::from(origin)],
        )
        .await
        .is_ok_and(|found| found.is_some())
}

/// EMB-2: a token for `user_id` that works from `site`'s origin for [`TOKEN_MINUTES`].
pub async fn issue_token(
    store: &Store,
    site: &Site,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), sqlx::Error> {
    let (token, token_hash) = new_session_token();
    let expires_at = now + Duration::minutes(TOKEN_MINUTES);
    store
        .create_session(&token_hash, user_id, now, expires_at, Some(&site.origin))
        .await?;
    Ok((token, expires_at))
}
