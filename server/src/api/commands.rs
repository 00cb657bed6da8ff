//! Every write: one transaction of authenticate → authorise (the session's company) →
//! load → domain check → apply → persist + audit. A refusal changes nothing.

use crate::auth::{hash_password, CurrentUser};
use crate::error::{ApiError, ApiJson};
use crate::store::{self, AuditEvent};
use crate::{db, AppState};
use axum::extract::State;
use axum::Json;
use benefits_domain::accounts::check_add_user;
use benefits_domain::wire::{CommandRequest, CommandResponse, WorkspaceView};
use benefits_domain::workspace::{Command, Effect, Workspace};
use chrono::Utc;
use rand::distributions::{Alphanumeric, DistString};

pub async fn post_command(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<CommandRequest>,
) -> Result<Json<CommandResponse>, ApiError> {
    let (response, _) = run_command(&state, &current, request).await?;
    Ok(Json(response))
}

/// Runs one command for the signed-in user; returns its response and the workspace after it.
/// Once received, a command runs to its end even when the client goes away: the user saw
/// its effect at once (optimistic), so a reload right after the click must not undo it.
pub async fn run_command(
    state: &AppState,
    current: &CurrentUser,
    request: CommandRequest,
) -> Result<(CommandResponse, Workspace), ApiError> {
    let (state, current) = (state.clone(), current.clone());
    tokio::spawn(async move { write_command(&state, &current, request).await })
        .await
        .map_err(|_| ApiError::Internal)?
}

async fn write_command(
    state: &AppState,
    current: &CurrentUser,
    request: CommandRequest,
) -> Result<(CommandResponse, Workspace), ApiError> {
    let now = Utc::now();
    let write = db::begin_write_in_turn(&state.pool, &state.writers).await?;
    let mut tx = write.tx;
    // Only what the command needs: the cost of a write doesn't grow with the company.
    let parts = store::Parts::for_command(&request.command);
    let before = store::load_parts(&mut tx, current.company_id, parts, Some(current.user.id)).await?;
    let target = request.command.target();
    if let Some(target) = target {
        if let Some(version) = before.version_of(target) {
            match request.version {
                None => {
                    return Err(ApiError::BadRequest {
                        detail: "version: send the version of the benefit you saw".into(),
                    })
                }
                Some(seen) if seen != version => {
                    let current = WorkspaceView::shown_item(&before, target).unwrap_or_default();
                    return Err(ApiError::Stale { current });
                }
                Some(_) => {}
            }
        }
    }
    // ROLE-5: e-mail addresses are unique across all companies, which one workspace can't see.
    if let Command::AddUser { user } = &request.command {
        let in_use = store::email_in_use(&mut tx, &user.email).await?;
        check_add_user(user, &current.user, &before.directory, in_use)?;
    }
    let mut after = before.clone();
    let effect = after.apply(&request.command, current.user.id, now)?;
    // ROLE-5: a new user gets a temporary password, shown once in this response only.
    let temporary_password = matches!(effect, Effect::UserAdded { .. })
        .then(|| Alphanumeric.sample_string(&mut rand::rngs::OsRng, 16));
    let password_hash = match &temporary_password {
        Some(password) => {
            let password = password.clone();
            tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .map_err(|_| ApiError::Internal)?
        }
        // No one can sign in with this: it is not an argon2 hash.
        None => "!".to_string(),
    };
    store::save_changes(&mut tx, &before, &after, &password_hash).await?;
    let (subject, old, new) = audit_subject(&request, &before, &after, &effect);
    store::record_audit(
        &mut tx,
        AuditEvent {
            company_id: current.company_id,
            actor: current.user.id,
            action: request.command.action(),
            subject,
            before: old,
            after: new,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        CommandResponse {
            effect,
            temporary_password,
        },
        after,
    ))
}

type Snapshot = Option<serde_json::Value>;

/// What the audit log records: the changed thing before → after, never a key.
fn audit_subject(
    request: &CommandRequest,
    before: &Workspace,
    after: &Workspace,
    effect: &Effect,
) -> (String, Snapshot, Snapshot) {
    if let Some(target) = request.command.target() {
        let subject = target.subject();
        return (
            subject,
            WorkspaceView::shown_item(before, target),
            WorkspaceView::shown_item(after, target),
        );
    }
    let user_json = |ws: &Workspace, id| {
        ws.directory
            .iter()
            .find(|u| u.id == id)
            .and_then(|u| serde_json::to_value(u).ok())
    };
    match (&request.command, effect) {
        (_, Effect::UserAdded { user_id }) => {
            (format!("user:{}", user_id.0), None, user_json(after, *user_id))
        }
        (Command::SetRoles { user_id, .. }, _) => (
            format!("user:{}", user_id.0),
            user_json(before, *user_id),
            user_json(after, *user_id),
        ),
        (Command::SetMarketingContact { .. }, _) => (
            "marketing_contact".into(),
            before
                .marketing_contact
                .as_ref()
                .and_then(|c| serde_json::to_value(c).ok()),
            after
                .marketing_contact
                .as_ref()
                .and_then(|c| serde_json::to_value(c).ok()),
        ),
        (_, Effect::AdvisoryRequestSubmitted { confirmation_number }) => (
            format!("advisory_request:{confirmation_number}"),
            Some(serde_json::json!({ "hours_used": before.advisory_hours_used })),
            Some(serde_json::json!({ "hours_used": after.advisory_hours_used })),
        ),
        _ => (
            "company".into(),
            None,
            after
                .cancellations
                .last()
                .and_then(|c| serde_json::to_value(c).ok()),
        ),
    }
}
