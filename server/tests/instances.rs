//! Several server instances on one PostgreSQL (issue 21): nothing that decides an answer
//! lives in one process. Each instance here is the server binary, a process of its own.
//! These run in `cargo xtask test`'s PostgreSQL pass (`PB_TEST_POSTGRES`); on SQLite (one
//! process per file) there is nothing of this to test, and they say so.

mod common;

use benefits_server::seed::DEMO_PASSWORD;
use benefits_server::store::Store;
use common::{fresh_database, on_postgres, Instance};
use reqwest::StatusCode;
use serde_json::json;

fn skipped_on_sqlite() -> bool {
    if !on_postgres() {
        eprintln!("PostgreSQL only (PB_TEST_POSTGRES): skipped in the SQLite pass");
    }
    !on_postgres()
}

async fn pg_pool(database: &str) -> sqlx::PgPool {
    match Store::connect(database).await.unwrap() {
        Store::Postgres(pg) => pg.pool,
        Store::Sqlite(_) => unreachable!("a postgres:// database"),
    }
}

async fn sign_in(base: &str, email: &str, password: &str) -> (reqwest::Client, StatusCode) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let status = client
        .post(format!("{base}/session"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status();
    (client, status)
}

#[tokio::test]
async fn tenant_tables_are_ready_for_distribution_by_company() {
    if skipped_on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pool = pg_pool(&fresh_database(dir.path()).await).await;
    let check = include_str!("sql/postgres_distribution_check.sql");
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(check).fetch_all(&pool).await.unwrap();
    let broken: Vec<_> = rows.iter().filter(|(_, _, _, ok)| !ok).collect();
    assert!(broken.is_empty(), "keys without the company: {broken:?}");
    for table in [
        "companies",
        "users",
        "user_roles",
        "former_users",
        "benefits",
        "key_reveals",
        "advisory_requests",
        "cancellations",
        "assignment_history",
        "audit_events",
    ] {
        assert!(
            rows.iter().any(|(t, _, kind, _)| t == table && kind == "pk"),
            "{table} has its primary key checked"
        );
    }
    // The check can fail: a tenant table keyed by ID alone is caught.
    sqlx::query("CREATE TABLE scratch (id BIGINT PRIMARY KEY, company_id BIGINT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(check).fetch_all(&pool).await.unwrap();
    assert!(rows
        .iter()
        .any(|(t, _, kind, ok)| t == "scratch" && kind == "pk" && !ok));
}

#[tokio::test]
async fn instances_starting_together_migrate_and_seed_once() {
    if skipped_on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    // Three processes on one empty database at the same moment.
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let (database, dir) = (database.clone(), dir.path().to_path_buf());
            std::thread::spawn(move || Instance::start(&database, &dir))
        })
        .collect();
    let instances: Vec<Instance> = starting.into_iter().map(|t| t.join().unwrap()).collect();
    for instance in &instances {
        let (_, status) = sign_in(&instance.base, "ada@fabrikam.example", DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{}", instance.base);
    }
    let pool = pg_pool(&database).await;
    let (migrations,): (i64,) = sqlx::query_as("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (companies,): (i64,) = sqlx::query_as("SELECT count(*) FROM companies")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        (migrations, companies),
        (1, 3),
        "migrated once, the demo seeded once"
    );
}

#[tokio::test]
async fn two_instances_one_truth_seats_throttle_and_sessions() {
    if skipped_on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path()).await;
    let a = Instance::start(&database, dir.path());
    let b = Instance::start(&database, dir.path());

    // Seats: three free subscriptions (1303–1305), 64 concurrent assignments at version 1,
    // every other one sent to the other instance: exactly one per subscription succeeds.
    let (on_a, status) = sign_in(&a.base, "ada@fabrikam.example", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let (on_b, status) = sign_in(&b.base, "ada@fabrikam.example", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let requests: Vec<_> = (0..64i64)
        .map(|n| {
            let (client, base) = if n % 2 == 0 { (on_a.clone(), &a.base) } else { (on_b.clone(), &b.base) };
            let url = format!("{base}/commands");
            let body = json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303 + n % 3, "user_id": 101 + n % 8}, "version": 1});
            tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(ok, 3, "exactly one success per free subscription: {statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let pool = pg_pool(&database).await;
    let (held, audited): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM benefits WHERE company_id = 1 AND kind = 'visual_studio_subscription' \
         AND holder_id IS NOT NULL), \
         (SELECT count(*) FROM audit_events WHERE action = 'assign_visual_studio_subscriber')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((held, audited), (2 + 3, 3));

    // The sign-in throttle: five wrong passwords on A lock the account on B too.
    for n in 0..5 {
        let (_, status) = sign_in(&a.base, "lena@fabrikam.example", &format!("wrong {n}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (_, status) = sign_in(&b.base, "lena@fabrikam.example", DEMO_PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password waits too, on B"
    );

    // A session: made on A, good on B; ended on A, ended on B.
    let signed_in = reqwest::Client::new()
        .post(format!("{}/session", a.base))
        .json(&json!({"email": "noor@fabrikam.example", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let me = |base: String| {
        let cookie = cookie.clone();
        async move {
            reqwest::Client::new()
                .get(format!("{base}/me"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        me(b.base.clone()).await,
        StatusCode::OK,
        "a session made on A works on B"
    );
    let out = reqwest::Client::new()
        .delete(format!("{}/session", a.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(b.base.clone()).await,
        StatusCode::UNAUTHORIZED,
        "ended on A, ended on B"
    );
}

/// What people read, as each of Fabrikam's roles and another company's admin sees it (the
/// server's clock left out).
async fn reads_of(base: &str) -> Vec<(String, serde_json::Value)> {
    let mut reads = Vec::new();
    for email in [
        "ada@fabrikam.example",
        "noor@fabrikam.example",
        "ada@contoso.example",
    ] {
        let (client, status) = sign_in(base, email, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{email} on {base}");
        for path in [
            "/me",
            "/workspace",
            "/users",
            "/audit?per_page=500",
            "/reports/holdings",
            "/reminders",
            "/insights",
        ] {
            let response = client.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let mut body: serde_json::Value = response.json().await.unwrap();
            if let Some(fields) = body.as_object_mut() {
                fields.remove("server_time");
            }
            reads.push((format!("{email} {path}"), body));
        }
    }
    reads
}

#[tokio::test]
async fn a_copy_from_sqlite_answers_the_same_reads() {
    if skipped_on_sqlite() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("benefits.db").to_string_lossy().into_owned();
    let before = Instance::start(&sqlite, dir.path());
    // Something in every table: assignments and their history, keys revealed, an advisory
    // request, a cancellation, a user added and one removed, a partner site, the audit.
    let (ada, _) = sign_in(&before.base, "ada@fabrikam.example", DEMO_PASSWORD).await;
    for command in [
        json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}, "version": 1}),
        json!({"command": {"command": "request_cancellation", "offer": "silver"}}),
        json!({"command": {"command": "submit_advisory_request", "request": {
            "title": "Landing zone review", "description": "Before go-live", "product": "Azure",
            "phone": "+31 20 123 4567", "time_zone": "Europe/Amsterdam", "country": "NL",
            "language": "nl", "hours": 4, "break_fix": false}}}),
        json!({"command": {"command": "reveal_software_keys", "benefit_id": 1001}}),
        json!({"command": {"command": "add_user", "user": {"display_name": "Kim Nieuw", "email": "kim@fabrikam.example", "roles": []}}}),
        json!({"command": {"command": "remove_user", "user_id": 106}}),
    ] {
        let response = ada
            .post(format!("{}/commands", before.base))
            .json(&command)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert_eq!(
            status,
            StatusCode::OK,
            "{command}: {}",
            response.text().await.unwrap()
        );
    }
    let site = std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
        .args([
            "--database",
            &sqlite,
            "embed-sites",
            "add",
            "--origin",
            "https://partner.example",
            "--company",
            "1",
        ])
        .output()
        .unwrap();
    assert!(site.status.success());
    let expected = reads_of(&before.base).await;
    drop(before); // the server stops before its database is copied

    let postgres = fresh_database(dir.path()).await;
    let copied = std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
        .args(["admin", "copy", "--from", &sqlite, "--to", &postgres])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&copied.stdout);
    assert!(
        copied.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    assert!(
        said.contains("former_users: 1") && said.contains("embed_sites: 1"),
        "{said}"
    );
    let after = Instance::start(&postgres, dir.path());
    let got = reads_of(&after.base).await;
    for ((what, want), (_, have)) in expected.iter().zip(&got) {
        assert_eq!(want, have, "{what}");
    }
    assert_eq!(expected.len(), got.len());

    // New rows take IDs after the copied ones; a second copy into it is refused.
    let (ada, _) = sign_in(&after.base, "ada@fabrikam.example", DEMO_PASSWORD).await;
    let added: serde_json::Value = ada
        .post(format!("{}/commands", after.base))
        .json(&json!({"command": {"command": "add_user", "user": {"display_name": "Lou Later", "email": "lou@fabrikam.example", "roles": []}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kim = expected
        .iter()
        .find(|(what, _)| what == "ada@fabrikam.example /users")
        .and_then(|(_, users)| {
            users
                .as_array()?
                .iter()
                .find(|u| u["email"] == "kim@fabrikam.example")
                .cloned()
        })
        .unwrap();
    assert!(
        added["effect"]["user_id"].as_i64().unwrap() > kim["id"].as_i64().unwrap(),
        "{added}"
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_benefits-server"))
        .args(["admin", "copy", "--from", &sqlite, "--to", &postgres])
        .output()
        .unwrap();
    assert!(!again.status.success());
}
