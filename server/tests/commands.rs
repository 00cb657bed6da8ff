//! Every command of every area over HTTP: each role allowed or refused as RULES.md says,
//! each rule's refusal with its ID, and refusals that change nothing.
//!
//! Fabrikam Partners (company 1, Silver) — users 101 Ada (Global admin), 102 Uma (User
//! management admin), 103 Aldo (Admin agent), 104 Mia (MPN partner admin), 105 Noor (no role),
//! 106 Daan, 107 Lena, 108 Gus (guest); software 1001–1002; credits 1101–1103 monthly (1101
//! held by Daan), 1111 bulk; licence subscription 1201 with keys 1211 (25 seats), 1212 (25),
//! 1213 (100); Visual Studio 1301–1305; product support 1401; Go-To-Market 1501–1502.

mod common;

use benefits_server::store::Arg;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ROLE_USERS: [(&str, &str); 5] = [
    ("ada@fabrikam.example", "global_admin"),
    ("uma@fabrikam.example", "user_management_admin"),
    ("aldo@fabrikam.example", "admin_agent"),
    ("mia@fabrikam.example", "mpn_partner_admin"),
    ("noor@fabrikam.example", "none"),
];

fn advisory_request(hours: u32) -> Value {
    json!({
        "title": "Landing zone review", "description": "Before go-live", "product": "Azure",
        "phone": "+31 20 123 4567", "time_zone": "Europe/Amsterdam", "country": "NL",
        "language": "nl", "hours": hours, "break_fix": false
    })
}

fn marketing_contact() -> Value {
    json!({ "user": 105, "email": "marketing@fabrikam.example", "phone": "+31 20 765 4321", "preferred_language": "nl" })
}

