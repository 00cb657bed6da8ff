//! People and passwords over HTTP: IDs that never collide between companies, who may make
//! a Global admin (ROLE-9), temporary passwords (ACC-1), changing (ACC-2) and resetting
//! (ACC-3) a password — each refusal with its rule ID, and nothing written by a refusal.
//!
//! Fabrikam (company 1): 101 Ada (Global admin), 102 Uma (User management admin), 103 Aldo
//! (Admin agent), 104 Mia (MPN partner admin), 105 Noor, 106 Daan, 107 Lena (no role).
//! Contoso (company 2) users start at 201, Northwind (3) at 301.

mod common;

use benefits_server::store::{self, Arg};

use benefits_server::seed::DEMO_PASSWORD;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn add_user(name: &str, email: &str, roles: &[&str]) -> Value {
    json!({"command": {"command": "add_user", "user": {"display_name": name, "email": email, "roles": roles}}})
}

fn set_roles(user_id: i64, roles: &[&str]) -> Value {
    json!({"command": {"command": "set_roles", "user_id": user_id, "roles": roles}})
}

fn reset_password(user_id: i64) -> Value {
    json!({"command": {"command": "reset_password", "user_id": user_id}})
}

async fn roles_of(app: &TestApp, user_id: i64) -> Vec<String> {
    app.scalars(
        "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role",
        vec![Arg::from(user_id)],
    )
    .await
}

