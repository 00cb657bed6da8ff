//! Every write: authenticate → authorise (the session's company) → load → domain check →
//! apply → persist + audit, inside a transaction of the one command writer (which writes
//! the commands waiting together: group commit). A refusal changes nothing.

use crate::auth::{hash_password, CurrentUser, SessionToken};
use crate::error::{ApiError, ApiJson};
use crate::store::sqlite::{Now, SqliteStore};
use crate::store::{self, AuditEvent, Store, WriteTx};
use crate::{in_write, AppState};
use axum::extract::State;
use axum::Json;
use benefits_domain::accounts::check_add_user;
use benefits_domain::history::BenefitKind;
use benefits_domain::permission::Permission;
use benefits_domain::wire::{CommandRequest, CommandResponse, WorkspaceView};
use benefits_domain::workspace::{Command, Effect, NewIds, Target, Workspace};
use chrono::Utc;
use futures_util::FutureExt;
use rand::distributions::{Alphanumeric, DistString};
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

pub async fn post_command(
    State(state): State<AppState>,
    session: SessionToken,
    ApiJson(request): ApiJson<CommandRequest>,
) -> Result<Json<CommandResponse>, ApiError> {
    // A command received whole is carried out even if the client goes away meanwhile (hyper
    // drops this handler then): the user saw its effect at once (optimistic), so a reload
    // right after the click must not undo it. The work runs in a task of its own.
    let done = tokio::spawn(async move { run_command(&state, session, request).await });
    let (response, _) = done.await.map_err(|_| ApiError::Internal)??;
    Ok(Json(response))
}

/// What a command gives back: the response and the company's workspace after it.
type Outcome = Result<(CommandResponse, Workspace), ApiError>;

/// One command waiting for the writer.
pub struct CommandJob {
    /// Looked up by the writer, in the command's own transaction: the session and roles
    /// checked are those at the very moment the command is written (a sign-out, a reset or
    /// a role taken away a moment before is seen).
    session: SessionToken,
    request: CommandRequest,
    /// ROLE-5 / ACC-3: a temporary password and its hash, made before the queue (argon2 is
    /// slow on purpose; the writer must not wait for it).
    temporary_password: Option<(String, String)>,
    reply: oneshot::Sender<Outcome>,
}

/// Commands written together in one transaction at most (group commit).
const MOST_PER_TRANSACTION: usize = 64;

