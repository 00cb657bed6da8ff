//! The company's user directory: the list subscribers are picked from, and ROLE-6's "whom to ask".

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use benefits_domain::User;

pub async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(state.store.directory(current.company_id).await?))
}
