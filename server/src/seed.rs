//! Demo data for a first start: three companies (Action Pack, Silver, Gold), each with a
//! user for every role and a guest, and benefits in every area (`benefits_domain::demo`).

use crate::auth::hash_password;
use crate::in_write;
use crate::store::{self, Arg, Stmt, Store, WriteTx};
use benefits_domain::demo::{demo_company_workspace, demo_directory, DEMO_COMPANIES};
use benefits_domain::workspace::Workspace;
use benefits_domain::Lang;
use chrono::Utc;

pub use benefits_domain::demo::DEMO_PASSWORD;

/// Seeds the demo companies into an empty database; returns how many, or `None` when the
/// database already has data (seeding happens on first start only).
pub async fn seed_demo_companies(store: &Store) -> Result<Option<usize>, sqlx::Error> {
    let password_hash = hash_password(DEMO_PASSWORD);
    let now = Utc::now();
    in_write!(store, |tx| {
        // Instances starting together on one PostgreSQL seed once (the others then find data).
        store::first_start_lock(tx).await?;
        let companies = tx
            .fetch_i64(Stmt::same("SELECT count(*) FROM companies"), vec![])
            .await?
            .unwrap_or(0);
        if companies > 0 {
            return Ok(None);
        }
        for demo in &DEMO_COMPANIES {
            let ws = demo_company_workspace(demo, now);
            store::insert_company(tx, &ws.company).await?;
            let empty = Workspace::empty(ws.company.clone());
            store::save_changes(tx, &empty, &ws, &password_hash).await?;
        }
        // The demo's IDs were given by hand: new ones follow them.
        store::move_sequences_past_ids(tx).await?;
        Ok::<_, sqlx::Error>(Some(DEMO_COMPANIES.len()))
    })
}

/// Prints the demo sign-ins, so whoever started the server knows how to get in.
pub async fn print_demo_sign_ins(store: &Store, just_seeded: bool) -> Result<(), sqlx::Error> {
    let first = store
        .fetch_i64(
            "SELECT id FROM users WHERE email = ?",
            vec![Arg::from(demo_directory(&DEMO_COMPANIES[0])[0].email.as_str())],
        )
        .await?;
    if first.is_none() {
        return Ok(());
    }
    let when = if just_seeded {
        "seeded now"
    } else {
        "seeded on first start"
    };
    println!("Demo sign-ins ({when}), password `{DEMO_PASSWORD}`:");
    for demo in &DEMO_COMPANIES {
        println!("  {} ({}):", demo.name, demo.offer.label());
        for user in demo_directory(demo) {
            let roles: Vec<_> = user.roles.iter().map(|r| r.label(Lang::En)).collect();
            let roles = if roles.is_empty() {
                "no role".to_string()
            } else {
                roles.join(", ")
            };
            let guest = if user.guest { " (guest)" } else { "" };
            println!("    {:<34} {roles}{guest}", user.email.as_str());
        }
    }
    Ok(())
}
