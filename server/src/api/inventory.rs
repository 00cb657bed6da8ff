//! OFR-1's inventory import: `POST /inventory-imports[?dry_run=true]` with a CSV body. Every
//! row gets a verdict; without `dry_run` the OK rows are written in one transaction. The
//! answer never carries a key (SW-1).

use crate::auth::{CurrentUser, SessionToken};
use crate::csv_file::{csv_body, read_inventory_rows};
use crate::error::{client_lang, ApiError, ApiQuery};
use crate::store::{self, AuditEvent};
use crate::{db, AppState};
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
    let write = db::begin_write_in_turn(&state.pool, &state.writers).await?;
    let mut tx = write.tx;
    // The session again, inside the write: a sign-out or a role taken meanwhile wins.
    let still = store::user_of_session(&mut *tx, &session, now).await?;
    let current = CurrentUser::may_act(still.ok_or(ApiError::Unauthenticated)?)?;
    let before = store::load_workspace(&mut tx, current.company_id).await?;
    // ROLE-3: keys are for those who may see them.
    require(Permission::ActivateOrRevealKeys, &current.user, &before.directory)?;
    let mut next = store::next_benefit_id(&mut tx).await?;
    let mut after = before.clone();
    let lines = plan_import(&mut after, &rows, now, lang, &mut || {
        next += 1;
        next - 1
    });
    let ok = lines
        .iter()
        .filter(|l| matches!(l.verdict, InventoryVerdict::Ok { .. }))
        .count();
    if params.dry_run || ok == 0 {
        // Nothing is written: the transaction is dropped (rolled back).
        return Ok(Json(InventoryImportResult {
            dry_run: params.dry_run,
            lines,
            applied: 0,
        }));
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
    writes.execute(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(InventoryImportResult {
        dry_run: false,
        lines,
        applied: ok,
    }))
}
