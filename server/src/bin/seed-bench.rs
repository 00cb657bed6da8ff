//! Seeds the benchmark companies into a database (used by `cargo xtask bench`):
//! 901, 902 and 903, each a Gold company with 10,000 users and 1,000 / 10,000 / 100,000
//! Visual Studio subscriptions held, plus as many free ones as the bench asks for (to
//! assign during its runs); and 904 (10,000 users, 10,000 held, none free) whose pages
//! the browser figures load. The three demo companies are seeded first when the database is empty. Everyone signs
//! in with the demo password; `ada@bench1k.example` (etc.) is the Global admin.

use benefits_domain::benefit::{BenefitType, Offer};
use benefits_domain::demo::{demo_company_workspace, DemoCompany};
use benefits_domain::history::{AssignmentRecord, BenefitKind};
use benefits_domain::visual_studio::{VisualStudioAssignment, VisualStudioProduct, VisualStudioSubscription};
use benefits_domain::workspace::Workspace;
use benefits_domain::{EmailAddress, User, UserId};
use benefits_server::auth::hash_password;
use benefits_server::in_write;
use benefits_server::seed::DEMO_PASSWORD;
use benefits_server::store::{self, Arg, Stmt, Store, WriteTx};
use chrono::{Duration, Utc};

/// (company, domain, subscriptions held, with free ones to assign during the run): three
/// for the write cost, and 904 for the pages of a 10,000-user company.
pub const BENCH_COMPANIES: [(i64, &str, i64, bool); 4] = [
    (901, "bench1k.example", 1_000, true),
    (902, "bench10k.example", 10_000, true),
    (903, "bench100k.example", 100_000, true),
    (904, "benchpages.example", 10_000, false),
];
const USERS: i64 = 10_000;
/// Company N's subscriptions are N × this + 0, 1, 2… (`cargo xtask bench` counts on it).
const IDS_PER_COMPANY: i64 = 10_000_000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    const USAGE: &str =
        "usage: seed-bench <database file or postgres:// URL> <free subscriptions per company>";
    let path = std::env::args().nth(1).ok_or(USAGE)?;
    // `cargo xtask bench` says how many its write runs can use up.
    let free_per_company: i64 = std::env::args().nth(2).ok_or(USAGE)?.parse()?;
    if BENCH_COMPANIES
        .iter()
        .any(|(_, _, held, _)| held + free_per_company > IDS_PER_COMPANY)
    {
        return Err(format!("at most {IDS_PER_COMPANY} subscriptions a company").into());
    }
    let db = Store::connect(&path).await?;
    // The demo companies first (as on a first start), then the big ones.
    benefits_server::seed::seed_demo_companies(&db).await?;
    let password_hash = hash_password(DEMO_PASSWORD);
    let now = Utc::now();
    // Only these companies (e.g. `901` for the PostgreSQL bench), else all.
    let only: Vec<i64> = std::env::args().skip(3).filter_map(|a| a.parse().ok()).collect();
    for (id, domain, held, with_free) in BENCH_COMPANIES {
        if !only.is_empty() && !only.contains(&id) {
            continue;
        }
        let free = if with_free { free_per_company } else { 0 };
        let started = std::time::Instant::now();
        let demo = DemoCompany {
            id,
            name: "Bench",
            domain,
            offer: Offer::Gold,
        };
        let mut ws = demo_company_workspace(&demo, now);
        ws.company.name = format!("Bench {held} assignments");
        let expires_on = ws.visual_studio[0].expires_on;
        ws.directory.extend((1..=USERS).map(|n| User {
            id: UserId(id * 100_000 + n),
            display_name: format!("Person {n:05}"),
            email: EmailAddress::parse(&format!("person{n}@{domain}")).expect("valid"),
            roles: vec![],
            guest: false,
        }));
        let assigned_at = now - Duration::days(100);
        for n in 0..held + free {
            let subscription_id = id * IDS_PER_COMPANY + n;
            let assignment = (n < held).then(|| VisualStudioAssignment {
                subscriber: UserId(id * 100_000 + 1 + n % USERS),
                assigned_at,
            });
            if let Some(a) = &assignment {
                ws.history.push(AssignmentRecord {
                    kind: BenefitKind::VisualStudioSubscription,
                    benefit_id: subscription_id,
                    user: a.subscriber,
                    assigned_at,
                    removed_at: None,
                });
            }
            ws.visual_studio.push(VisualStudioSubscription {
                id: subscription_id,
                product: VisualStudioProduct::Enterprise,
                offer: Offer::Gold,
                benefit_type: BenefitType::Core,
                expires_on,
                assignment,
                freed_from: None,
                version: 1,
            });
        }
        let added = in_write!(&db, |tx| {
            let taken = tx
                .fetch_i64(
                    Stmt::same("SELECT id FROM companies WHERE id = ?"),
                    vec![Arg::from(id)],
                )
                .await?;
            if taken.is_some() {
                return Ok::<bool, sqlx::Error>(false);
            }
            store::insert_company(tx, &ws.company).await?;
            store::save_changes(tx, &Workspace::empty(ws.company.clone()), &ws, &password_hash).await?;
            store::move_sequences_past_ids(tx).await?;
            Ok(true)
        })?;
        if !added {
            println!("company {id} is there already");
            continue;
        }
        // Into the database file, the WAL emptied (the server's checkpoints don't run here):
        // the file is whole by itself.
        // The store's own checkpoints run beside this one: a busy answer is tried again.
        if let Store::Sqlite(sqlite) = &db {
            let mut tries = 0;
            loop {
                let (busy,): (i64,) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(&sqlite.pool)
                    .await?;
                if busy == 0 {
                    break;
                }
                tries += 1;
                if tries == 100 {
                    return Err("the WAL could not be checkpointed: is a server using this file?".into());
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        println!(
            "company {id}: {USERS} users, {held} subscriptions held, {free} free ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
    }
    db.close().await;
    Ok(())
}
