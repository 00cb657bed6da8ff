//! Beyond Partner Center: "who has what" (JSON and streamed CSV), the audit log (paged,
//! filtered, CSV) and bulk assignment from a CSV file (dry run, then one transaction).
//! Every signed-in user of the company may read (ROLE-4); writing needs the rules' roles.

use crate::auth::{CurrentUser, SessionToken};
use crate::csv_file::{read_bulk_rows, stream_csv};
use crate::error::{client_lang, ApiError, ApiQuery};
use crate::store::{self, AuditEvent, WriteTx};
use crate::{in_write, AppState};
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
    let ws = state.store.load_for_view(current.company_id).await?;
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
    let (entries, total, former_users) = state.store.audit_page(current.company_id, &query, false).await?;
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
    let (entries, _, _) = state.store.audit_page(current.company_id, &query, true).await?;
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
    let result = in_write!(&state.store, |tx| {
        bulk_assign(tx, &session, &rows, params.dry_run, lang, now).await
    })?;
    Ok(Json(result))
}

/// The file's rows judged, and (unless `dry_run`) the OK ones carried out, inside `tx`.
async fn bulk_assign(
    tx: &mut impl WriteTx,
    session: &SessionToken,
    rows: &[benefits_domain::reports::BulkRow],
    dry_run: bool,
    lang: benefits_domain::Lang,
    now: chrono::DateTime<Utc>,
) -> Result<BulkAssignmentResult, ApiError> {
    // The session again, inside the write: a sign-out or reset while the file came in wins.
    let still = tx.user_of_session(session, now).await?;
    let current = CurrentUser::may_act(still.ok_or(ApiError::Unauthenticated)?)?;
    store::lock_company(tx, current.company_id).await?;
    let before = store::load_workspace(tx, current.company_id).await?;
    let mut after = before.clone();
    let lines = plan_bulk_assignment(&mut after, rows, current.user.id, now, lang);
    let ok = lines
        .iter()
        .filter(|l| matches!(l.verdict, BulkVerdict::Ok { .. }))
        .count();
    if dry_run || ok == 0 {
        // Nothing is written.
        return Ok(BulkAssignmentResult {
            dry_run,
            lines,
            applied: 0,
        });
    }
    let mut writes = store::Writes::default();
    writes.changes(&before, &after, "!")?;
    // One audit line per row carried out, like the same change made by hand.
    for line in &lines {
        if let BulkVerdict::Ok {
            action,
            target: Some(target),
        } = &line.verdict
        {
            writes.audit(AuditEvent {
                company_id: current.company_id,
                actor: current.user.id,
                action,
                subject: target.subject(),
                before: WorkspaceView::shown_item(&before, *target),
                after: WorkspaceView::shown_item(&after, *target),
                at: now,
            });
        }
    }
    tx.execute(writes).await?;
    Ok(BulkAssignmentResult {
        dry_run: false,
        lines,
        applied: ok,
    })
}

/// `GET /reminders`: benefits ending in 30 / 15 / 0 days or ended, renewal windows open.
pub async fn get_reminders(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Vec<benefits_domain::reminders::Reminder>>, ApiError> {
    let ws = state.store.load_for_view(current.company_id).await?;
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
    let ws = state.store.load_workspace(current.company_id).await?;
    Ok(Json(benefits_domain::insights::insights(&ws, Utc::now())))
}
