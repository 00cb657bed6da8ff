//! Sign-in, sign-out and "who am I".

use crate::auth::{self, CurrentUser};
use crate::error::{ApiError, ApiJson};
use crate::{store, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use benefits_domain::wire::{Me, SignInRequest};
use benefits_domain::EmailAddress;
use chrono::{Duration, Utc};

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    let throttle = &state.sign_in_throttle;
    if let Some(retry_after_seconds) = throttle.locked_for(&request.email) {
        return Err(ApiError::TooManyAttempts { retry_after_seconds });
    }
    let refuse = || {
        throttle.failed(&request.email);
        ApiError::InvalidCredentials
    };
    let email = EmailAddress::parse(&request.email).map_err(|_| refuse())?;
    let Some((user_id, password_hash)) = store::credentials(&state.pool, &email).await? else {
        return Err(refuse());
    };
    // argon2 is deliberately slow: keep it off the async workers.
    let password = request.password.clone();
    let valid = tokio::task::spawn_blocking(move || auth::verify_password(&password, &password_hash))
        .await
        .map_err(|_| ApiError::Internal)?;
    if !valid {
        return Err(refuse());
    }
    throttle.succeeded(&request.email);
    let now = Utc::now();
    let lifetime = Duration::hours(state.config.session_hours);
    let (token, token_hash) = auth::new_session_token();
    store::create_session(&state.pool, &token_hash, user_id, now, now + lifetime).await?;
    let (user, company_id) = store::user_of_session(&state.pool, &token_hash, now)
        .await?
        .ok_or(ApiError::Internal)?;
    let me = me_of(&state, CurrentUser { user, company_id }).await?;
    let cookie = auth::session_cookie(&token, lifetime.num_seconds(), state.config.cross_site());
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_token(&headers) {
        store::delete_session(&state.pool, &auth::hash_token(&token)).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            auth::expired_session_cookie(state.config.cross_site()),
        )],
    )
        .into_response())
}

pub async fn me(State(state): State<AppState>, current: CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&state, current).await?))
}

async fn me_of(state: &AppState, current: CurrentUser) -> Result<Me, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let company = store::company_summary(&mut conn, current.company_id).await?;
    Ok(Me {
        user: current.user,
        company,
    })
}
