//! Every write: authenticate → authorise (the session's company) → load → domain check →
//! apply → persist + audit, inside a transaction of the one command writer (which writes
//! the commands waiting together: group commit). A refusal changes nothing.

use crate::auth::{hash_password, CurrentUser};
use crate::error::{ApiError, ApiJson};
use crate::store::{self, AuditEvent};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use benefits_domain::accounts::check_add_user;
use benefits_domain::permission::Permission;
use benefits_domain::wire::{CommandRequest, CommandResponse, WorkspaceView};
use benefits_domain::workspace::{Command, Effect, Workspace};
use chrono::Utc;
use futures_util::FutureExt;
use rand::distributions::{Alphanumeric, DistString};
use sqlx::SqlitePool;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

pub async fn post_command(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(request): ApiJson<CommandRequest>,
) -> Result<Json<CommandResponse>, ApiError> {
    let (response, _) = run_command(&state, &current, request).await?;
    Ok(Json(response))
}

/// What a command gives back: the response and the company's workspace after it.
type Outcome = Result<(CommandResponse, Workspace), ApiError>;

/// One command waiting for the writer.
pub struct CommandJob {
    current: CurrentUser,
    request: CommandRequest,
    /// ROLE-5: a new user's temporary password and its hash, made before the queue (argon2
    /// is slow on purpose; the writer must not wait for it).
    new_user_password: Option<(String, String)>,
    reply: oneshot::Sender<Outcome>,
}

/// Commands written together in one transaction at most (group commit).
const MOST_PER_TRANSACTION: usize = 64;

/// Starts the process's one command writer. Commands queue in arrival order; the writer
/// takes every command waiting (up to [`MOST_PER_TRANSACTION`]) and writes them in one
/// transaction, one after the other, each seeing the ones before: SQLite's transaction
/// start and commit are paid once per group instead of once per command. Answers go out
/// after the commit, so an answered command is stored.
pub fn start_command_writer(
    pool: SqlitePool,
    writers: Arc<tokio::sync::Mutex<()>>,
) -> mpsc::Sender<CommandJob> {
    let (sender, mut queue) = mpsc::channel::<CommandJob>(4 * MOST_PER_TRANSACTION);
    tokio::spawn(async move {
        while let Some(first) = queue.recv().await {
            let mut group = vec![first];
            while group.len() < MOST_PER_TRANSACTION {
                match queue.try_recv() {
                    Ok(job) => group.push(job),
                    Err(_) => break,
                }
            }
            // A bug that panics fails its group (their answers are dropped: `internal`),
            // not the writer: the commands after it still get written.
            let _ = AssertUnwindSafe(write_group(&pool, &writers, group))
                .catch_unwind()
                .await;
        }
    });
    sender
}

/// Writes a group in one transaction. A refused command writes nothing and doesn't stop
/// the others; if the database fails part-way, the group is undone and every command of
/// it runs again alone, so one broken command can't take the others down.
async fn write_group(pool: &SqlitePool, writers: &Arc<tokio::sync::Mutex<()>>, group: Vec<CommandJob>) {
    let alone = group.len() == 1;
    match write_together(pool, writers, group).await {
        (group, Ok(outcomes)) => {
            for (job, outcome) in group.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        (group, Err(error)) if alone => {
            for job in group {
                let _ = job.reply.send(Err(error.clone()));
            }
        }
        (group, Err(_)) => {
            for job in group {
                let (mut job, outcome) = write_together(pool, writers, vec![job]).await;
                let outcome =
                    outcome.and_then(|mut outcomes| outcomes.pop().unwrap_or(Err(ApiError::Internal)));
                if let Some(job) = job.pop() {
                    let _ = job.reply.send(outcome);
                }
            }
        }
    }
}

/// Writes `group` in one transaction: `Err` only when the database failed (nothing of the
/// group is stored then); a command refused by its rules is an `Ok` outcome that wrote nothing.
///
/// The group runs on a blocking thread, directly on the connection's SQLite handle (locked
/// from sqlx for the while): every load and write would otherwise be two thread hand-offs,
/// which cost more than the SQL itself.
async fn write_together(
    pool: &SqlitePool,
    writers: &Arc<tokio::sync::Mutex<()>>,
    group: Vec<CommandJob>,
) -> (Vec<CommandJob>, Result<Vec<Outcome>, ApiError>) {
    let turn = writers.clone().lock_owned().await;
    let conn = match pool.acquire().await {
        Ok(conn) => conn,
        Err(e) => return (group, Err(e.into())),
    };
    let runtime = tokio::runtime::Handle::current();
    let written = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let mut conn = conn;
        let result = runtime
            .block_on(conn.lock_handle())
            .map_err(ApiError::from)
            .and_then(|mut handle| {
                // SAFETY: the handle is ours until `handle` is dropped, after this block;
                // rusqlite does not close a connection made from a handle.
                let db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr()) }
                    .map_err(store::from_rusqlite)?;
                write_together_now(&db, &group)
            });
        (group, result)
    })
    .await;
    match written {
        Ok(written) => written,
        // The blocking task panicked: its jobs are gone with it; nothing was committed.
        Err(_) => (Vec::new(), Err(ApiError::Internal)),
    }
}

