//! `/api/v1`: the JSON API. Every route but sign-in and first-run setup needs a session.

pub mod commands;
mod embed;
mod inventory;
mod reports;
mod session;
mod setup;
mod users;
mod visual_studio;
mod workspace;

use crate::error::{localise_errors, ApiError};
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::TimeoutLayer;

/// Bodies of this API are small; anything bigger is refused before it is read.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Answers smaller than this go as they are: a compressed frame would save less than a
/// packet (a sign-in, a command's answer).
const COMPRESS_ABOVE_BYTES: u16 = 1024;

/// br or gzip, as the client accepts (br first), for answers above [`COMPRESS_ABOVE_BYTES`],
/// streamed CSV exports too (chunk by chunk). Level 4 for both: brotli's own default (11)
/// takes seconds on a 3 MB workspace; 4 is what CDNs use for dynamic answers.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            SizeAbove::new(COMPRESS_ABOVE_BYTES)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE),
        )
}

pub fn router(state: AppState) -> Router {
    let request_timeout = Duration::from_secs(state.config.request_timeout.max(1));
    Router::new()
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/me", get(session::me))
        .route("/me/password", post(session::change_password))
        .route("/embed/tokens", post(embed::issue_embed_token))
        .route("/users", get(users::list_users))
        .route("/workspace", get(workspace::get_workspace))
        .route("/audit", get(reports::get_audit_log))
        .route("/audit.csv", get(reports::export_audit_csv))
        .route("/reminders", get(reports::get_reminders))
        .route("/insights", get(reports::get_insights))
        .route("/reports/holdings", get(reports::get_holdings))
        .route("/reports/holdings.csv", get(reports::export_holdings_csv))
        .route(
            "/bulk-assignments",
            post(reports::post_bulk_assignment)
                .layer(DefaultBodyLimit::max(crate::csv_file::MAX_UPLOAD_BYTES)),
        )
        .route(
            "/inventory-imports",
            post(inventory::post_inventory_import)
                .layer(DefaultBodyLimit::max(crate::csv_file::MAX_UPLOAD_BYTES)),
        )
        .route("/setup", post(setup::post_setup))
        .route("/setup/status", post(setup::post_setup_status))
        .route("/commands", post(commands::post_command))
        .route(
            "/visual-studio/subscriptions",
            get(visual_studio::list_visual_studio_subscriptions),
        )
        .route(
            "/visual-studio/subscriptions/{id}/assign",
            post(visual_studio::assign_visual_studio_subscriber),
        )
        .route(
            "/visual-studio/subscriptions/{id}/reassign",
            post(visual_studio::reassign_visual_studio_subscriber),
        )
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // A request has a deadline, its body's arrival included: a slow client can't hold
        // one open. A panic is a 500. Both answers become JSON in `localise_errors`.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            request_timeout,
        ))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(localise_errors))
        .layer(compression())
        .with_state(state)
}