/// Starts the process's one command writer: a thread of its own with its own connection
/// (`db::open_command_writer`). Commands queue in arrival order; the writer takes every
/// command waiting (up to [`MOST_PER_TRANSACTION`]) and writes them in one transaction, one
/// after the other, each seeing the ones before: SQLite's transaction start and commit are
/// paid once per group instead of once per command. Answers go out after the commit, so an
/// answered command is stored. After each group it wakes the WAL checkpoints
/// (`checkpoints`). The thread ends when the queue's last sender is dropped.
///
/// Why a thread and a connection of its own: run through sqlx, every load and write of a
/// command is two thread hand-offs (to the connection's SQLite thread and back), which cost
/// more than the SQL itself; and its prepared statements are kept from group to group.
pub fn start_command_writer(
    store: &SqliteStore,
) -> Result<mpsc::Sender<CommandJob>, Box<dyn std::error::Error>> {
    let db = store::sqlite::open_command_writer(&store.path)?;
    let (writers, checkpoints) = (store.writers.clone(), store.checkpoints.clone());
    let (sender, mut queue) = mpsc::channel::<CommandJob>(4 * MOST_PER_TRANSACTION);
    std::thread::Builder::new()
        .name("command-writer".into())
        .spawn(move || {
            while let Some(first) = queue.blocking_recv() {
                let mut group = vec![first];
                while group.len() < MOST_PER_TRANSACTION {
                    match queue.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                // This process's writes take turns (the bulk upload and sign-ins too).
                let _turn = writers.blocking_lock();
                // A bug that panics fails its group (their answers are dropped:
                // `internal`; the open transaction is rolled back as it unwinds), not the
                // writer: the commands after it still get written.
                let _ = std::panic::catch_unwind(AssertUnwindSafe(|| write_group(&db, group)));
                // The WAL has pages to copy (see `store::sqlite::start_checkpoints`).
                checkpoints.notify_one();
            }
        })?;
    Ok(sender)
}

/// Writes a group in one transaction. A refused command writes nothing and doesn't stop
/// the others; if the database fails part-way, the group is undone and every command of
/// it runs again alone, so one broken command can't take the others down.
fn write_group(db: &rusqlite::Connection, group: Vec<CommandJob>) {
    match write_together(db, &group) {
        Ok(outcomes) => {
            for (job, outcome) in group.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        Err(error) if group.len() == 1 => {
            for job in group {
                let _ = job.reply.send(Err(error.clone()));
            }
        }
        Err(_) => {
            for job in group {
                let outcome = write_together(db, std::slice::from_ref(&job))
                    .and_then(|mut outcomes| outcomes.pop().unwrap_or(Err(ApiError::Internal)));
                let _ = job.reply.send(outcome);
            }
        }
    }
}

/// Writes `group` in one transaction: `Err` only when the database failed (nothing of the
/// group is stored then); a command refused by its rules is an `Ok` outcome that wrote nothing.
fn write_together(db: &rusqlite::Connection, group: &[CommandJob]) -> Result<Vec<Outcome>, ApiError> {
    // Dropped without commit (an error, a panic): rolled back.
    let tx = rusqlite::Transaction::new_unchecked(db, rusqlite::TransactionBehavior::Immediate)
        .map_err(store::writes::from_rusqlite)?;
    let mut outcomes = Vec::with_capacity(group.len());
    for job in group {
        // The writer's connection answers at once: the future is ready when first polled.
        let outcome = write_command(&mut Now(&tx), job)
            .now_or_never()
            .unwrap_or(Err(ApiError::Internal));
        if let Err(ApiError::Internal) = outcome {
            return Err(ApiError::Internal);
        }
        outcomes.push(outcome);
    }
    tx.commit().map_err(store::writes::from_rusqlite)?;
    Ok(outcomes)
}

/// Runs one command for the signed-in user; returns its response and the workspace after it.
/// Once received, a command runs to its end even when the client goes away: the user saw
/// its effect at once (optimistic), so a reload right after the click must not undo it.
pub async fn run_command(state: &AppState, session: SessionToken, request: CommandRequest) -> Outcome {
    // ROLE-5 / ACC-3: a temporary password is hashed before the queue (argon2 is slow on
    // purpose; the writer must not wait for it), and only for someone who may make one.
    let may_make = match &request.command {
        Command::AddUser { .. } => Some(Permission::ManageUsers),
        Command::ResetPassword { .. } => Some(Permission::ResetPasswords),
        _ => None,
    };
    let temporary_password = match may_make {
        Some(permission) => {
            let current = CurrentUser::of_session(state, &session).await?;
            match permission.is_held_by(&current.user) {
                true => Some(new_temporary_password().await?),
                false => None,
            }
        }
        None => None,
    };
    let (reply, answer) = oneshot::channel();
    let job = CommandJob {
        session,
        request,
        temporary_password,
        reply,
    };
    match (&state.store, &state.commands) {
        // SQLite: the process's one writer, in groups.
        (Store::Sqlite(_), Some(commands)) => {
            commands.send(job).await.map_err(|_| ApiError::Internal)?;
            answer.await.map_err(|_| ApiError::Internal)?
        }
        // PostgreSQL: a transaction of its own; the company's row lock orders it.
        _ => in_write!(&state.store, |tx| write_command(tx, &job).await),
    }
}

/// A temporary password (ROLE-5, ACC-3) and its argon2 hash.
async fn new_temporary_password() -> Result<(String, String), ApiError> {
    let password = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 16);
    let for_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&for_hash))
        .await
        .map_err(|_| ApiError::Internal)?;
    Ok((password, hash))
}

