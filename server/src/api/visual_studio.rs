//! Visual Studio subscriptions: the list, and assign / reassign as REST aliases of the
//! commands `assign_visual_studio_subscriber` / `reassign_visual_studio_subscriber`.

use super::commands::run_command;
use crate::auth::{CurrentUser, SessionToken};
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use benefits_domain::visual_studio::VisualStudioSubscription;
use benefits_domain::wire::{CommandRequest, Counters, SubscriberRequest, VisualStudioList};
use benefits_domain::workspace::Command;
use chrono::Utc;

pub async fn list_visual_studio_subscriptions(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<VisualStudioList>, ApiError> {
    // One query: the list needs nothing else of the company.
    let subscriptions = state
        .store
        .visual_studio_subscriptions(current.company_id)
        .await?;
    let counters = Counters::count(&subscriptions, |s| s.assignment.is_some());
    Ok(Json(VisualStudioList {
        subscriptions,
        counters,
        server_time: Utc::now(),
    }))
}

pub async fn assign_visual_studio_subscriber(
    State(state): State<AppState>,
    session: SessionToken,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<SubscriberRequest>,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    let command = Command::AssignVisualStudioSubscriber {
        subscription_id: id,
        user_id: request.user_id,
    };
    change_subscriber(&state, session, id, command, request.version).await
}

pub async fn reassign_visual_studio_subscriber(
    State(state): State<AppState>,
    session: SessionToken,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<SubscriberRequest>,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    let command = Command::ReassignVisualStudioSubscriber {
        subscription_id: id,
        user_id: request.user_id,
    };
    change_subscriber(&state, session, id, command, request.version).await
}

async fn change_subscriber(
    state: &AppState,
    session: SessionToken,
    id: i64,
    command: Command,
    version: i64,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    let request = CommandRequest {
        command,
        version: Some(version),
    };
    let (_, after) = run_command(state, session, request).await?;
    after
        .visual_studio
        .into_iter()
        .find(|s| s.id == id)
        .map(Json)
        .ok_or(ApiError::NotFound)
}
