//! Black-box tests: the real server on 127.0.0.1 (random port), a fresh SQLite file,
//! real HTTP. Each test seeds the demo company and acts as its users.

mod common;

use benefits_domain::wire::{ErrorBody, Me, VisualStudioList};
use benefits_server::seed::seed_demo_companies;
use chrono::{Duration, Utc};
use common::*;
use reqwest::StatusCode;
use serde_json::json;

fn first_unassigned(list: &VisualStudioList) -> &benefits_domain::visual_studio::VisualStudioSubscription {
    list.subscriptions
        .iter()
        .find(|s| s.assignment.is_none())
        .expect("an unassigned subscription")
}

#[tokio::test]
async fn the_api_answers_401_without_a_session() {
    let app = TestApp::spawn().await;
    for path in ["/me", "/users", "/visual-studio/subscriptions"] {
        let response = TestApp::client()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.code, "unauthenticated");
    }
    let forged = TestApp::client()
        .get(format!("{}/me", app.base))
        .header("Cookie", "pb_session=0000")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_checks_the_password_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let wrong = TestApp::client()
        .post(format!("{}/session", app.base))
        .json(&json!({ "email": ADMIN, "password": "guess" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<ErrorBody>().await.unwrap().code,
        "invalid_credentials"
    );

    let client = app.signed_in(ADMIN).await;
    let me: Me = client
        .get(format!("{}/me", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.user.email.as_str(), ADMIN);
    assert_eq!(me.company.name, "Fabrikam Partners");

    let stored: Vec<String> = app.scalars("SELECT token_hash FROM sessions", vec![]).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].len(), 64, "only the token's SHA-256 is stored");

    app.sign_out(&client).await;
    let after = client.get(format!("{}/me", app.base)).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let left: i64 = app.scalar("SELECT count(*) FROM sessions", vec![]).await;
    assert_eq!(left, 0);
}

#[tokio::test]
async fn role_1_a_user_without_any_role_signs_in_and_views() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(VIEWER).await;
    let me: Me = client
        .get(format!("{}/me", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me.user.roles.is_empty());
    let list = app.subscriptions(&client).await;
    assert_eq!(list.subscriptions.len(), 5);
}

