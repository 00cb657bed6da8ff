//! OFR-1's inventory import: `POST /inventory-imports[?dry_run=true]` with a CSV body. Every
//! row gets a verdict; without `dry_run` the OK rows are written in one transaction. The
//! answer never carries a key (SW-1).

use crate::auth::{CurrentUser, SessionToken};
use crate::csv_file::{csv_body, read_inventory_rows};
use crate::error::{client_lang, ApiError, ApiQuery};
use crate::store::{self, AuditEvent, WriteTx};
use crate::{in_write, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use benefits_domain::inventory::{plan_import, InventoryImportResult, InventoryVerdict};
use benefits_domain::permission::{require, Permission};
use chrono::Utc;
use serde::Deserialize;

/// Unknown parameters are refused: `?dryRun=true` must not write for real.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    #[serde(default)]
    dry_run: bool,
}

pub async fn post_inventory_import(
    State(state): State<AppState>,
    session: SessionToken,
    // Refused at once without a live session (before the upload is read); checked again
    // inside the write below.
    _: CurrentUser,
    ApiQuery(params): ApiQuery<ImportParams>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<InventoryImportResult>, ApiError> {
    let body = csv_body(&headers, body)?;
    let rows = read_inventory_rows(&body)?;
    let lang = client_lang(&headers);
    let now = Utc::now();
    let result = in_write!(&state.store, |tx| {
        import_rows(tx, &session, &rows, params.dry_run, lang, now).await
    })?;
    Ok(Json(result))
}

/// The file's rows judged, and (unless `dry_run`) the OK ones written, inside `tx`.
async fn import_rows(
    tx: &mut impl WriteTx,
    session: &SessionToken,
    rows: &[benefits_domain::inventory::InventoryRow],
    dry_run: bool,
    lang: benefits_domain::Lang,
    now: chrono::DateTime<Utc>,
) -> Result<InventoryImportResult, ApiError> {
    // The session again, inside the write: a sign-out or a role taken meanwhile wins.
    let still = tx.user_of_session(session, now).await?;
    let current = CurrentUser::may_act(still.ok_or(ApiError::Unauthenticated)?)?;
    store::lock_company(tx, current.company_id).await?;
    let before = store::load_workspace(tx, current.company_id).await?;
    // ROLE-3: keys are for those who may see them.
    require(Permission::ActivateOrRevealKeys, &current.user, &before.directory)?;
    // At most one new benefit per row: IDs for all of them (unused ones are a gap).
    let mut next = store::next_benefit_ids(tx, rows.len().max(1) as i64).await?;
    let mut after = before.clone();
    let lines = plan_import(&mut after, rows, now, lang, &mut || {
        next += 1;
        next - 1
    });
    let ok = lines
        .iter()
        .filter(|l| matches!(l.verdict, InventoryVerdict::Ok { .. }))
        .count();
    if dry_run || ok == 0 {
        // Nothing is written.
        return Ok(InventoryImportResult {
            dry_run,
            lines,
            applied: 0,
        });
    }
    let mut writes = store::Writes::default();
    writes.changes(&before, &after, "!")?;
    // One audit line for the file: how many rows, into which benefits — never a key.
    let benefits: std::collections::BTreeSet<i64> = lines
        .iter()
        .filter_map(|l| match l.verdict {
            InventoryVerdict::Ok { benefit_id, .. } => Some(benefit_id),
            InventoryVerdict::Refused { .. } => None,
        })
        .collect();
    writes.audit(AuditEvent {
        company_id: current.company_id,
        actor: current.user.id,
        action: "import_inventory",
        subject: "inventory".into(),
        before: None,
        after: Some(serde_json::json!({ "rows": ok, "refused": lines.len() - ok, "benefits": benefits })),
        at: now,
    });
    tx.execute(writes).await?;
    Ok(InventoryImportResult {
        dry_run: false,
        lines,
        applied: ok,
    })
}