fn write_together_now(db: &rusqlite::Connection, group: &[CommandJob]) -> Result<Vec<Outcome>, ApiError> {
    // Dropped without commit (an error, a panic): rolled back.
    let tx = rusqlite::Transaction::new_unchecked(db, rusqlite::TransactionBehavior::Immediate)
        .map_err(store::from_rusqlite)?;
    let mut outcomes = Vec::with_capacity(group.len());
    for job in group {
        let outcome = write_command(&tx, job);
        if let Err(ApiError::Internal) = outcome {
            return Err(ApiError::Internal);
        }
        outcomes.push(outcome);
    }
    tx.commit().map_err(store::from_rusqlite)?;
    Ok(outcomes)
}

/// Runs one command for the signed-in user; returns its response and the workspace after it.
/// Once received, a command runs to its end even when the client goes away: the user saw
/// its effect at once (optimistic), so a reload right after the click must not undo it.
pub async fn run_command(state: &AppState, current: &CurrentUser, request: CommandRequest) -> Outcome {
    let new_user_password = match &request.command {
        Command::AddUser { .. } if Permission::ManageUsers.is_held_by(&current.user) => {
            let password = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 16);
            let for_hash = password.clone();
            let hash = tokio::task::spawn_blocking(move || hash_password(&for_hash))
                .await
                .map_err(|_| ApiError::Internal)?;
            Some((password, hash))
        }
        _ => None,
    };
    let (reply, answer) = oneshot::channel();
    let job = CommandJob {
        current: current.clone(),
        request,
        new_user_password,
        reply,
    };
    state.commands.send(job).await.map_err(|_| ApiError::Internal)?;
    answer.await.map_err(|_| ApiError::Internal)?
}

/// One command inside the writer's transaction: load what it needs → check → apply →
/// persist + audit. A refusal returns before anything is written.
fn write_command(db: &rusqlite::Connection, job: &CommandJob) -> Outcome {
    let (current, request) = (&job.current, &job.request);
    let now = Utc::now();
    // Only what the command needs: the cost of a write doesn't grow with the company.
    let parts = store::Parts::for_command(&request.command);
    let before = store::load_parts_now(db, current.company_id, parts, Some(current.user.id))?;
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
        let in_use = store::email_in_use_now(db, &user.email)?;
        check_add_user(user, &current.user, &before.directory, in_use)?;
    }
    let mut after = before.clone();
    let effect = after.apply(&request.command, current.user.id, now)?;
    // ROLE-5: a new user gets a temporary password, shown once in this response only.
    let (temporary_password, password_hash) = match (&effect, &job.new_user_password) {
        (Effect::UserAdded { .. }, Some((password, hash))) => (Some(password.clone()), hash.as_str()),
        (Effect::UserAdded { .. }, None) => return Err(ApiError::Internal),
        // No one can sign in with this: it is not an argon2 hash.
        _ => (None, "!"),
    };
    // The changes and their audit line: one batch of statements.
    let mut writes = store::Writes::default();
    writes.changes(&before, &after, password_hash)?;
    let (subject, old, new) = audit_subject(request, &before, &after, &effect);
    writes.audit(AuditEvent {
        company_id: current.company_id,
        actor: current.user.id,
        action: request.command.action(),
        subject,
        before: old,
        after: new,
        at: now,
    });
    writes.execute_now(db)?;
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
