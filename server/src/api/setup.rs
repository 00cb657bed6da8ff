//! SET-1's setup page: is the link still good, and create the company with it.

use crate::auth::{self, hash_password};
use crate::error::{ApiError, ApiJson};
use crate::setup::{check_first_password, check_setup_link, create_company, spend_setup_link};
use crate::store::{self, Arg, Stmt, WriteTx};
use crate::{in_write, AppState};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use benefits_domain::setup::{SetupRequest, SetupToken};
use benefits_domain::wire::Me;
use chrono::{Duration, Utc};

/// `POST /setup/status`: `{"valid": true}` while the link is good; `SET-1` 410 once spent.
pub async fn post_setup_status(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SetupToken>,
) -> Result<Json<serde_json::Value>, ApiError> {
    check_setup_link(&state.store, &request.token).await?;
    Ok(Json(serde_json::json!({ "valid": true })))
}

/// `POST /setup`: creates the company and its first Global admin with the password they
/// chose, spends the link and signs them in (the session cookie), all in one transaction.
pub async fn post_setup(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SetupRequest>,
) -> Result<Response, ApiError> {
    // Checked before the slow hash; the link again inside the write (a twin request loses).
    check_setup_link(&state.store, &request.token).await?;
    check_first_password(&request.company, &request.password)?;
    let password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| ApiError::Internal)?;
    let now = Utc::now();
    let lifetime = Duration::hours(state.config.session_hours);
    let (token, token_hash) = auth::new_session_token();
    in_write!(&state.store, |tx| {
        spend_setup_link(tx, &request.token, now).await?;
        let (_, admin) = create_company(tx, &request.company, &hash, false, now).await?;
        tx.run(
            Stmt::same(store::CREATE_SESSION),
            vec![
                Arg::from(&token_hash),
                Arg::from(now),
                Arg::from(now + lifetime),
                Arg::from(None::<String>),
                Arg::from(admin.0),
            ],
        )
        .await
        .map_err(ApiError::from)
    })?;
    let session = auth::SessionToken {
        hash: token_hash,
        origin: None,
    };
    let user = state
        .store
        .user_of_session(&session, now)
        .await?
        .ok_or(ApiError::Internal)?;
    let company = state.store.company_summary(user.company_id).await?;
    let me = Me {
        user: user.user,
        company,
        must_change_password: false,
    };
    let cookie = auth::session_cookie(&token, lifetime.num_seconds(), state.config.cross_site());
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}