async fn get(client: &reqwest::Client, url: String) -> (StatusCode, Value) {
    let response = client.get(url).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn user_ids_never_collide_a_company_adds_a_thousand_users_beside_two_others() {
    let app = TestApp::spawn().await;
    let (fabrikam, contoso) = (
        app.signed_in(ADMIN).await,
        app.signed_in("ada@contoso.example").await,
    );
    // Fabrikam passes its old limit of ~100 users (its 93rd new user used to be 201, which
    // is Contoso's first) while Contoso adds users too, interleaved.
    let mut added = Vec::new();
    for n in 0..1_000 {
        let (client, domain) = if n % 10 == 9 {
            (&contoso, "contoso.example")
        } else {
            (&fabrikam, "fabrikam.example")
        };
        let (status, body) = app
            .command(
                client,
                add_user(&format!("Person {n}"), &format!("person{n}@{domain}"), &[]),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "user {n}: {body}");
        added.push(body["effect"]["user_id"].as_i64().unwrap());
    }
    let unique: std::collections::HashSet<i64> = added.iter().copied().collect();
    assert_eq!(unique.len(), added.len(), "every new ID is new");
    let (users, distinct): (i64, i64) = app
        .one("SELECT count(*), count(DISTINCT id) FROM users", vec![])
        .await;
    assert_eq!(users, distinct);
    // Every company still reads whole: its users are its own.
    for (client, company, own) in [(&fabrikam, 1, 900), (&contoso, 2, 100)] {
        let ws = app.workspace(client).await;
        let directory = ws["directory"].as_array().unwrap();
        let new_ones = directory
            .iter()
            .filter(|u| u["display_name"].as_str().unwrap().starts_with("Person "))
            .count();
        assert_eq!(new_ones, own, "company {company}");
    }
    let northwind = app.signed_in("ada@northwind.example").await;
    let ws = app.workspace(&northwind).await;
    assert!(ws["directory"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| !u["display_name"].as_str().unwrap().starts_with("Person ")));
}

#[tokio::test]
async fn role_9_only_a_global_admin_grants_or_takes_away_global_admin() {
    let app = TestApp::spawn().await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    let audit_before = app.audit_count().await;
    // Not to someone else, not to themselves, not through a new user, and not away.
    for (body, who) in [
        (set_roles(105, &["global_admin"]), 105),
        (set_roles(102, &["user_management_admin", "global_admin"]), 102),
        (set_roles(101, &["admin_agent"]), 101),
    ] {
        let (status, error) = app.command(&uma, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
        assert_eq!(error["code"], "ROLE-9");
        assert!(
            error["message"].as_str().unwrap().contains("Ada Global"),
            "{error}"
        );
        assert!(!roles_of(&app, who).await.is_empty() || who == 105);
    }
    let (status, error) = app
        .command(
            &uma,
            add_user("Kim Nieuw", "kim@fabrikam.example", &["global_admin"]),
        )
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("ROLE-9"))
    );
    assert_eq!(app.audit_count().await, audit_before, "refusals write nothing");
    assert_eq!(roles_of(&app, 105).await, Vec::<String>::new());
    assert_eq!(roles_of(&app, 101).await, ["global_admin"]);
    let kim: i64 = app
        .scalar(
            "SELECT count(*) FROM users WHERE email = 'kim@fabrikam.example'",
            vec![],
        )
        .await;
    assert_eq!(kim, 0);
    // The other roles of other people are a User management admin's to manage.
    let (status, body) = app.command(&uma, set_roles(105, &["admin_agent"])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A Global admin does all of it.
    let ada = app.signed_in(ADMIN).await;
    let (status, body) = app.command(&ada, set_roles(105, &["global_admin"])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(roles_of(&app, 105).await, ["global_admin"]);
}

#[tokio::test]
async fn role_9_a_user_management_admin_never_changes_their_own_roles() {
    let app = TestApp::spawn().await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    for roles in [vec![], vec!["user_management_admin", "admin_agent"]] {
        let (status, error) = app.command(&uma, set_roles(102, &roles)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
        assert_eq!(error["code"], "ROLE-9");
        assert_eq!(error["details"]["reason"]["kind"], "own_roles");
    }
    assert_eq!(roles_of(&app, 102).await, ["user_management_admin"]);
}

/// Adds a user as Ada; returns their ID and temporary password.
async fn new_user_with_temporary_password(app: &TestApp, email: &str) -> (i64, String) {
    let ada = app.signed_in(ADMIN).await;
    let (status, body) = app.command(&ada, add_user("Kim Nieuw", email, &[])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        body["effect"]["user_id"].as_i64().unwrap(),
        body["temporary_password"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn acc_1_a_temporary_password_must_be_changed_before_anything_else() {
    let app = TestApp::spawn().await;
    let (_, temporary) = new_user_with_temporary_password(&app, "kim@fabrikam.example").await;
    let (kim, status, me) = app.sign_in_with("kim@fabrikam.example", &temporary).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["must_change_password"], true);
    // Who am I: yes. Anything else: refused with ACC-1, reads and writes alike.
    let (status, me) = get(&kim, format!("{}/me", app.base)).await;
    assert_eq!(
        (status, &me["must_change_password"]),
        (StatusCode::OK, &json!(true))
    );
    for path in [
        "/workspace",
        "/users",
        "/visual-studio/subscriptions",
        "/audit",
        "/reminders",
    ] {
        let (status, error) = get(&kim, format!("{}{path}", app.base)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {error}");
        assert_eq!(error["code"], "ACC-1", "{path}");
    }
    let audit_before = app.audit_count().await;
    let (status, error) = app
        .command(&kim, json!({"command": {"command": "submit_advisory_request", "request": {
            "title": "t", "description": "d", "product": "Azure", "phone": "+31 20 123 4567",
            "time_zone": "Europe/Amsterdam", "country": "NL", "language": "nl", "hours": 1, "break_fix": false}}}))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("ACC-1"))
    );
    assert_eq!(app.audit_count().await, audit_before);
    // Once changed, everything works, and the temporary password is void.
    let response = kim
        .post(format!("{}/me/password", app.base))
        .json(&json!({"current_password": temporary, "new_password": "kims own passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["must_change_password"], false);
    assert_eq!(
        get(&kim, format!("{}/workspace", app.base)).await.0,
        StatusCode::OK
    );
    let (_, status, _) = app.sign_in_with("kim@fabrikam.example", &temporary).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, status, me) = app
        .sign_in_with("kim@fabrikam.example", "kims own passphrase")
        .await;
    assert_eq!(
        (status, &me["must_change_password"]),
        (StatusCode::OK, &json!(false))
    );
}

#[tokio::test]
async fn acc_2_changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let noor = "noor@fabrikam.example";
    let (here, elsewhere) = (app.signed_in(noor).await, app.signed_in(noor).await);
    let change = |current: &str, new: &str| {
        let (client, url) = (here.clone(), format!("{}/me/password", app.base));
        let body = json!({"current_password": current, "new_password": new});
        async move {
            let response = client.post(url).json(&body).send().await.unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap_or_default())
        }
    };
    let audit_before = app.audit_count().await;
    for (current, new, kind) in [
        (
            "wrong password",
            "a brand new passphrase",
            "current_password_wrong",
        ),
        (DEMO_PASSWORD, "too short", "password_too_short"),
        (DEMO_PASSWORD, "Noor@Fabrikam.example", "password_is_email"),
    ] {
        let (status, error) = change(current, new).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["code"], "ACC-2");
        assert_eq!(error["details"]["reason"]["kind"], kind);
    }
    // The demo password itself is 13 characters: "unchanged" is its own refusal.
    let (status, error) = change(DEMO_PASSWORD, DEMO_PASSWORD).await;
    assert_eq!(
        (status, error["details"]["reason"]["kind"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password_unchanged"))
    );
    assert_eq!(app.audit_count().await, audit_before, "refusals write nothing");
    assert_eq!(
        get(&elsewhere, format!("{}/me", app.base)).await.0,
        StatusCode::OK
    );

    let (status, _) = change(DEMO_PASSWORD, "noors new passphrase").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        get(&here, format!("{}/me", app.base)).await.0,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        get(&elsewhere, format!("{}/me", app.base)).await.0,
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    assert_eq!(
        app.sign_in_with(noor, DEMO_PASSWORD).await.1,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_with(noor, "noors new passphrase").await.1,
        StatusCode::OK
    );
    // Audited, never with the password.
    let audit: Vec<(String, String, Option<String>, Option<String>)> = app
        .all(
            "SELECT action, subject, before, after FROM audit_events WHERE action = 'change_password'",
            vec![],
        )
        .await;
    assert_eq!(audit, [("change_password".into(), "user:105".into(), None, None)]);
}

#[tokio::test]
async fn acc_2_wrong_current_passwords_count_as_failed_sign_ins() {
    let app = TestApp::spawn().await;
    let noor = app.signed_in("noor@fabrikam.example").await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let response = noor
            .post(format!("{}/me/password", app.base))
            .json(&json!({"current_password": "guess guess guess", "new_password": "a brand new passphrase"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn acc_3_a_reset_gives_a_temporary_password_and_ends_the_users_sessions() {
    let app = TestApp::spawn().await;
    let noor = app.signed_in("noor@fabrikam.example").await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    let (status, body) = app.command(&uma, reset_password(105)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["effect"],
        json!({"effect": "password_reset", "user_id": 105})
    );
    let temporary = body["temporary_password"].as_str().unwrap().to_string();
    assert!(temporary.len() >= 12);
    assert_eq!(
        get(&noor, format!("{}/me", app.base)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_with("noor@fabrikam.example", DEMO_PASSWORD).await.1,
        StatusCode::UNAUTHORIZED
    );
    let (_, status, me) = app.sign_in_with("noor@fabrikam.example", &temporary).await;
    assert_eq!(
        (status, &me["must_change_password"]),
        (StatusCode::OK, &json!(true))
    );
    // Audited without the password.
    let audit: Vec<(String, Option<String>, Option<String>)> = app
        .all(
            "SELECT subject, before, after FROM audit_events WHERE action = 'reset_password'",
            vec![],
        )
        .await;
    assert_eq!(audit, [("user:105".into(), None, None)]);
    let leaks: i64 = app.scalar("SELECT count(*) FROM audit_events WHERE (coalesce(before, '') || coalesce(after, '') || subject) LIKE '%' || ? || '%'", vec![Arg::from(&temporary)]).await;
    assert_eq!(leaks, 0);
}

#[tokio::test]
async fn acc_3_only_a_global_admin_resets_a_global_admins_password() {
    let app = TestApp::spawn().await;
    let uma = app.signed_in("uma@fabrikam.example").await;
    let mia = app.signed_in("mia@fabrikam.example").await;
    let ada = app.signed_in(ADMIN).await;
    let audit_before = app.audit_count().await;
    for (client, body, status, code) in [
        (&uma, reset_password(101), StatusCode::FORBIDDEN, "ACC-3"),
        (&mia, reset_password(105), StatusCode::FORBIDDEN, "ACC-3"),
        (
            &ada,
            reset_password(101),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ACC-3",
        ),
        // Another company's user is not found.
        (&ada, reset_password(201), StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (got, error) = app.command(client, body.clone()).await;
        assert_eq!(
            (got, error["code"].as_str()),
            (status, Some(code)),
            "{body}: {error}"
        );
    }
    assert_eq!(app.audit_count().await, audit_before);
    assert_eq!(app.sign_in_with(ADMIN, DEMO_PASSWORD).await.1, StatusCode::OK);
    // A Global admin resets another's, a User management admin's included.
    let (status, _) = app.command(&ada, reset_password(102)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn benefit_ids_never_collide_a_company_gets_a_thousand_benefits_beside_two_others() {
    let app = TestApp::spawn().await;
    // Fabrikam's benefits are 1001–1502, Contoso's 2001–…: a company-local "highest + 1"
    // would run into Contoso's after a few hundred. IDs come from the database instead.
    let written: Result<i64, sqlx::Error> = async {
        benefits_server::in_write!(&app.store, |tx| {
            let before = store::load_workspace(tx, 1).await?;
            let mut after = before.clone();
            let template = before
                .visual_studio
                .iter()
                .find(|s| s.id == 1303)
                .unwrap()
                .clone();
            let first = store::next_benefit_ids(tx, 1_000).await?;
            for n in 0..1_000 {
                let mut subscription = template.clone();
                subscription.id = first + n;
                after.visual_studio.push(subscription);
            }
            store::save_changes(tx, &before, &after, "!").await?;
            Ok(first)
        })
    }
    .await;
    let first = written.unwrap();
    let (rows, distinct): (i64, i64) = app
        .one("SELECT count(*), count(DISTINCT id) FROM benefits", vec![])
        .await;
    assert_eq!(rows, distinct);
    // Each company reads what it had; Fabrikam has 1,005 subscriptions and can use the new ones.
    let fabrikam = app.signed_in(ADMIN).await;
    assert_eq!(app.subscriptions(&fabrikam).await.subscriptions.len(), 1_005);
    for email in ["ada@contoso.example", "ada@northwind.example"] {
        let client = app.signed_in(email).await;
        let list = app.subscriptions(&client).await;
        assert!(list.subscriptions.iter().all(|s| s.id < first), "{email}");
    }
    let last = first + 999;
    let (status, body) = app
        .command(&fabrikam, json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": last, "user_id": 105}, "version": 1}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn acc_2_a_reset_that_came_in_meanwhile_wins_over_a_password_change() {
    let app = TestApp::spawn().await;
    let noor: i64 = 105;
    let checked: String = app
        .scalar(
            "SELECT password_hash FROM users WHERE id = ?",
            vec![Arg::from(noor)],
        )
        .await;
    let token = app.session_token("noor@fabrikam.example").await;
    let session = benefits_server::auth::hash_token(&token);
    // The change checked the current password against `checked`; meanwhile a reset came in.
    app.exec(
        "UPDATE users SET password_hash = 'reset', must_change_password = TRUE WHERE id = ?",
        vec![Arg::from(noor)],
    )
    .await;
    let changed: Result<bool, sqlx::Error> = async {
        benefits_server::in_write!(&app.store, |tx| {
            store::change_password(
                tx,
                benefits_domain::UserId(noor),
                &checked,
                "new hash",
                &session,
                chrono::Utc::now(),
            )
            .await
        })
    }
    .await;
    let changed = changed.unwrap();
    assert!(!changed);
    let (hash, must_change): (String, bool) = app
        .one(
            "SELECT password_hash, must_change_password FROM users WHERE id = ?",
            vec![Arg::from(noor)],
        )
        .await;
    assert_eq!((hash.as_str(), must_change), ("reset", true));
}

#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_than_five_tries() {
    let app = TestApp::spawn().await;
    let url = format!("{}/session", app.base);
    let guesses: Vec<_> = (0..12)
        .map(|n| {
            let url = url.clone();
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .json(&json!({"email": "lena@fabrikam.example", "password": format!("guess {n}")}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut tried = 0;
    for guess in guesses {
        match guess.await.unwrap() {
            StatusCode::UNAUTHORIZED => tried += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(tried, 5, "five guesses were checked, the rest refused");
}
