//! Visual Studio subscriptions: list, assign (VS-1, VS-2, ROLE-2), reassign (VS-3).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiJson};
use crate::store::{self, AuditEvent};
use crate::{db, AppState};
use axum::extract::{Path, State};
use axum::Json;
use benefits_domain::visual_studio::{
    check_assign_visual_studio_subscriber, check_reassign_visual_studio_subscriber, VisualStudioSubscription,
};
use benefits_domain::wire::{Counters, SubscriberRequest, VisualStudioList};
use benefits_domain::{User, UserId, Violation};
use chrono::{DateTime, Utc};

pub async fn list_visual_studio_subscriptions(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<VisualStudioList>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let subscriptions = store::visual_studio_subscriptions(&mut conn, current.company_id).await?;
    let counters = Counters::count(&subscriptions, |s| s.assignment.is_some());
    Ok(Json(VisualStudioList {
        subscriptions,
        counters,
        server_time: Utc::now(),
    }))
}

pub async fn assign_visual_studio_subscriber(
    state: State<AppState>,
    current: CurrentUser,
    id: Path<i64>,
    request: ApiJson<SubscriberRequest>,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    change_subscriber(
        state,
        current,
        id,
        request,
        "visual_studio.assign",
        check_assign_visual_studio_subscriber,
    )
    .await
}

pub async fn reassign_visual_studio_subscriber(
    state: State<AppState>,
    current: CurrentUser,
    id: Path<i64>,
    request: ApiJson<SubscriberRequest>,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    change_subscriber(
        state,
        current,
        id,
        request,
        "visual_studio.reassign",
        check_reassign_visual_studio_subscriber,
    )
    .await
}

type SubscriberCheck =
    fn(&VisualStudioSubscription, &User, &[User], UserId, DateTime<Utc>) -> Result<(), Violation>;

/// One transaction: load → check the domain rule → write if still at the version the
/// client saw → audit. Any refusal leaves the database as it was.
async fn change_subscriber(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SubscriberRequest>,
    action: &str,
    check: SubscriberCheck,
) -> Result<Json<VisualStudioSubscription>, ApiError> {
    let now = Utc::now();
    let mut tx = db::begin_write(&state.pool).await?;
    let subscription = store::visual_studio_subscription(&mut tx, current.company_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if subscription.version != request.version {
        return Err(ApiError::Stale {
            current: serde_json::to_value(&subscription).unwrap_or_default(),
        });
    }
    let directory = store::directory(&mut tx, current.company_id).await?;
    check(&subscription, &current.user, &directory, request.user_id, now)?;
    if !store::set_visual_studio_subscriber(&mut tx, current.company_id, &subscription, request.user_id, now)
        .await?
    {
        return Err(ApiError::Internal);
    }
    let updated = store::visual_studio_subscription(&mut tx, current.company_id, id)
        .await?
        .ok_or(ApiError::Internal)?;
    store::record_audit(
        &mut tx,
        AuditEvent {
            company_id: current.company_id,
            actor: current.user.id,
            action,
            subject: format!("visual_studio_subscription:{id}"),
            before: serde_json::to_value(&subscription).ok(),
            after: serde_json::to_value(&updated).ok(),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(updated))
}
