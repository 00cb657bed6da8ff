//! Beyond Partner Center: "who has what" (JSON and streamed CSV), the audit log (paged,
//! filtered, CSV) and bulk assignment from a CSV file (dry run, then one transaction).
//! Every signed-in user of the company may read (ROLE-4); writing needs the rules' roles.

use crate::auth::{CurrentUser, SessionToken};
use crate::csv_file::{read_bulk_rows, stream_csv};
use crate::error::{client_lang, ApiError, ApiQuery};
use crate::store::{self, AuditEvent};
use crate::{db, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use benefits_domain::reports::{
    holdings, plan_bulk_assignment, BulkVerdict, Holding, HoldingQuery, HOLDINGS_CSV_HEADER,
};
use benefits_domain::wire::{AuditPage, AuditQuery, BulkAssignmentResult, WorkspaceView};
use chrono::Utc;
use serde::Deserialize;

/// The report's view from the query string (`by`, `area`, `offer`, `status`,
/// `expires_within`, `q`); unknown values filter nothing, an unknown parameter is refused.
fn holding_query(pairs: &[(String, String)]) -> Result<HoldingQuery, ApiError> {
    const KNOWN: [&str; 6] = ["by", "area", "offer", "status", "expires_within", "q"];
    if let Some((unknown, _)) = pairs.iter().find(|(k, _)| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::BadRequest {
            detail: format!(
                "query parameter {unknown}: unknown, expected one of {}",
                KNOWN.join(", ")
            ),
        });
    }
    Ok(HoldingQuery::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ))
}

async fn selected_holdings(
    state: &AppState,
    current: &CurrentUser,
    query: &HoldingQuery,
    lang: benefits_domain::Lang,
) -> Result<Vec<Holding>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let ws = store::load_for_view(&mut conn, current.company_id).await?;
    let now = Utc::now();
    Ok(query.select(
        holdings(&WorkspaceView::of(&ws, now), now, lang),
        now.date_naive(),
    ))
}

/// `GET /reports/holdings`: who has what, one row per person and benefit.
pub async fn get_holdings(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<Vec<Holding>>, ApiError> {
    let lang = client_lang(&headers);
    Ok(Json(
        selected_holdings(&state, &current, &holding_query(&pairs)?, lang).await?,
    ))
}

/// `GET /reports/holdings.csv`: the same view as a streamed CSV file.
pub async fn export_holdings_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let lang = client_lang(&headers);
    let rows = selected_holdings(&state, &current, &holding_query(&pairs)?, lang).await?;
    Ok(stream_csv(
        "who-has-what",
        &HOLDINGS_CSV_HEADER,
        rows.into_iter().map(|h| h.csv_record()),
    ))
}

/// `GET /audit`: one page of the audit log, newest first, filtered.
pub async fn get_audit_log(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let (entries, total, former_users) =
        store::audit_page(&mut conn, current.company_id, &query, false).await?;
    Ok(Json(AuditPage {
        entries,
        total,
        former_users,
        page: query.page(),
        per_page: query.per_page(),
    }))
}

/// `GET /audit.csv`: every line matching the filters (all pages), streamed.
pub async fn export_audit_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let (entries, _, _) = store::audit_page(&mut conn, current.company_id, &query, true).await?;
    let text = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let records = entries.into_iter().map(move |e| {
        [
            e.at.to_rfc3339(),
            e.actor.0.to_string(),
            benefits_domain::reports::formula_safe(&e.actor_name),
            e.area,
            e.action,
            e.subject,
            benefits_domain::reports::formula_safe(&text(&e.before)),
            benefits_domain::reports::formula_safe(&text(&e.after)),
        ]
    });
    Ok(stream_csv(
        "audit-log",
        &[
            "at", "actor_id", "actor", "area", "action", "subject", "before", "after",
        ],
        records,
    ))
}

/// Unknown parameters are refused: `?dryRun=true` must not write for real.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkParams {
    #[serde(default)]
    dry_run: bool,
}

/// `POST /bulk-assignments[?dry_run=true]` with a CSV body (columns email, area, benefit):
/// a verdict per row; without `dry_run` the OK rows are carried out in one transaction.
pub async fn post_bulk_assignment(
    State(state): State<AppState>,
    session: SessionToken,
    // Refused at once without a live session (before the upload is read); checked again
    // inside the write below.
    _: CurrentUser,
    ApiQuery(params): ApiQuery<BulkParams>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<BulkAssignmentResult>, ApiError> {
    let body = crate::csv_file::csv_body(&headers, body)?;
    let rows = read_bulk_rows(&body)?;
    let lang = client_lang(&headers);
    let now = Utc::now();
    let write = db::begin_write_in_turn(&state.pool, &state.writers).await?;
    let mut tx = write.tx;
    // The session again, inside the write: a sign-out or reset while the file came in wins.
    let still = store::user_of_session(&mut *tx, &session, now).await?;
    let current = CurrentUser::may_act(still.ok_or(ApiError::Unauthenticated)?)?;
    let before = store::load_workspace(&mut tx, current.company_id).await?;
    let mut after = before.clone();
    let lines = plan_bulk_assignment(&mut after, &rows, current.user.id, now, lang);
    let ok = lines
        .iter()
        .filter(|l| matches!(l.verdict, BulkVerdict::Ok { .. }))
        .count();
    if params.dry_run || ok == 0 {
        // Nothing is written: the transaction is dropped (rolled back).
        return Ok(Json(BulkAssignmentResult {
            dry_run: params.dry_run,
            lines,
            applied: 0,
        }));
    }
    store::save_changes(&mut tx, &before, &after, "!").await?;
    // One audit line per row carried out, like the same change made by hand.

    for line in &lines {
        if let BulkVerdict::Ok {
            action,
            target: Some(target),
        } = &line.verdict
        {
            store::record_audit(
                &mut tx,
                AuditEvent {
                    company_id: current.company_id,
                    actor: current.user.id,
                    action,
                    subject: target.subject(),
                    before: WorkspaceView::shown_item(&before, *target),
                    after: WorkspaceView::shown_item(&after, *target),
                    at: now,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Json(BulkAssignmentResult {
        dry_run: false,
        lines,
        applied: ok,
    }))
}

/// `GET /reminders`: benefits ending in 30 / 15 / 0 days or ended, renewal windows open.
pub async fn get_reminders(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<benefits_domain::reminders::Reminder>>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let ws = store::load_for_view(&mut conn, current.company_id).await?;
    let now = Utc::now();
    Ok(Json(benefits_domain::reminders::reminders(
        &WorkspaceView::of(&ws, now),
        now,
    )))
}

/// `GET /insights`: allocated vs activated per area, the last 12 months.
pub async fn get_insights(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<benefits_domain::insights::AreaSeries>>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let ws = store::load_workspace(&mut conn, current.company_id).await?;
    Ok(Json(benefits_domain::insights::insights(&ws, Utc::now())))
}
