//! Reads: the whole workspace as the signed-in user may see it.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use benefits_domain::wire::WorkspaceView;
use chrono::Utc;

/// Every area of the company, without secrets (no key text; IDs of support only once active).
pub async fn get_workspace(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, ApiError> {
    let ws = state.store.load_for_view(current.company_id).await?;
    let view = WorkspaceView::of(&ws, Utc::now());
    // Into one buffer sized up front: a 10,000-user company is megabytes, and axum's `Json`
    // writes it piece by piece into a buffer that starts at 128 bytes.
    let rows = view.directory.len() + view.visual_studio.len() + view.credits.len();
    let mut body = Vec::with_capacity(4096 + rows * 320);
    serde_json::to_writer(&mut body, &view).map_err(|e| {
        tracing::error!(error = %e, "the workspace could not be written as JSON");
        ApiError::Internal
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