#[tokio::test]
async fn vs_1_a_global_admin_assigns_a_subscriber_and_it_persists() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let list = app.subscriptions(&client).await;
    assert_eq!(
        (
            list.counters.allocated,
            list.counters.assigned,
            list.counters.available
        ),
        (5, 2, 3)
    );
    let target = first_unassigned(&list).clone();
    let uma = app.user_id("uma@fabrikam.example").await;

    let response = app
        .post(
            &client,
            &format!("/visual-studio/subscriptions/{}/assign", target.id),
            json!({ "user_id": uma, "version": target.version }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let reloaded = app.subscriptions(&app.signed_in(VIEWER).await).await;
    let after = reloaded.subscriptions.iter().find(|s| s.id == target.id).unwrap();
    assert_eq!(after.assignment.as_ref().unwrap().subscriber.0, uma);
    assert_eq!(after.version, target.version + 1);
    assert_eq!(reloaded.counters.assigned, 3);
    let audited: (String, i64) = app.one("SELECT action, actor_id FROM audit_events", vec![]).await;
    assert_eq!(
        audited,
        (
            "assign_visual_studio_subscriber".to_string(),
            app.user_id(ADMIN).await
        )
    );
}

#[tokio::test]
async fn vs_1_only_users_of_the_company_list_can_be_assigned() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    let before = app.snapshot().await;
    let response = app
        .post(
            &client,
            &format!("/visual-studio/subscriptions/{}/assign", target.id),
            json!({ "user_id": 999_999, "version": target.version }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json::<ErrorBody>().await.unwrap().code, "VS-1");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn role_2_assigning_needs_a_global_admin_and_names_who_can() {
    let app = TestApp::spawn().await;
    let uma = app.user_id("uma@fabrikam.example").await;
    for email in [
        VIEWER,
        "uma@fabrikam.example",
        "aldo@fabrikam.example",
        "mia@fabrikam.example",
    ] {
        let client = app.signed_in(email).await;
        let target = first_unassigned(&app.subscriptions(&client).await).clone();
        let before = app.snapshot().await;
        let response = app
            .post(
                &client,
                &format!("/visual-studio/subscriptions/{}/assign", target.id),
                json!({ "user_id": uma, "version": target.version }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
        let body: ErrorBody = response.json().await.unwrap();
        assert_eq!(body.code, "ROLE-2");
        assert!(
            body.message.contains("Ada Global (ada@fabrikam.example)"),
            "{}",
            body.message
        );
        assert_eq!(body.details["reason"]["who_can"][0]["email"], ADMIN);
        assert_eq!(app.snapshot().await, before, "a refusal changes nothing");
    }
    assert_eq!(app.audit_count().await, 0);
}

#[tokio::test]
async fn vs_2_a_held_subscription_cannot_be_assigned_to_a_second_subscriber() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let list = app.subscriptions(&client).await;
    let held = list
        .subscriptions
        .iter()
        .find(|s| s.assignment.is_some())
        .unwrap();
    let uma = app.user_id("uma@fabrikam.example").await;
    let response = app
        .post(
            &client,
            &format!("/visual-studio/subscriptions/{}/assign", held.id),
            json!({ "user_id": uma, "version": held.version }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.json::<ErrorBody>().await.unwrap().code, "VS-2");
}

#[tokio::test]
async fn vs_3_reassign_only_after_90_days() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    let (daan, lena) = (
        app.user_id("daan@fabrikam.example").await,
        app.user_id("lena@fabrikam.example").await,
    );
    let set_assigned = |days_ago: Duration| {
        app.edit_workspace(1, move |ws| {
            let s = ws.visual_studio.iter_mut().find(|s| s.id == target.id).unwrap();
            s.assignment = Some(benefits_domain::visual_studio::VisualStudioAssignment {
                subscriber: benefits_domain::UserId(daan),
                assigned_at: Utc::now() - days_ago,
            });
        })
    };
    let reassign_path = format!("/visual-studio/subscriptions/{}/reassign", target.id);
    let reassign = |version: i64| {
        app.post(
            &client,
            &reassign_path,
            json!({ "user_id": lena, "version": version }),
        )
    };

    // Day 89: refused, and the answer says from which date it can.
    set_assigned(Duration::days(89)).await;
    let before = app.snapshot().await;
    let refused = reassign(target.version).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.code, "VS-3");
    let expected_from = (Utc::now() - Duration::days(89) + Duration::days(90)).date_naive();
    assert_eq!(
        body.details["reason"]["reassignable_from"],
        expected_from.to_string()
    );
    assert_eq!(app.snapshot().await, before);

    // Day 90 (and a minute): allowed.
    set_assigned(Duration::days(90) + Duration::minutes(1)).await;
    let allowed = reassign(target.version).await;
    assert_eq!(allowed.status(), StatusCode::OK);
    let list = app.subscriptions(&client).await;
    let after = list.subscriptions.iter().find(|s| s.id == target.id).unwrap();
    assert_eq!(after.assignment.as_ref().unwrap().subscriber.0, lena);
}

#[tokio::test]
async fn a_stale_write_gets_409_with_the_current_state() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    let (uma, mia) = (
        app.user_id("uma@fabrikam.example").await,
        app.user_id("mia@fabrikam.example").await,
    );
    let path = format!("/visual-studio/subscriptions/{}/assign", target.id);
    let first = app
        .post(
            &client,
            &path,
            json!({ "user_id": uma, "version": target.version }),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let second = app
        .post(
            &client,
            &path,
            json!({ "user_id": mia, "version": target.version }),
        )
        .await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let body: ErrorBody = second.json().await.unwrap();
    assert_eq!(body.code, "stale");
    assert_eq!(body.details["current"]["assignment"]["subscriber"], uma);
}

#[tokio::test]
async fn another_companys_subscription_is_not_found() {
    let app = TestApp::spawn().await;
    // Contoso (company 2) has subscriptions 2301…; Ada signs in to Fabrikam (company 1).
    let theirs: i64 = app.scalar("SELECT id FROM benefits WHERE company_id = 2 AND kind = 'visual_studio_subscription' ORDER BY id LIMIT 1", vec![]).await;
    let client = app.signed_in(ADMIN).await;
    let list = app.subscriptions(&client).await;
    assert!(list.subscriptions.iter().all(|s| s.id != theirs));
    let before = app.snapshot().await;
    let response = app
        .post(
            &client,
            &format!("/visual-studio/subscriptions/{theirs}/assign"),
            json!({ "user_id": app.user_id(VIEWER).await, "version": 1 }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.json::<ErrorBody>().await.unwrap().code, "not_found");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn refusals_speak_the_clients_language() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(VIEWER).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    for (accept, expected) in [
        ("nl-NL,nl;q=0.9", "Globale beheerder"),
        ("de", "Globaler Administrator"),
        ("fr", "Global admin"),
    ] {
        let response = client
            .post(format!(
                "{}/visual-studio/subscriptions/{}/assign",
                app.base, target.id
            ))
            .header("Accept-Language", accept)
            .json(&json!({ "user_id": app.user_id(VIEWER).await, "version": target.version }))
            .send()
            .await
            .unwrap();
        let body: ErrorBody = response.json().await.unwrap();
        assert!(body.message.contains(expected), "{accept}: {}", body.message);
    }
}

#[tokio::test]
async fn bad_bodies_get_a_json_400_and_change_nothing() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    let before = app.snapshot().await;
    let path = format!("{}/visual-studio/subscriptions/{}/assign", app.base, target.id);
    for body in [
        "{",
        "[]",
        r#"{"user_id":"1; DROP TABLE users","version":1}"#,
        r#"{"user_id":1,"version":1,"extra":true}"#,
    ] {
        let response = client
            .post(&path)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{body}: {}",
            response.status()
        );
        let error: ErrorBody = response.json().await.unwrap();
        assert!(!error.message.is_empty());
    }
    let huge = client
        .post(&path)
        .header("Content-Type", "application/json")
        .body(vec![b' '; 200 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.snapshot().await, before);
    let unknown = client
        .get(format!("{}/no-such-thing", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.json::<ErrorBody>().await.unwrap().code, "not_found");
}

#[tokio::test]
async fn seeding_happens_on_first_start_only() {
    let app = TestApp::spawn().await;
    assert!(seed_demo_companies(&app.store).await.unwrap().is_none());
    let users: i64 = app.scalar("SELECT count(*) FROM users", vec![]).await;
    assert_eq!(users, 3 * 8, "three demo companies of eight users");
}

/// A command's session is checked by the writer, in the command's own transaction: no
/// session, a forged one, an expired one and an ended one are all refused, and write nothing.
#[tokio::test]
async fn commands_need_a_live_session_and_write_nothing_without_one() {
    let app = TestApp::spawn().await;
    let client = app.signed_in(ADMIN).await;
    let target = first_unassigned(&app.subscriptions(&client).await).clone();
    let assign = json!({
        "command": {
            "command": "assign_visual_studio_subscriber",
            "subscription_id": target.id,
            "user_id": app.user_id(ADMIN).await,
        },
        "version": target.version,
    });
    let refused = |(status, body): (StatusCode, serde_json::Value)| {
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "unauthenticated");
    };
    let before = app.snapshot().await;
    refused(app.command(&TestApp::client(), assign.clone()).await);
    let forged = reqwest::Client::new()
        .post(format!("{}/commands", app.base))
        .header("Cookie", "pb_session=0000")
        .json(&assign)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // Expired: the session is still stored, past its end.
    app.exec(
        "UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'",
        vec![],
    )
    .await;
    refused(app.command(&client, assign.clone()).await);

    // Ended: signed out.
    let client = app.signed_in(ADMIN).await;
    app.sign_out(&client).await;
    refused(app.command(&client, assign.clone()).await);
    assert_eq!(app.snapshot().await, before, "nothing was written");

    // With a live session the same command is written.
    let client = app.signed_in(ADMIN).await;
    let (status, _) = app.command(&client, assign).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(app.snapshot().await, before);
}