/// One command inside a write transaction: load what it needs → check → apply → persist +
/// audit. A refusal returns before anything is written.
async fn write_command(db: &mut impl WriteTx, job: &CommandJob) -> Outcome {
    let now = Utc::now();
    let found = match db.user_of_session(&job.session, now).await? {
        Some(found) => found,
        None if job.session.origin.is_some() && store::session_exists(db, &job.session).await? => {
            return Err(ApiError::TokenExpired)
        }
        None => return Err(ApiError::Unauthenticated),
    };
    let current = &CurrentUser::may_act(found)?;
    let request = &job.request;
    // The company's writes take turns, whichever server instance runs them.
    store::lock_company(db, current.company_id).await?;
    // Only what the command needs: the cost of a write doesn't grow with the company.
    let parts = store::Parts::for_command(&request.command);
    let before = db
        .load_parts(current.company_id, parts, Some(current.user.id))
        .await?;
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
        let in_use = store::email_in_use(db, &user.email).await?;
        check_add_user(user, &current.user, &before.directory, in_use)?;
    }
    // User and benefit IDs are unique across companies: the next is the database's.
    let ids = NewIds {
        user: match request.command {
            Command::AddUser { .. } => Some(store::next_user_id(db).await?),
            _ => None,
        },
        first_benefit: match request.command {
            // As many IDs as the offer provisions benefits (counted on a trial copy).
            Command::AddOffer { .. } => {
                let mut trial = before.clone();
                let trial_ids = NewIds {
                    user: None,
                    first_benefit: Some(0),
                };
                trial.apply_with(&request.command, current.user.id, now, trial_ids)?;
                let provisioned = store::benefit_count(&trial) - store::benefit_count(&before);
                Some(store::next_benefit_ids(db, provisioned.max(1)).await?)
            }
            _ => None,
        },
    };
    let mut after = before.clone();
    let effect = after.apply_with(&request.command, current.user.id, now, ids)?;
    // ROLE-5 / ACC-3: a temporary password, shown once in this response only, that must be
    // changed at the first sign-in (ACC-1); a reset ends the user's sessions.
    let made = match (&effect, &job.temporary_password) {
        (Effect::UserAdded { user_id } | Effect::PasswordReset { user_id }, Some((password, hash))) => {
            Some((*user_id, password, hash))
        }
        (Effect::UserAdded { .. } | Effect::PasswordReset { .. }, None) => return Err(ApiError::Internal),
        _ => None,
    };
    // The changes and their audit line: one batch of statements.
    let mut writes = store::Writes::default();
    // No one can sign in with "!": it is not an argon2 hash (a new user's is set just below).
    writes.changes(&before, &after, "!")?;
    if let Some((user, _, hash)) = made {
        store::temporary_password(&mut writes, user, hash);
    }
    let temporary_password = made.map(|(_, password, _)| password.clone());
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
    // ACC-4: one line more per thing the removal changed (a credit taken back, a
    // subscription freed), as if each was done by hand.
    if let Effect::UserRemoved { user_id } = effect {
        let held = before.holdings_of(user_id);
        let targets = held
            .monthly_credits
            .iter()
            .map(|id| Target {
                kind: BenefitKind::AzureCredit,
                id: *id,
            })
            .chain(held.visual_studio.iter().map(|id| Target {
                kind: BenefitKind::VisualStudioSubscription,
                id: *id,
            }));
        for target in targets {
            writes.audit(AuditEvent {
                company_id: current.company_id,
                actor: current.user.id,
                action: request.command.action(),
                subject: target.subject(),
                before: WorkspaceView::shown_item(&before, target),
                after: WorkspaceView::shown_item(&after, target),
                at: now,
            });
        }
    }
    db.execute(writes).await?;
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
        // Never the password, nor its hash: only that it was reset.
        (_, Effect::PasswordReset { user_id }) => (format!("user:{}", user_id.0), None, None),
        // ACC-4: who left, and what they held then.
        (_, Effect::UserRemoved { user_id }) => (
            format!("user:{}", user_id.0),
            user_json(before, *user_id).map(|mut user| {
                user["held"] = serde_json::to_value(before.holdings_of(*user_id)).unwrap_or_default();
                user
            }),
            None,
        ),
        (Command::RenewOffer { offer } | Command::AddOffer { offer, .. }, _) => {
            let latest = |ws: &Workspace| {
                benefits_domain::membership::latest_of(&ws.company, *offer)
                    .and_then(|m| serde_json::to_value(m).ok())
            };
            (format!("offer:{}", offer.key()), latest(before), latest(after))
        }
        (Command::SetRoles { user_id, .. }, _) => (
            format!("user:{}", user_id.0),
            user_json(before, *user_id),
            user_json(after, *user_id),
        ),
        (Command::SetCreditEquivalent { .. }, _) => {
            let equivalent = |ws: &Workspace| {
                ws.company
                    .usd_100_equivalent
                    .map(|m| serde_json::json!({ "usd_100_equivalent": m }))
            };
            ("company".into(), equivalent(before), equivalent(after))
        }
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