/// (command, version of its target if versioned, roles allowed, rule that refuses the others)
fn commands() -> Vec<(Value, Option<i64>, &'static [&'static str], &'static str)> {
    const GA: &[&str] = &["global_admin"];
    const GA_MPN: &[&str] = &["global_admin", "mpn_partner_admin"];
    const GA_UMA: &[&str] = &["global_admin", "user_management_admin"];
    const EVERYONE: &[&str] = &[
        "global_admin",
        "user_management_admin",
        "admin_agent",
        "mpn_partner_admin",
        "none",
    ];
    vec![
        (
            json!({"command": "reveal_software_keys", "benefit_id": 1001}),
            None,
            GA_MPN,
            "ROLE-3",
        ),
        (
            json!({"command": "assign_azure_credit", "credit_id": 1102, "user_id": 105}),
            Some(1),
            GA,
            "ROLE-2",
        ),
        (
            json!({"command": "remove_azure_credit", "credit_id": 1101}),
            Some(1),
            GA,
            "ROLE-2",
        ),
        (
            json!({"command": "transfer_azure_credit", "credit_id": 1101, "user_id": 107}),
            Some(1),
            GA,
            "ROLE-2",
        ),
        (
            json!({"command": "redeem_product_key", "subscription_id": 1201, "key_id": 1211, "mode": "extend_end_date", "confirmed": false}),
            Some(1),
            GA_MPN,
            "ROLE-3",
        ),
        (
            json!({"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}),
            Some(1),
            GA,
            "ROLE-2",
        ),
        (
            json!({"command": "reassign_visual_studio_subscriber", "subscription_id": 1301, "user_id": 105}),
            Some(1),
            GA,
            "ROLE-2",
        ),
        (
            json!({"command": "activate_product_support", "support_id": 1401, "contact": null}),
            Some(1),
            GA_MPN,
            "ROLE-3",
        ),
        (
            json!({"command": "submit_advisory_request", "request": advisory_request(4)}),
            None,
            EVERYONE,
            "",
        ),
        (
            json!({"command": "set_marketing_contact", "contact": marketing_contact()}),
            None,
            GA_MPN,
            "GTM-1",
        ),
        (
            json!({"command": "request_cancellation", "offer": "silver"}),
            None,
            GA_MPN,
            "ROLE-3",
        ),
        (
            json!({"command": "add_user", "user": {"display_name": "Kim Nieuw", "email": "kim@fabrikam.example", "roles": []}}),
            None,
            GA_UMA,
            "ROLE-5",
        ),
        (
            json!({"command": "set_roles", "user_id": 106, "roles": ["admin_agent"]}),
            None,
            GA_UMA,
            "ROLE-5",
        ),
        (
            json!({"command": "reset_password", "user_id": 106}),
            None,
            GA_UMA,
            "ACC-3",
        ),
        (
            // Noor holds nothing: one audit line (a holder's removal has one per change).
            json!({"command": "remove_user", "user_id": 105}),
            None,
            GA_UMA,
            "ROLE-5",
        ),
        (
            json!({"command": "add_offer", "offer": "gold", "purchased_on": chrono::Utc::now().date_naive()}),
            None,
            &[
                "global_admin",
                "user_management_admin",
                "admin_agent",
                "mpn_partner_admin",
            ],
            "OFR-2",
        ),
    ]
}

fn request(command: &Value, version: Option<i64>) -> Value {
    match version {
        Some(v) => json!({"command": command, "version": v}),
        None => json!({"command": command}),
    }
}

#[tokio::test]
async fn every_command_is_allowed_or_refused_per_role_and_a_refusal_changes_nothing() {
    for (command, version, allowed, rule) in commands() {
        for (email, role) in ROLE_USERS {
            let app = TestApp::spawn().await;
            let client = app.signed_in(email).await;
            let before = app.snapshot().await;
            let (status, body) = app.command(&client, request(&command, version)).await;
            let name = command["command"].as_str().unwrap();
            if allowed.contains(&role) {
                assert_eq!(status, StatusCode::OK, "{name} as {role}: {body}");
                let audited: i64 = app
                    .scalar(
                        "SELECT count(*) FROM audit_events WHERE action = ?",
                        vec![Arg::from(name)],
                    )
                    .await;
                assert_eq!(audited, 1, "{name} is audited");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{name} as {role}: {body}");
                assert_eq!(body["code"], rule, "{name} as {role}");
                assert!(!body["message"].as_str().unwrap().is_empty());
                assert_eq!(
                    app.snapshot().await,
                    before,
                    "refused {name} as {role} changed nothing"
                );
                assert_eq!(app.audit_count().await, 0);
            }
        }
    }
}

#[tokio::test]
async fn sw_1_keys_only_come_from_get_keys_to_role_3_and_every_reveal_is_recorded() {
    let app = TestApp::spawn().await;
    let viewer = app.signed_in("noor@fabrikam.example").await;
    let read = app.workspace(&viewer).await.to_string();
    assert!(!read.contains("DEMO0-"), "no key text in any read");
    let mia = app.signed_in("mia@fabrikam.example").await;
    let (status, body) = app
        .command(
            &mia,
            json!({"command": {"command": "reveal_software_keys", "benefit_id": 1001}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["effect"]["keys"][0]["key"].as_str().unwrap().len(), 29);
    let ws = app.workspace(&viewer).await;
    assert_eq!(ws["key_reveals"][0]["by"], 104);
    let audit: Vec<(String, String)> = app
        .all("SELECT action, coalesce(after, '') FROM audit_events", vec![])
        .await;
    assert_eq!(audit[0].0, "reveal_software_keys");
    assert!(!audit[0].1.contains("DEMO0-"), "the audit log holds no key");
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.signed_in("ada@fabrikam.example").await
}

async fn refused(app: &TestApp, client: &reqwest::Client, body: Value, status: StatusCode, code: &str) {
    let before = app.snapshot().await;
    let (got, answer) = app.command(client, body.clone()).await;
    assert_eq!(
        (got, answer["code"].as_str().unwrap_or("")),
        (status, code),
        "{body} → {answer}"
    );
    assert_eq!(app.snapshot().await, before, "a refusal changes nothing");
}

#[tokio::test]
async fn az_3_az_4_monthly_credit_is_removed_bulk_credit_only_transferred() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let (status, _) = app.command(&ada, json!({"command": {"command": "assign_azure_credit", "credit_id": 1111, "user_id": 107}, "version": 1})).await;
    assert_eq!(status, StatusCode::OK);
    refused(
        &app,
        &ada,
        json!({"command": {"command": "remove_azure_credit", "credit_id": 1111}, "version": 2}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "AZ-4",
    )
    .await;
    let (status, _) = app
        .command(
            &ada,
            json!({"command": {"command": "remove_azure_credit", "credit_id": 1101}, "version": 1}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "AZ-3: monthly credit users are removed at any time"
    );
}

#[tokio::test]
async fn az_5_az_6_one_credit_per_user_and_bulk_never_combined() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    // Daan (106) holds monthly credit 1101.
    refused(&app, &ada, json!({"command": {"command": "assign_azure_credit", "credit_id": 1102, "user_id": 106}, "version": 1}), StatusCode::UNPROCESSABLE_ENTITY, "AZ-6").await;
    refused(&app, &ada, json!({"command": {"command": "assign_azure_credit", "credit_id": 1111, "user_id": 106}, "version": 1}), StatusCode::UNPROCESSABLE_ENTITY, "AZ-5").await;
}

#[tokio::test]
async fn az_7_a_monthly_credit_changes_hands_five_times_at_most() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    for n in 0..5i64 {
        let to = if n % 2 == 0 { 107 } else { 106 };
        let body = json!({"command": {"command": "transfer_azure_credit", "credit_id": 1101, "user_id": to}, "version": n + 1});
        let (status, answer) = app.command(&ada, body).await;
        assert_eq!(status, StatusCode::OK, "reassignment {}: {answer}", n + 1);
    }
    let ws = app.workspace(&ada).await;
    let credit = ws["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1101)
        .unwrap()
        .clone();
    assert_eq!(credit["reassignments"], 5);
    refused(&app, &ada, json!({"command": {"command": "transfer_azure_credit", "credit_id": 1101, "user_id": 107}, "version": 6}), StatusCode::UNPROCESSABLE_ENTITY, "AZ-7").await;
}

#[tokio::test]
async fn lic_2_lic_3_lic_4_lic_5_redeeming_product_keys() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let redeem = |key: i64, mode: &str, confirmed: bool, version: i64| json!({"command": {"command": "redeem_product_key", "subscription_id": 1201, "key_id": key, "mode": mode, "confirmed": confirmed}, "version": version});
    // First key starts the subscription: 25 seats, 12 months.
    assert_eq!(
        app.command(&ada, redeem(1211, "extend_end_date", false, 1))
            .await
            .0,
        StatusCode::OK
    );
    refused(
        &app,
        &ada,
        redeem(1211, "extend_end_date", false, 2),
        StatusCode::UNPROCESSABLE_ENTITY,
        "LIC-2",
    )
    .await;
    // LIC-4: 100 seats on 25 active is more than 3×.
    refused(
        &app,
        &ada,
        redeem(1213, "extend_end_date", false, 2),
        StatusCode::UNPROCESSABLE_ENTITY,
        "LIC-4",
    )
    .await;
    // LIC-3: adding seats warns with the resulting end date until confirmed.
    let before = app.snapshot().await;
    let (status, warning) = app.command(&ada, redeem(1212, "add_seats", false, 2)).await;
    assert_eq!(
        (status, warning["code"].as_str().unwrap()),
        (StatusCode::PRECONDITION_REQUIRED, "LIC-3")
    );
    assert!(warning["details"]["warning"]["resulting_end"].is_string());
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        app.command(&ada, redeem(1212, "add_seats", true, 2)).await.0,
        StatusCode::OK
    );
    let ws = app.workspace(&ada).await;
    assert_eq!(ws["licences"][0]["active_seats"], 50);
    // LIC-5: one replacement within 30 days.
    let replace = |version: i64| json!({"command": {"command": "request_replacement_key", "subscription_id": 1201, "key_id": 1211}, "version": version});
    assert_eq!(app.command(&ada, replace(3)).await.0, StatusCode::OK);
    refused(&app, &ada, replace(4), StatusCode::UNPROCESSABLE_ENTITY, "LIC-5").await;
}

#[tokio::test]
async fn ts_2_ts_3_ts_6_role_4_activation_pending_then_ids_for_every_user() {
    let app = TestApp::spawn().await;
    let mia = app.signed_in("mia@fabrikam.example").await;
    let account_email = json!({"user": 105, "email": "partnercenter@fabrikam.example"});
    refused(&app, &mia, json!({"command": {"command": "activate_product_support", "support_id": 1401, "contact": account_email}, "version": 1}), StatusCode::UNPROCESSABLE_ENTITY, "TS-6").await;
    let contact = json!({"user": 105, "email": "support@fabrikam.example"});
    let (status, _) = app.command(&mia, json!({"command": {"command": "activate_product_support", "support_id": 1401, "contact": contact}, "version": 1})).await;
    assert_eq!(status, StatusCode::OK);
    refused(&app, &mia, json!({"command": {"command": "activate_product_support", "support_id": 1401, "contact": null}, "version": 2}), StatusCode::UNPROCESSABLE_ENTITY, "TS-2").await;
    let viewer = app.signed_in("noor@fabrikam.example").await;
    assert_eq!(
        app.workspace(&viewer).await["support"][0]["state"]["state"],
        "pending"
    );
    // Activation completes days later (back office); then every user sees the IDs (TS-3, ROLE-4).
    app.edit_workspace(1, |ws| {
        ws.support[0].state = benefits_domain::technical::SupportState::Active {
            access_id: "ACC-1".into(),
            contract_id: "CON-2".into(),
            activated_at: chrono::Utc::now(),
        }
    })
    .await;
    let state = &app.workspace(&viewer).await["support"][0]["state"];
    assert_eq!(
        (state["access_id"].as_str(), state["contract_id"].as_str()),
        (Some("ACC-1"), Some("CON-2"))
    );
}

#[tokio::test]
async fn pah_1_pah_2_pah_3_advisory_requests_use_the_balance() {
    let app = TestApp::spawn().await;
    let noor = app.signed_in("noor@fabrikam.example").await;
    let submit = |hours: u32| json!({"command": {"command": "submit_advisory_request", "request": advisory_request(hours)}});
    refused(&app, &noor, submit(26), StatusCode::UNPROCESSABLE_ENTITY, "PAH-3").await;
    let (status, body) = app.command(&noor, submit(20)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "PAH-1: no role needed; PAH-2: Silver's 20 h exactly"
    );
    assert_eq!(body["effect"]["confirmation_number"], "TPD-000001-0001");
    refused(&app, &noor, submit(1), StatusCode::UNPROCESSABLE_ENTITY, "PAH-2").await;
    assert_eq!(app.workspace(&noor).await["advisory"]["balance"]["used"], 20);
}

#[tokio::test]
async fn gtm_2_gtm_3_gtm_5_a_contact_first_then_offers_go_pending() {
    let app = TestApp::spawn().await;
    let mia = app.signed_in("mia@fabrikam.example").await;
    let activate =
        json!({"command": {"command": "activate_go_to_market_offer", "offer_id": 1501}, "version": 1});
    refused(
        &app,
        &mia,
        activate.clone(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "GTM-2",
    )
    .await;
    let mut same = marketing_contact();
    same["email"] = json!("partnercenter@fabrikam.example");
    refused(
        &app,
        &mia,
        json!({"command": {"command": "set_marketing_contact", "contact": same}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "GTM-3",
    )
    .await;
    assert_eq!(
        app.command(
            &mia,
            json!({"command": {"command": "set_marketing_contact", "contact": marketing_contact()}})
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(app.command(&mia, activate).await.0, StatusCode::OK);
    assert_eq!(
        app.workspace(&mia).await["go_to_market"][0]["status"]["status"],
        "pending"
    );
    refused(
        &app,
        &mia,
        json!({"command": {"command": "activate_go_to_market_offer", "offer_id": 1501}, "version": 2}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "GTM-5",
    )
    .await;
}

#[tokio::test]
async fn can_1_no_refund_after_a_key_was_viewed() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    assert_eq!(
        app.command(
            &ada,
            json!({"command": {"command": "reveal_software_keys", "benefit_id": 1001}})
        )
        .await
        .0,
        StatusCode::OK
    );
    refused(
        &app,
        &ada,
        json!({"command": {"command": "request_cancellation", "offer": "silver"}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "CAN-1",
    )
    .await;
}

#[tokio::test]
async fn role_5_role_7_role_8_users_and_roles() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    refused(
        &app,
        &ada,
        json!({"command": {"command": "set_roles", "user_id": 101, "roles": []}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ROLE-7",
    )
    .await;
    let guest_admin = json!({"display_name": "Gina", "email": "gina@partner.example", "roles": ["global_admin"], "guest": true});
    refused(
        &app,
        &ada,
        json!({"command": {"command": "add_user", "user": guest_admin}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ROLE-8",
    )
    .await;
    let taken = json!({"display_name": "Ada Again", "email": "ada@northwind.example", "roles": []});
    refused(
        &app,
        &ada,
        json!({"command": {"command": "add_user", "user": taken}}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ROLE-5",
    )
    .await;
    // A new user's temporary password is shown once, and signs in.
    let kim = json!({"display_name": "Kim Nieuw", "email": "kim@fabrikam.example", "roles": ["admin_agent"]});
    let (status, body) = app
        .command(&ada, json!({"command": {"command": "add_user", "user": kim}}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let password = body["temporary_password"].as_str().unwrap().to_string();
    assert_eq!(password.len(), 16);
    let stored: String = app
        .scalar(
            "SELECT password_hash FROM users WHERE email = 'kim@fabrikam.example'",
            vec![],
        )
        .await;
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&password));
    let kim_client = TestApp::client();
    let signed_in = kim_client
        .post(format!("{}/session", app.base))
        .json(&json!({"email": "kim@fabrikam.example", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let audit: String = app
        .scalar(
            "SELECT coalesce(after, '') FROM audit_events WHERE action = 'add_user'",
            vec![],
        )
        .await;
    assert!(!audit.contains(&password), "the password is in no log");
}

#[tokio::test]
async fn a_versioned_write_needs_its_version_and_a_stale_one_gets_the_current_state() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let assign = json!({"command": "assign_azure_credit", "credit_id": 1102, "user_id": 105});
    refused(
        &app,
        &ada,
        json!({"command": assign}),
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_eq!(
        app.command(&ada, json!({"command": assign, "version": 1}))
            .await
            .0,
        StatusCode::OK
    );
    let again = json!({"command": {"command": "assign_azure_credit", "credit_id": 1102, "user_id": 107}, "version": 1});
    let before = app.snapshot().await;
    let (status, body) = app.command(&ada, again).await;
    assert_eq!(
        (status, body["code"].as_str().unwrap()),
        (StatusCode::CONFLICT, "stale")
    );
    assert_eq!(body["details"]["current"]["holder"]["user"], 105);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn sixty_four_concurrent_assignments_never_oversubscribe() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    // Three free subscriptions (1303–1305), 64 requests for them, every one at version 1.
    let requests = (0..64i64).map(|n| {
        let client = ada.clone();
        let url = format!("{}/commands", app.base);
        let body = json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303 + n % 3, "user_id": 101 + n % 8}, "version": 1});
        tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status() })
    });
    let mut statuses = Vec::new();
    for request in requests.collect::<Vec<_>>() {
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
    let held: i64 = app.scalar("SELECT count(*) FROM benefits WHERE kind = 'visual_studio_subscription' AND company_id = 1 AND holder_id IS NOT NULL", vec![]).await;
    assert_eq!(held, 2 + 3);
}

#[tokio::test]
async fn a_user_of_one_company_finds_nothing_of_another() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let before = app.snapshot().await;
    // Contoso (company 2, Action Pack) IDs: users 201–208, benefits 2001….
    let theirs = [
        json!({"command": {"command": "reveal_software_keys", "benefit_id": 2001}}),
        json!({"command": {"command": "assign_azure_credit", "credit_id": 2101, "user_id": 105}, "version": 1}),
        json!({"command": {"command": "remove_azure_credit", "credit_id": 2101}, "version": 1}),
        json!({"command": {"command": "transfer_azure_credit", "credit_id": 2101, "user_id": 105}, "version": 1}),
        json!({"command": {"command": "redeem_product_key", "subscription_id": 2201, "key_id": 2211, "mode": "add_seats", "confirmed": true}, "version": 1}),
        json!({"command": {"command": "request_replacement_key", "subscription_id": 2201, "key_id": 2211}, "version": 1}),
        json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 2303, "user_id": 105}, "version": 1}),
        json!({"command": {"command": "reassign_visual_studio_subscriber", "subscription_id": 2301, "user_id": 105}, "version": 1}),
        json!({"command": {"command": "activate_product_support", "support_id": 2401, "contact": null}, "version": 1}),
        json!({"command": {"command": "activate_go_to_market_offer", "offer_id": 2501}, "version": 1}),
        json!({"command": {"command": "set_roles", "user_id": 201, "roles": []}}),
        json!({"command": {"command": "request_cancellation", "offer": "action_pack"}}),
    ];
    for body in theirs {
        let (status, answer) = app.command(&ada, body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body} → {answer}");
    }
    for path in [
        "/visual-studio/subscriptions/2303/assign",
        "/visual-studio/subscriptions/2301/reassign",
    ] {
        let response = ada
            .post(format!("{}{path}", app.base))
            .json(&json!({"user_id": 105, "version": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(app.snapshot().await, before);
    let ws = app.workspace(&ada).await.to_string();
    for foreign in ["contoso", "northwind", "\"id\":2001", "\"id\":3001"] {
        assert!(
            !ws.contains(foreign),
            "{foreign} leaked into Fabrikam's workspace"
        );
    }
    let users = ada
        .get(format!("{}/users", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!users.contains("contoso") && !users.contains("northwind"));
}

#[tokio::test]
async fn sign_in_is_throttled_after_five_failures_for_an_account() {
    let app = TestApp::spawn().await;
    let client = TestApp::client();
    let attempt = |password: &'static str| {
        let client = client.clone();
        let url = format!("{}/session", app.base);
        async move {
            client
                .post(url)
                .json(&json!({"email": "uma@fabrikam.example", "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = attempt(benefits_server::seed::DEMO_PASSWORD).await;
    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    // Other accounts are not affected.
    app.signed_in("ada@fabrikam.example").await;
}

#[tokio::test]
async fn bad_input_gets_a_clear_status_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let before = app.snapshot().await;
    let users_before: i64 = app.scalar("SELECT count(*) FROM users", vec![]).await;
    let long = "x".repeat(100_000);
    let corpus: Vec<(String, StatusCode)> = vec![
        ("{".into(), StatusCode::BAD_REQUEST),
        ("null".into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "launch_rockets"}}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "assign_azure_credit", "credit_id": "1102; DROP TABLE benefits", "user_id": 105}, "version": 1}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "add_user", "user": {"display_name": "<script>alert(1)</script>", "email": "not-an-address", "roles": []}}}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "add_user", "user": {"display_name": "Zoë 👩‍💻", "email": "zoë@例え.jp", "roles": ["owner"]}}}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "set_marketing_contact", "contact": {"user": 105, "email": "m@fabrikam.example", "phone": "020 123", "preferred_language": "nl"}}}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "set_marketing_contact", "contact": {"user": 105, "email": "m@fabrikam.example", "phone": "+31 20 1234567", "preferred_language": "klingon"}}}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (r#"{"command": {"command": "remove_azure_credit", "credit_id": 1101}, "version": 1, "extra": true}"#.into(), StatusCode::UNPROCESSABLE_ENTITY),
        (format!(r#"{{"command": {{"command": "submit_advisory_request", "request": {{"title": "{long}"}}}}}}"#), StatusCode::PAYLOAD_TOO_LARGE),
        (r#"{"command": {"command": "remove_azure_credit", "credit_id": 99999999}, "version": 1}"#.into(), StatusCode::NOT_FOUND),
        (r#"{"command": {"command": "remove_azure_credit", "credit_id": -1}, "version": 1}"#.into(), StatusCode::NOT_FOUND),
    ];
    for (body, expected) in corpus {
        let response = ada
            .post(format!("{}/commands", app.base))
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let shown: String = body.chars().take(80).collect();
        assert_eq!(status, expected, "{shown} → {answer}");
        assert!(
            answer["code"].is_string() && answer["message"].is_string(),
            "{shown} → {answer}"
        );
    }
    let not_json = ada
        .post(format!("{}/commands", app.base))
        .body("command=x")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.snapshot().await, before);
    let users_after: i64 = app.scalar("SELECT count(*) FROM users", vec![]).await;
    assert_eq!(users_after, users_before);
    assert_eq!(app.audit_count().await, 0);
}

#[tokio::test]
async fn role_1_role_4_every_user_reads_every_page_of_their_company() {
    let app = TestApp::spawn().await;
    for (email, role) in ROLE_USERS
        .iter()
        .copied()
        .chain([("gus@contractor.fabrikam.example", "guest")])
    {
        let client = app.signed_in(email).await;
        for path in [
            "/me",
            "/users",
            "/workspace",
            "/audit",
            "/visual-studio/subscriptions",
        ] {
            let response = client.get(format!("{}{path}", app.base)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path} as {role}");
        }
        let ws = app.workspace(&client).await;
        assert_eq!(
            ws["counters"]["visual_studio"],
            json!({"allocated": 5, "assigned": 2, "available": 3})
        );
        assert_eq!(
            ws["counters"]["azure_credits"],
            json!({"allocated": 4, "assigned": 1, "available": 3})
        );
        assert_eq!(ws["counters"]["licence_seats"]["allocated"], 150);
    }
}

#[tokio::test]
async fn row_3_an_expired_benefit_is_read_only_over_http() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    app.edit_workspace(1, |ws| {
        let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive();
        ws.visual_studio.iter_mut().for_each(|s| s.expires_on = yesterday);
    })
    .await;
    let body = json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}, "version": 1});
    refused(&app, &ada, body, StatusCode::UNPROCESSABLE_ENTITY, "ROW-3").await;
}

#[tokio::test]
async fn az_2_credit_goes_to_users_of_the_directory_guests_included() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    let assign = |user: i64| json!({"command": {"command": "assign_azure_credit", "credit_id": 1102, "user_id": user}, "version": 1});
    refused(&app, &ada, assign(999), StatusCode::UNPROCESSABLE_ENTITY, "AZ-2").await;
    let (status, body) = app.command(&ada, assign(108)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the guest Gus takes credit (ROLE-8): {body}"
    );
}

#[tokio::test]
async fn a_received_command_completes_even_when_the_client_goes_away() {
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    // Another writer holds the company's writes up, so the command has to wait inside the
    // server…
    let blocker = app.hold_writes().await;
    // …while its client gives up and closes the connection (as a page reload does).
    let gave_up = ada
        .post(format!("{}/commands", app.base))
        .json(&json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": 1303, "user_id": 105}, "version": 1}))
        .timeout(std::time::Duration::from_millis(300))
        .send()
        .await;
    assert!(gave_up.is_err(), "the client timed out while the server waited");
    blocker.release().await;
    // The server still finishes it.
    let mut version = 1;
    for _ in 0..50 {
        version = app.version(1303).await;
        if version == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(version, 2, "the assignment was written after the client left");
}

#[tokio::test]
async fn commands_written_together_do_not_fail_together() {
    if common::on_postgres() {
        // Group commit is SQLite's command writer; on PostgreSQL every command is a
        // transaction of its own (the trigger below is SQLite's SQL too).
        return;
    }
    let app = TestApp::spawn().await;
    let ada = admin(&app).await;
    // The database refuses any change to subscription 1304 (a stand-in for a broken write).
    app.exec(
        "CREATE TRIGGER broken_1304 BEFORE UPDATE ON benefits WHEN NEW.id = 1304 \
         BEGIN SELECT RAISE(ABORT, 'broken'); END",
        vec![],
    )
    .await;
    let assign = |subscription_id: i64, user_id: i64| {
        let (client, url) = (ada.clone(), format!("{}/commands", app.base));
        let body = json!({"command": {"command": "assign_visual_studio_subscriber", "subscription_id": subscription_id, "user_id": user_id}, "version": 1});
        tokio::spawn(async move { client.post(url).json(&body).send().await.unwrap().status() })
    };
    // While another writer holds SQLite's lock, the writer waits with its first command and
    // the next three queue up behind it: they are written together.
    let blocker = app.hold_writes().await;
    let first = assign(1303, 105);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let group = [assign(1304, 106), assign(1305, 107), assign(1301, 108)];
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    blocker.release().await;
    assert_eq!(first.await.unwrap(), StatusCode::OK);
    let mut statuses = Vec::new();
    for request in group {
        statuses.push(request.await.unwrap());
    }
    // The broken one fails alone; the free one is stored; the held one (1301) is refused
    // by its rule, as it would be alone.
    assert_eq!(
        statuses,
        [
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::OK,
            StatusCode::UNPROCESSABLE_ENTITY
        ]
    );
    assert_eq!(app.version(1303).await, 2);
    assert_eq!(app.version(1304).await, 1);
    assert_eq!(app.version(1305).await, 2);
}

#[tokio::test]
async fn the_database_never_stores_a_benefit_over_a_newer_version() {
    // The versions are checked under the company's lock before a write; the SQL checks them
    // again: a write carrying an older version than the stored one changes nothing.
    let app = TestApp::spawn().await;
    app.edit_workspace(1, |ws| {
        let sub = ws.visual_studio.iter_mut().find(|s| s.id == 1303).unwrap();
        sub.version = 3;
    })
    .await;
    let stored = app.snapshot().await;
    let outcome: Result<(), sqlx::Error> = async {
        benefits_server::in_write!(&app.store, |tx| {
            let before = benefits_server::store::load_workspace(tx, 1).await?;
            let mut after = before.clone();
            let sub = after.visual_studio.iter_mut().find(|s| s.id == 1303).unwrap();
            sub.version = 2;
            sub.expires_on = sub.expires_on.succ_opt().unwrap();
            benefits_server::store::save_changes(tx, &before, &after, "!").await
        })
    }
    .await;
    assert_eq!(
        app.snapshot().await,
        stored,
        "nothing of the older version was stored"
    );
    // PostgreSQL also fails the write (SQLite's batch can't tell which statement changed nothing).
    assert_eq!(outcome.is_err(), common::on_postgres(), "{outcome:?}");
}
