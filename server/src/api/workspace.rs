//! Reads: the whole workspace as the signed-in user may see it.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::{store, AppState};
use axum::extract::State;
use axum::Json;
use benefits_domain::wire::WorkspaceView;
use chrono::Utc;

/// Every area of the company, without secrets (no key text; IDs of support only once active).
pub async fn get_workspace(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<WorkspaceView>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let ws = store::load_for_view(&mut conn, current.company_id).await?;
    Ok(Json(WorkspaceView::of(&ws, Utc::now())))
}
