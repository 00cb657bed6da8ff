//! Sign-in: argon2 password hashes and random session tokens kept only as SHA-256.

use crate::error::ApiError;
use crate::store::{self, Store};
use crate::AppState;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use benefits_domain::{Reason, RuleId, User, Violation};
use chrono::Utc;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site use).
pub const SESSION_COOKIE: &str = "pb_session";

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password with default parameters")
        .to_string()
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh token for the client and the hash to store.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = to_hex(&bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    to_hex(&Sha256::digest(token.as_bytes()))
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `cross_site`: the SPA runs on another site (CORS configured), so the cookie must be
/// `SameSite=None; Secure`; otherwise `SameSite=Strict` keeps it off every cross-site request.
pub fn session_cookie(token: &str, max_age_seconds: i64, cross_site: bool) -> String {
    let same_site = if cross_site {
        "SameSite=None; Secure"
    } else {
        "SameSite=Strict"
    };
    format!("{SESSION_COOKIE}={token}; HttpOnly; {same_site}; Path=/; Max-Age={max_age_seconds}")
}

pub fn expired_session_cookie(cross_site: bool) -> String {
    session_cookie("", 0, cross_site)
}

/// Reads the session token from the `Cookie` header.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// Failed sign-ins per account: after [`SignInThrottle::MAX_FAILURES`] within the window,
/// further attempts are refused until the oldest failure leaves the window.
#[derive(Default)]
pub struct SignInThrottle {
    failures: std::sync::Mutex<std::collections::HashMap<String, Vec<std::time::Instant>>>,
}

impl SignInThrottle {
    pub const MAX_FAILURES: usize = 5;
    pub const WINDOW: std::time::Duration = std::time::Duration::from_secs(15 * 60);

    pub fn key(email: &str) -> String {
        email.trim().to_lowercase()
    }

    /// An attempt with a password, counted as a failure at once (so parallel guesses can't
    /// slip past the limit) and forgotten by [`SignInThrottle::succeeded`]; `Some(seconds to
    /// wait)`, and nothing counted, while the account is locked.
    pub fn attempt(&self, email: &str) -> Option<u64> {
        let now = std::time::Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let list = failures.entry(Self::key(email)).or_default();
        list.retain(|t| now.duration_since(*t) < Self::WINDOW);
        if list.len() >= Self::MAX_FAILURES {
            let oldest = list.iter().min().copied().unwrap_or(now);
            return Some((Self::WINDOW - now.duration_since(oldest)).as_secs().max(1));
        }
        list.push(now);
        // Keep the map small: forget accounts whose failures all left the window.
        if failures.len() > 10_000 {
            failures.retain(|_, l| l.iter().any(|t| now.duration_since(*t) < Self::WINDOW));
        }
        None
    }

    pub fn succeeded(&self, email: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&Self::key(email));
    }
}

/// A sign-in attempt with a password for `email` (see [`SignInThrottle::attempt`]): counted
/// in this process on SQLite, in the database every instance shares on PostgreSQL.
pub async fn sign_in_attempt(state: &AppState, email: &str) -> Result<Option<u64>, ApiError> {
    match &state.store {
        Store::Sqlite(_) => Ok(state.sign_in_throttle.attempt(email)),
        Store::Postgres(pg) => Ok(pg
            .sign_in_attempt(
                &SignInThrottle::key(email),
                SignInThrottle::MAX_FAILURES,
                SignInThrottle::WINDOW,
            )
            .await?),
    }
}

/// The password was right: the account's failures are forgotten.
pub async fn sign_in_succeeded(state: &AppState, email: &str) -> Result<(), ApiError> {
    match &state.store {
        Store::Sqlite(_) => state.sign_in_throttle.succeeded(email),
        Store::Postgres(pg) => pg.sign_in_succeeded(&SignInThrottle::key(email)).await?,
    }
    Ok(())
}

/// The hash of the request's session token; not yet checked against the database. A request
/// without one is refused before anything else. From the app's own cookie, or (EMB-2) a
/// partner site's token as `Authorization: Bearer`, which counts only together with the
/// request's `Origin`: the session row must carry that origin, so a site's token used from
/// another origin (or none) finds nothing, and a cookie session never has one.
#[derive(Clone, Debug)]
pub struct SessionToken {
    pub hash: String,
    /// `Some` for a site's token: the request's `Origin` (empty when it sent none).
    pub origin: Option<String>,
}

impl<S: Sync> FromRequestParts<S> for SessionToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        if let Some(token) = bearer {
            let origin = parts
                .headers
                .get(header::ORIGIN)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            return Ok(SessionToken {
                hash: hash_token(token),
                origin: Some(origin.to_string()),
            });
        }
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        Ok(SessionToken {
            hash: hash_token(&token),
            origin: None,
        })
    }
}

/// Who holds the session; `token_expired` for a site's token that was good once (the widget
/// then asks its host for a new one), `unauthenticated` otherwise.
async fn session_user(state: &AppState, session: &SessionToken) -> Result<store::SessionUser, ApiError> {
    match state.store.user_of_session(session, Utc::now()).await? {
        Some(user) => Ok(user),
        None if session.origin.is_some() && state.store.session_exists(session).await? => {
            Err(ApiError::TokenExpired)
        }
        None => Err(ApiError::Unauthenticated),
    }
}

/// The signed-in user, with their company. Every query is scoped to `company_id`.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub company_id: i64,
}

impl CurrentUser {
    /// The session's user, refused while their password is a temporary one (ACC-1).
    pub async fn of_session(state: &AppState, session: &SessionToken) -> Result<CurrentUser, ApiError> {
        CurrentUser::may_act(session_user(state, session).await?)
    }

    /// ACC-1: a session whose password must be changed can do nothing but change it (and
    /// sign out, and ask who it is).
    pub fn may_act(session: store::SessionUser) -> Result<CurrentUser, ApiError> {
        if session.must_change_password {
            return Err(ApiError::Rule(Violation::new(
                RuleId::Acc1,
                Reason::PasswordChangeRequired,
            )));
        }
        Ok(CurrentUser {
            user: session.user,
            company_id: session.company_id,
        })
    }
}

/// The session's user even while their password must be changed (ACC-1): for "who am I"
/// and for changing the password.
pub struct SignedIn {
    pub session: SessionToken,
    pub user: store::SessionUser,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = SessionToken::from_request_parts(parts, state).await?;
        let user = session_user(state, &session).await?;
        Ok(SignedIn { session, user })
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = SessionToken::from_request_parts(parts, state).await?;
        CurrentUser::of_session(state, &session).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse!", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn session_tokens_are_random_and_stored_hashed() {
        let (a, a_hash) = new_session_token();
        let (b, _) = new_session_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, a_hash);
        assert_eq!(hash_token(&a), a_hash);
    }
}
