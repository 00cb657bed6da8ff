//! `POST /embed/tokens`: a partner site's backend trades its secret for a short-lived token
//! for one of its company's users (EMB-2). Called server to server, never from a browser:
//! the secret must not reach one.

use crate::embed;
use crate::error::{ApiError, ApiJson};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::Json;
use benefits_domain::embed::check_token_for;
use benefits_domain::wire::{EmbedToken, EmbedTokenRequest};
use benefits_domain::{EmailAddress, Reason, RuleId, Violation};
use chrono::Utc;

pub async fn issue_embed_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EmbedTokenRequest>,
) -> Result<Json<EmbedToken>, ApiError> {
    let unknown_site = || ApiError::Rule(Violation::new(RuleId::Emb1, Reason::SiteSecretUnknown));
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(unknown_site)?;
    let site = embed::site_of_secret(&state.store, secret)
        .await?
        .ok_or_else(unknown_site)?;
    let user = match EmailAddress::parse(&request.email) {
        Ok(email) => state.store.credentials_company(&email).await?,
        Err(_) => None,
    };
    check_token_for(site.company_id, user.map(|(_, company)| company))?;
    let (user_id, _) = user.ok_or(ApiError::Internal)?;
    let (token, expires_at) = embed::issue_token(&state.store, &site, user_id, Utc::now()).await?;
    Ok(Json(EmbedToken { token, expires_at }))
}
