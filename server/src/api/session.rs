//! Sign-in, sign-out and "who am I".

use crate::auth::{self, SignedIn};
use crate::error::{ApiError, ApiJson};
use crate::store::{self, AuditEvent, SessionUser};
use crate::{in_write, AppState};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use benefits_domain::accounts::check_new_password;
use benefits_domain::wire::{ChangePasswordRequest, Me, SignInRequest};
use benefits_domain::{EmailAddress, Reason, RuleId, Violation};
use chrono::{Duration, Utc};

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    // The attempt counts as failed until the password is found right (parallel guesses
    // can't slip past the limit).
    if let Some(retry_after_seconds) = auth::sign_in_attempt(&state, &request.email).await? {
        return Err(ApiError::TooManyAttempts { retry_after_seconds });
    }
    let refuse = || ApiError::InvalidCredentials;
    let email = EmailAddress::parse(&request.email).map_err(|_| refuse())?;
    let Some((user_id, password_hash)) = state.store.credentials(&email).await? else {
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
    auth::sign_in_succeeded(&state, &request.email).await?;
    let now = Utc::now();
    let lifetime = Duration::hours(state.config.session_hours);
    let (token, token_hash) = auth::new_session_token();
    state
        .store
        .create_session(&token_hash, user_id, now, now + lifetime, None)
        .await?;
    let session = auth::SessionToken {
        hash: token_hash,
        origin: None,
    };
    let user = state
        .store
        .user_of_session(&session, now)
        .await?
        .ok_or(ApiError::Internal)?;
    let me = me_of(&state, user).await?;
    let cookie = auth::session_cookie(&token, lifetime.num_seconds(), state.config.cross_site());
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Ends the session of the request: its cookie's, or a site's token (EMB-2).
pub async fn sign_out(
    State(state): State<AppState>,
    session: Result<auth::SessionToken, ApiError>,
) -> Result<Response, ApiError> {
    if let Ok(session) = session {
        state.store.delete_session(&session.hash).await?;
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

/// Who is signed in; answers while the password must be changed too (ACC-1), saying so.
pub async fn me(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&state, signed_in.user).await?))
}

async fn me_of(state: &AppState, session: SessionUser) -> Result<Me, ApiError> {
    let company = state.store.company_summary(session.company_id).await?;
    Ok(Me {
        user: session.user,
        company,
        must_change_password: session.must_change_password,
    })
}

/// ACC-2: the signed-in user changes their own password with the current one; their other
/// sessions end; a temporary password (ACC-1) is thereby replaced. Wrong current passwords
/// count as failed sign-ins of the account (a stolen session can't guess it freely).
pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<Json<Me>, ApiError> {
    let SignedIn { session, user } = signed_in;
    let email = user.user.email.as_str().to_string();
    check_new_password(&request.new_password, &request.current_password, &user.user.email)?;
    // The attempt counts as failed until the password is found right (parallel guesses
    // can't slip past the limit).
    if let Some(retry_after_seconds) = auth::sign_in_attempt(&state, &email).await? {
        return Err(ApiError::TooManyAttempts { retry_after_seconds });
    }
    let stored = state
        .store
        .password_hash(user.user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = request;
    // argon2 is deliberately slow: keep it off the async workers.
    let checked = stored.clone();
    let new_hash = tokio::task::spawn_blocking(move || {
        auth::verify_password(&current_password, &checked).then(|| auth::hash_password(&new_password))
    })
    .await
    .map_err(|_| ApiError::Internal)?;
    let Some(new_hash) = new_hash else {
        return Err(Violation::new(RuleId::Acc2, Reason::CurrentPasswordWrong).into());
    };
    auth::sign_in_succeeded(&state, &email).await?;
    let now = Utc::now();
    in_write!(&state.store, |tx| {
        // A reset or sign-out that came in while the hashes were computed wins.
        if !store::change_password(tx, user.user.id, &stored, &new_hash, &session.hash, now).await? {
            Err(ApiError::Unauthenticated)
        } else {
            store::record_audit(
                tx,
                AuditEvent {
                    company_id: user.company_id,
                    actor: user.user.id,
                    action: "change_password",
                    subject: format!("user:{}", user.user.id.0),
                    before: None,
                    after: None,
                    at: now,
                },
            )
            .await
            .map_err(ApiError::from)
        }
    })?;
    let user = SessionUser {
        must_change_password: false,
        ..user
    };
    Ok(Json(me_of(&state, user).await?))
}
